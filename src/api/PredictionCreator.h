#pragma once

#include "ApiError.h"
#include "Prediction.h"
#include "PredictionClient.h"

#include <QDateTime>
#include <QJsonObject>
#include <QObject>
#include <QString>

class RetryPolicy;
class RetryingFetcher;

/// Creates one prediction (replimon-cli's `run` and `rerun`, the app's Run Again and Remix), and never
/// creates twice on its own.
///
/// Only a rate limit is retried (the server refused before creating anything). A create whose answer is
/// lost (a timeout, a dropped connection, a server error, an answer that does not read as a prediction)
/// may still have created the prediction: the newest predictions are listed and one with the same model,
/// made since the request was sent, carrying every input sent, is taken as the one created. When none is
/// found (or the provider offers no list), the failure says that it may have been created and that it was
/// not sent again.
class PredictionCreator final : public QObject
{
    Q_OBJECT

public:
    PredictionCreator(PredictionClient &client, const RetryPolicy &policy, QObject *parent = nullptr);
    ~PredictionCreator() override;

    /// @p model: `owner/name`, or `owner/name:version` to pin a version.
    void run(const QString &model, const QJsonObject &input);
    /// Runs @p sourceId's model (pinned to its version when it names a real one) with its inputs, @p overrides
    /// replacing or adding keys.
    void rerun(const QString &sourceId, const QJsonObject &overrides);

    /// Runs @p source's model (pinned to its version when it names a real one) with its inputs,
    /// @p overrides replacing or adding keys; fails at once when the source names neither.
    void runAgain(const Prediction &source, const QJsonObject &overrides);
    /// Runs @p source's model (pinned as above) with exactly @p input (a remix: keys left out stay out).
    void runWithInputs(const Prediction &source, const QJsonObject &input);

    /// Whether @p version names a real version (64 hex digits), not "hidden" or nothing.
    static bool isPinnableVersion(const QString &version);

Q_SIGNALS:
    /// @p recovered: the create's answer was lost and the prediction was found in the list.
    void created(const Prediction &prediction, bool recovered);
    /// @p maybeCreated: the request may have created a prediction that could not be found.
    void failed(const ApiError &error, bool maybeCreated);
    /// Progress worth a line on stderr (retries, the search for a lost answer).
    void notice(const QString &text);

private:
    void create();
    void onSourceFetched(const QString &id, const Prediction &source);
    void onPredictionReceived(PredictionClient::RequestId requestId, const Prediction &prediction);
    void onPageReceived(PredictionClient::RequestId requestId, const PredictionPage &page);
    void onRequestFailed(PredictionClient::RequestId requestId, const QString &predictionId, const ApiError &error);
    /// Whether @p prediction can be the one this create made.
    bool isOurs(const Prediction &prediction) const;

    PredictionClient &m_client;
    const RetryPolicy &m_policy;
    RetryingFetcher *m_sourceFetcher;
    QString m_model;   ///< owner/name
    QString m_version; ///< Pinned version, or empty.
    QJsonObject m_input;
    QDateTime m_sentAt;
    PredictionClient::RequestId m_createRequest = 0;
    PredictionClient::RequestId m_listRequest = 0;
    int m_rateLimited = 0;
    ApiError m_lostAnswer; ///< Why the create's answer is unknown, while the list is searched.
};
