#include "CaptureHost.h"

CaptureHost::CaptureHost(TaskStore &store, QObject *parent)
    : QObject(parent)
    , m_recorder(m_service, store, QString())
{}

Result<quint16, QString> CaptureHost::parsePort(const QString &text)
{
    bool ok = false;
    const uint port = text.trimmed().toUInt(&ok);
    if (!ok || port < 1024 || port > 65535)
        return tr("--capture needs a port number from 1024 to 65535, not \"%1\".").arg(text);
    return quint16(port);
}

void CaptureHost::apply(const Wanted &wanted)
{
    CaptureConfig config;
    config.port = wanted.port;
    config.upstreamRoot = wanted.upstreamRoot;
    config.allowedOrigins = wanted.allowedOrigins;
    m_recorder.setProvider(wanted.provider);
    if (!wanted.enabled || !wanted.upstreamRoot.isValid()) {
        m_service.stop();
        m_problem.clear();
        m_config = config;
        updateState(wanted);
        return;
    }
    const bool unchanged = m_service.isListening() && config.port == m_config.port
        && config.upstreamRoot == m_config.upstreamRoot && config.allowedOrigins == m_config.allowedOrigins;
    if (unchanged && wanted.forThisRun == m_state.forThisRun)
        return;
    if (!unchanged) {
        const auto started = m_service.start(config);
        m_config = config;
        m_problem = started ? QString() : started.error();
    }
    updateState(wanted);
}

void CaptureHost::updateState(const Wanted &wanted)
{
    CaptureState state;
    state.enabled = wanted.enabled;
    state.listening = m_service.isListening();
    state.forThisRun = wanted.forThisRun;
    state.port = state.listening ? m_service.port() : m_config.port;
    state.problem = m_problem;
    if (m_config.upstreamRoot.isValid())
        state.upstream = m_config.upstreamRoot.toDisplayString();
    m_state = state;
    Q_EMIT stateChanged(state);
}
