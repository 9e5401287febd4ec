#pragma once

#include "ApiError.h"
#include "Prediction.h"
#include "PredictionStatus.h"

#include <QByteArray>
#include <QDateTime>
#include <QHashFunctions>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <chrono>
#include <memory>
#include <optional>

class TaskRowJson;

/// Identifies a tracked task: the same prediction id under two providers is two tasks.
struct TaskKey final
{
    QString provider; ///< ApiEndpoint::providerKey(): "quickrouter", "replicate", …
    QString id;       ///< The prediction id.

    friend bool operator==(const TaskKey &a, const TaskKey &b) { return a.id == b.id && a.provider == b.provider; }
    friend bool operator!=(const TaskKey &a, const TaskKey &b) { return !(a == b); }
    friend size_t qHash(const TaskKey &key, size_t seed = 0) noexcept { return qHashMulti(seed, key.provider, key.id); }
};

/// One tracked prediction as the store keeps it: the last answer's raw JSON, the columns derived from it
/// (read without parsing the JSON again), and what the application itself knows (when it was added and
/// checked, the last error, files saved from it).
///
/// The raw JSON is in memory for answers received in this session and for tasks loaded unfinished; for
/// those loaded finished it stays in the database and rawJson() reads it from there.
struct Task final
{
    TaskKey key;

    // Derived from the raw JSON when it is stored.
    PredictionStatus status = PredictionStatus::Unknown;
    QString statusText; ///< Verbatim from the server; "" until the first answer.
    QString model;
    QString prompt;
    QDateTime createdAt; ///< UTC; invalid when unknown.
    QDateTime startedAt;
    QDateTime completedAt;
    std::optional<double> predictTime; ///< seconds
    std::optional<int> imageCount;
    bool dataRemoved = false;
    /// urls.web as text (fully encoded); "" when none. Kept as text, like the outputs' URLs: most tasks'
    /// are never opened, and a large store loads faster without a URL parsed for each. webUrl() parses it.
    QString webUrlText;
    /// The outputs' URLs as text (fully encoded), in order; outputUrls() parses them.
    QStringList outputUrlTexts;

    // Kept by the application.
    QDateTime addedAt;       ///< UTC
    QDateTime lastCheckedAt; ///< UTC; when the server last answered with the prediction.
    QString lastError;       ///< "" when the last request succeeded.
    std::optional<ApiError::Kind> lastErrorKind;
    QStringList localFiles; ///< Absolute paths of outputs saved to disk.

    // Set when an answer for it passed through the capture endpoint: the caller's code made or polled it.
    bool captured = false;
    QString callerUserAgent; ///< The User-Agent of the first capture's caller ("" when it sent none).
    QDateTime capturedAt;    ///< UTC; when it was first captured; invalid when never.

    /// The id of the task (same provider) it was made from by Run Again or Remix; "" for the others.
    QString remixOf;
    /// The user starred it (a favourite): its outputs are saved even with automatic saving off.
    bool starred = false;

    /// Stores @p prediction as the last answer and derives the columns from it.
    void apply(const Prediction &prediction);
    /// Marks the task as captured from a caller sending @p userAgent at @p at, unless it already is (the
    /// first capture is the one kept).
    void markCaptured(const QString &userAgent, const QDateTime &at);
    /// The last prediction object as the server sent it (compact); empty until the first answer. Reads the
    /// database when the JSON was left there (setRawJsonSource()); safe from any thread.
    QByteArray rawJson() const;
    /// Keeps @p json in memory as the last answer.
    void setRawJson(const QByteArray &json);
    /// Leaves the last answer in the database, read by @p source when asked for; @p fetched says whether the
    /// server has answered yet (the row holds a JSON object).
    void setRawJsonSource(std::shared_ptr<const TaskRowJson> source, bool fetched);
    /// Whether rawJson() is in memory (otherwise it costs a read of the database).
    bool hasRawJsonInMemory() const { return !m_jsonSource; }
    /// Whether the server has answered with a prediction yet.
    bool hasPrediction() const { return m_fetched; }
    /// Parses rawJson(). A task never fetched (or whose JSON no longer parses) gives a prediction carrying only
    /// the id, so callers can always ask it for fields.
    Prediction prediction() const;
    /// Parses @p json, this task's rawJson() already read, as prediction() does.
    Prediction predictionFrom(const QByteArray &json) const;
    /// urls.web; invalid when there is none.
    QUrl webUrl() const;
    /// The outputs' URLs, in order.
    QList<QUrl> outputUrls() const;
    /// Output @p index's URL; invalid when there is no such output.
    QUrl outputUrl(qsizetype index) const;
    /// completedAt − startedAt in seconds, when both are known.
    std::optional<double> runTime() const;

    /// The prediction's page on the provider's website: urls.web when it is an http(s) address, else
    /// Replicate's page for the id (providers that relay Replicate send none).
    QUrl webPageUrl() const;
    /// Outputs the server still holds and nobody has saved: they go when the server deletes them.
    bool hasUnsavedOutputs() const;
    /// Whether its outputs are to be saved now: a success with outputs nobody saved yet, and automatic
    /// saving on (@p autoSave) or the task starred.
    bool wantsSaving(bool autoSave) const;
    /// When the server deletes a succeeded task's outputs: completion + @p retention. Invalid when that does
    /// not apply (not succeeded, no completion time).
    QDateTime outputsExpireAt(std::chrono::seconds retention) const;
    /// outputsExpireAt() while hasUnsavedOutputs(); invalid otherwise (nothing would be lost).
    QDateTime unsavedOutputsExpireAt(std::chrono::seconds retention) const;

private:
    QByteArray m_rawJson;                            ///< When in memory.
    std::shared_ptr<const TaskRowJson> m_jsonSource; ///< When left in the database.
    bool m_fetched = false;
};

Q_DECLARE_METATYPE(TaskKey)
Q_DECLARE_METATYPE(Task)
