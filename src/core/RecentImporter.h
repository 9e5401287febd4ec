#pragma once

#include "ApiError.h"
#include "PredictionClient.h"

#include <QObject>

class TaskStore;

/// Imports the provider's recent predictions as tasks: follows `next` pages of the list endpoint until
/// the limit, adds the ids to the store and records each prediction as listed (so the table fills at
/// once, without a fetch per task). Providers without the list endpoint end in NotSupported.
class RecentImporter final : public QObject
{
    Q_OBJECT

public:
    RecentImporter(PredictionClient &client, TaskStore &store, QObject *parent = nullptr);

    void start(int limit);
    void cancel();
    bool isRunning() const { return m_requestId != 0; }

Q_SIGNALS:
    void progress(int imported);
    /// @p added counts tasks that were new; @p seen every prediction listed.
    void finished(int added, int seen);
    void failed(const ApiError &error);

private:
    void onPage(PredictionClient::RequestId requestId, const PredictionPage &page);
    void onFailed(PredictionClient::RequestId requestId, const QString &predictionId, const ApiError &error);

    PredictionClient &m_client;
    TaskStore &m_store;
    PredictionClient::RequestId m_requestId = 0;
    int m_limit = 0;
    int m_seen = 0;
    int m_added = 0;
};
