#pragma once

#include <QDeadlineTimer>
#include <QObject>
#include <QTimer>
#include <QUrl>

#include <memory>
#include <vector>

class UpstreamConnection;

/// Idle keep-alive connections to the upstream, so that a caller's next call does not pay for a new TCP
/// connection and TLS handshake. An idle connection is kept for a few seconds only: well under the idle
/// timeouts servers use, so that one being closed by the upstream just as it is reused stays unlikely (and
/// a body-less request that meets one is retried on a fresh connection).
class UpstreamPool final : public QObject
{
    Q_OBJECT

public:
    UpstreamPool(const QUrl &root, int timeoutMs, QObject *parent = nullptr);
    ~UpstreamPool() override;

    /// An idle open connection (@p reused set) or a new one, not yet opened.
    std::unique_ptr<UpstreamConnection> acquire(bool *reused);
    /// A new connection, not yet opened.
    std::unique_ptr<UpstreamConnection> create() const;
    /// Takes back a connection whose answer is complete; kept if it can carry another request.
    void release(std::unique_ptr<UpstreamConnection> connection);
    int idleCount() const { return int(m_idle.size()); }

private:
    void sweep();

    struct Idle
    {
        std::unique_ptr<UpstreamConnection> connection;
        QDeadlineTimer expiry;
    };
    QUrl m_root;
    int m_timeoutMs;
    std::vector<Idle> m_idle;
    QTimer m_sweep;
};
