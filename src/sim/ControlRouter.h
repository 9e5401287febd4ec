#pragma once

#include "FaultRules.h"
#include "HttpResponse.h"
#include "RequestLog.h"
#include "SimRequest.h"
#include "SimStore.h"

/// The `/_sim/...` routes tests use to script the simulator: create predictions, read the request log,
/// set fault rules, reset. Never logged, never faulted, no token.
class ControlRouter final
{
public:
    ControlRouter(SimStore &store, FaultRules &faults, RequestLog &log);

    static bool isControlPath(const QString &path);
    HttpResponse handle(const SimRequest &request, qint64 nowNs);

private:
    SimStore &m_store;
    FaultRules &m_faults;
    RequestLog &m_log;
};
