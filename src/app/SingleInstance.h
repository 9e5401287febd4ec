#pragma once

#include <QLocalServer>
#include <QObject>
#include <QString>
#include <QStringList>

#include <chrono>
#include <optional>

/// One running app per user, and one per demo: a second start hands its command-line ids (and a capture
/// request, `--capture PORT`) to the running instance over a local socket and exits. The socket is private to the user: it lives in
/// $XDG_RUNTIME_DIR when there is one, else in the temporary directory under a name that holds the user id.
class SingleInstance final : public QObject
{
    Q_OBJECT

public:
    enum class Role {
        Primary,    ///< this process is now the running instance: it listens for others
        HandedOver, ///< a running instance took the ids: this process should exit
        NoAnswer,   ///< an instance is running but did not take the ids in time
    };

    /// What a start hands to the running instance.
    struct Request
    {
        QStringList ids;                    ///< possibly none: the running window then only comes to the front
        std::optional<quint16> capturePort; ///< `--capture PORT`: the endpoint should listen on this port
    };

    /// @p serverName: a socket path or a name; see defaultServerName().
    explicit SingleInstance(QString serverName, QObject *parent = nullptr);
    ~SingleInstance() override;

    /// "replimon-<uid>" (or "replimon-demo-<uid>"), inside $XDG_RUNTIME_DIR when that is set.
    static QString defaultServerName(bool demo);

    /// Hands @p ids (possibly none: the running window then comes to the front) to the running instance, or
    /// becomes the running instance. Two processes starting at once are serialised by a lock file, and a
    /// socket left behind by a killed instance is replaced.
    Role claim(const QStringList &ids, std::chrono::milliseconds timeout = std::chrono::seconds(10));
    /// claim() with a whole request (main() passes `--capture PORT` this way). A request that carries only ids is sent exactly as older versions
    /// send it; a capture request is an addition older versions refuse (the start then gets NoAnswer).
    Role claimWith(const Request &request, std::chrono::milliseconds timeout = std::chrono::seconds(10));

    QString serverName() const { return m_serverName; }
    bool isListening() const { return m_server.isListening(); }
    /// Why the last claim() could not listen (the app then runs on its own, without the socket).
    QString errorString() const { return m_error; }

Q_SIGNALS:
    /// Another start of the app sent these ids (maybe none).
    void idsReceived(const QStringList &ids);
    /// Another start asked for the capture endpoint on @p port (after idsReceived() for the same start).
    void captureRequested(quint16 port);

private:
    enum class Delivery {
        Delivered,
        NotRunning,
        NoAnswer
    };
    Delivery deliver(const Request &request, std::chrono::milliseconds timeout) const;
    bool listen();
    void onNewConnection();

    QString m_serverName;
    QLocalServer m_server;
    QString m_error;
};
