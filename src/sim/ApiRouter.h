#pragma once

#include "HttpResponse.h"
#include "PredictionRenderer.h"
#include "SimConfig.h"
#include "SimRequest.h"
#include "SimStore.h"

/// The Replicate API routes under `/v1` and `/replicate/v1`: get, list, cancel, create. Pure request →
/// answer; SimServer does the timing (faults, `Prefer: wait`).
class ApiRouter final
{
public:
    struct Answer
    {
        HttpResponse response;
        /// Set for a create with `Prefer: wait`: render `holdId` again after `holdMs` and send that instead.
        QString holdId;
        qint64 holdMs = 0;
    };

    ApiRouter(const SimConfig &config, SimStore &store, const PredictionRenderer &renderer);

    /// The API prefix of `path` (`/v1` or `/replicate/v1`), or an empty string if it has none.
    static QString prefixOf(const QString &path);
    /// The prediction id an API path is about, or an empty string.
    static QString predictionIdOf(const QString &pathWithoutPrefix);

    Answer handle(const SimRequest &request, qint64 nowNs);
    /// The created prediction as it is now, for the end of a `Prefer: wait`.
    HttpResponse renderHeld(const SimRequest &request, const QString &id, qint64 nowNs) const;

private:
    bool authorized(const SimRequest &request) const;
    PredictionRenderer::Urls urlsFor(const SimRequest &request) const;
    HttpResponse get(const SimRequest &request, const QString &id, qint64 nowNs) const;
    HttpResponse list(const SimRequest &request, qint64 nowNs) const;
    HttpResponse cancel(const SimRequest &request, const QString &id, qint64 nowNs);
    Answer create(const SimRequest &request, QString model, QString version, bool versionRoute, qint64 nowNs);

    const SimConfig &m_config;
    SimStore &m_store;
    const PredictionRenderer &m_renderer;
};
