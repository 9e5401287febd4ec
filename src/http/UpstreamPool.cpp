#include "UpstreamPool.h"

#include <algorithm>

#include "UpstreamConnection.h"

namespace {

constexpr int idleMs = 4000;
// As many as a busy script's concurrent calls (50 in the benchmark): past this, each call beyond it would
// pay for a new connection (and TLS handshake) again.
constexpr std::size_t maxIdle = 64;

} // namespace

UpstreamPool::UpstreamPool(const QUrl &root, int timeoutMs, QObject *parent)
    : QObject(parent)
    , m_root(root)
    , m_timeoutMs(timeoutMs)
{
    m_sweep.setInterval(idleMs / 4);
    connect(&m_sweep, &QTimer::timeout, this, &UpstreamPool::sweep);
}

UpstreamPool::~UpstreamPool() = default;

std::unique_ptr<UpstreamConnection> UpstreamPool::create() const
{
    return std::make_unique<UpstreamConnection>(m_root, m_timeoutMs);
}

std::unique_ptr<UpstreamConnection> UpstreamPool::acquire(bool *reused)
{
    sweep();
    *reused = !m_idle.empty();
    if (m_idle.empty())
        return create();
    // The most recently used first: the least likely to have been closed by the upstream.
    std::unique_ptr<UpstreamConnection> connection = std::move(m_idle.back().connection);
    m_idle.pop_back();
    return connection;
}

void UpstreamPool::release(std::unique_ptr<UpstreamConnection> connection)
{
    if (!connection->isIdleAndOpen() || m_idle.size() >= maxIdle) {
        // It may be inside one of its own signals: deleted once that has returned.
        connection.release()->deleteLater();
        return;
    }
    connection->disconnect();
    m_idle.push_back({std::move(connection), QDeadlineTimer(idleMs)});
    if (!m_sweep.isActive())
        m_sweep.start();
}

void UpstreamPool::sweep()
{
    const auto dead = std::remove_if(m_idle.begin(), m_idle.end(), [](const Idle &idle) {
        return idle.expiry.hasExpired() || !idle.connection->isIdleAndOpen();
    });
    for (auto it = dead; it != m_idle.end(); ++it)
        it->connection.release()->deleteLater();
    m_idle.erase(dead, m_idle.end());
    if (m_idle.empty())
        m_sweep.stop();
}
