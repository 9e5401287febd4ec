#pragma once

#include <QLocalServer>
#include <QObject>
#include <QString>
#include <QStringList>

#include <chrono>

/// One running app per user, and one per demo: a second start hands its command-line ids to the running
/// instance over a local socket and exits. The socket is private to the user: it lives in
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

    /// @p serverName: a socket path or a name; see defaultServerName().
    explicit SingleInstance(QString serverName, QObject *parent = nullptr);
    ~SingleInstance() override;

    /// "replimon-<uid>" (or "replimon-demo-<uid>"), inside $XDG_RUNTIME_DIR when that is set.
    static QString defaultServerName(bool demo);

    /// Hands @p ids (possibly none: the running window then comes to the front) to the running instance, or
    /// becomes the running instance. Two processes starting at once are serialised by a lock file, and a
    /// socket left behind by a killed instance is replaced.
    Role claim(const QStringList &ids, std::chrono::milliseconds timeout = std::chrono::seconds(10));

    QString serverName() const { return m_serverName; }
    bool isListening() const { return m_server.isListening(); }
    /// Why the last claim() could not listen (the app then runs on its own, without the socket).
    QString errorString() const { return m_error; }

Q_SIGNALS:
    /// Another start of the app sent these ids (maybe none).
    void idsReceived(const QStringList &ids);

private:
    enum class Delivery {
        Delivered,
        NotRunning,
        NoAnswer
    };
    Delivery deliver(const QStringList &ids, std::chrono::milliseconds timeout) const;
    bool listen();
    void onNewConnection();

    QString m_serverName;
    QLocalServer m_server;
    QString m_error;
};
