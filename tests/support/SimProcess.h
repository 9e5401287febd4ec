#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QStringList>
#include <QUrl>

#include <memory>

class QNetworkAccessManager;

/// Runs replimon-sim as a child process for a test and scripts it through its `/_sim` control routes.
/// The helpers are synchronous (they spin a local event loop with their own QNetworkAccessManager) and
/// give up after 10 s. The destructor stops the process: SIGTERM, then SIGKILL after 3 s.
class SimProcess final
{
public:
    /// Which Bearer token the simulator is started with when the arguments name none.
    enum class Token {
        Test,       ///< testKey(): one distinctive string, so the key-hygiene check can look for it.
        SimDefault, ///< The simulator's own default, `sim-token` (its own tests check that default).
    };

    explicit SimProcess(Token token = Token::Test);
    ~SimProcess();
    SimProcess(const SimProcess &) = delete;
    SimProcess &operator=(const SimProcess &) = delete;

    /// Starts the simulator on free ports (`--port 0 --second-port 0` plus `extraArgs`) and waits up to
    /// 10 s for it to say where it listens.
    bool start(const QStringList &extraArgs = {});
    /// SIGTERM, then SIGKILL after 3 s. Returns whether the process exited cleanly by itself.
    bool stop();
    bool isRunning() const;

    /// `http://127.0.0.1:PORT` + prefix (`/v1` or `/replicate/v1`).
    QUrl apiRoot(const QString &prefix = QStringLiteral("/v1")) const;
    /// `http://127.0.0.1:PORT`: the control routes and the API host.
    QUrl origin() const;
    /// `http://127.0.0.2:PORT2`: the files host and target of redirect faults.
    QUrl secondHost() const;
    quint16 port() const { return m_port; }
    quint16 secondPort() const { return m_secondPort; }
    /// The Bearer token the simulator expects: testKey() (or `sim-token`), or what `--token` said.
    QString token() const { return m_token; }
    /// The API key every test uses. tst_keyhygiene, run after all the others, fails if this string
    /// appears in any test output, log or file the tests left behind.
    static QString testKey();
    /// What the simulator wrote on stderr so far (for failure messages).
    QByteArray standardError() const;

    /// `POST /_sim/predictions`: the ids created, empty on failure.
    QStringList createPredictions(const QJsonObject &spec = {});
    /// `POST /_sim/faults` with `{"rules": rules}`.
    bool setFaults(const QJsonArray &rules);
    bool clearFaults();
    /// `GET /_sim/log?since=…`: the `requests` array (empty on failure).
    QJsonArray requestLog(qint64 sinceSeq = 0);
    bool clearLog();
    /// Forgets every prediction, fault rule and log entry.
    bool reset();

    /// The replimon-sim executable this build made.
    static QString binaryPath();

private:
    struct Reply
    {
        int status = 0;
        QByteArray body;
    };
    Reply call(const QByteArray &method, const QString &path, const QByteArray &body = {});

    std::unique_ptr<QProcess> m_process;
    std::unique_ptr<QNetworkAccessManager> m_nam;
    quint16 m_port = 0;
    quint16 m_secondPort = 0;
    Token m_defaultToken = Token::Test;
    QString m_token;
    QByteArray m_stderr;
};
