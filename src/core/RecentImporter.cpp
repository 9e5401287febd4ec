#include "RecentImporter.h"

#include "TaskStore.h"

RecentImporter::RecentImporter(PredictionClient &client, TaskStore &store, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_store(store)
{
    connect(&m_client, &PredictionClient::pageReceived, this, &RecentImporter::onPage);
    connect(&m_client, &PredictionClient::requestFailed, this, &RecentImporter::onFailed);
}

void RecentImporter::start(int limit)
{
    cancel();
    m_limit = std::max(1, limit);
    m_seen = 0;
    m_added = 0;
    m_requestId = m_client.list();
}

void RecentImporter::cancel()
{
    if (m_requestId == 0)
        return;
    const auto id = std::exchange(m_requestId, 0);
    m_client.abort(id);
}

void RecentImporter::onPage(PredictionClient::RequestId requestId, const PredictionPage &page)
{
    if (requestId != m_requestId)
        return;
    const QString provider = ApiEndpoint::providerKey(m_client.endpoint().provider());
    const QList<Prediction> predictions = page.predictions.mid(0, m_limit - m_seen);
    const auto added = m_store.addPredictions(provider, predictions);
    if (!added) {
        m_requestId = 0;
        Q_EMIT failed(ApiError{ApiError::Kind::FileSystem, 0, added.error().message, {}});
        return;
    }
    m_added += int(added.value().size());
    m_seen += int(predictions.size());
    Q_EMIT progress(m_seen);

    if (m_seen >= m_limit || page.nextCursor.isEmpty()) {
        m_requestId = 0;
        Q_EMIT finished(m_added, m_seen);
        return;
    }
    m_requestId = m_client.list(page.nextCursor);
}

void RecentImporter::onFailed(PredictionClient::RequestId requestId, const QString &, const ApiError &error)
{
    if (requestId != m_requestId)
        return;
    m_requestId = 0;
    if (error.kind == ApiError::Kind::Canceled)
        return;
    Q_EMIT failed(error);
}
