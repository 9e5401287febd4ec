#pragma once

#include "CliOptions.h"
#include "ExitCode.h"
#include "Prediction.h"
#include "PredictionClient.h"

#include <QHash>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

class FileDownloader;
class PredictionDownload;
class ProgressDisplay;
class QIODevice;
class PredictionWatcher;
class QTimer;
class RetryPolicy;
class RetryingFetcher;

/// Runs one replimon-cli command (get, wait, download, list, run, rerun) over injected api/ objects.
///
/// Results go to @p out (summaries, JSON lines, saved paths); errors, notices and progress to @p err.
/// The command ends in finished() with the exit code; nothing is read from the environment here.
class CliApp final : public QObject
{
    Q_OBJECT

public:
    struct Console
    {
        QIODevice *out = nullptr;
        QIODevice *err = nullptr;
        bool errIsTerminal = false;
        std::function<int()> columns; ///< The terminal's width, for progress lines.
    };

    CliApp(const CliOptions &options, PredictionClient &client, FileDownloader &downloader, const RetryPolicy &policy,
           const Console &console, QObject *parent = nullptr);
    ~CliApp() override;

    /// wait: how many prediction streams may be open at once (default 256; each holds a file descriptor).
    void setMaxStreams(int count) { m_maxStreams = count; }

    /// Starts the command; finished() follows from the event loop.
    void start();
    ExitCode exitCode() const { return m_exitCode; }

Q_SIGNALS:
    void finished(int exitCode);

private:
    struct Entry
    {
        std::optional<Prediction> prediction;
        std::optional<ApiError> error;
        int attempts = 0;
        bool done = false;   ///< No more fetching.
        bool saving = false; ///< Outputs being saved.
        bool saveFailed = false;
        QStringList saved;
    };

    /// get, download, wait: fetches every id.
    void startFetching();
    /// run, rerun: creates the prediction, then shows it or waits for it.
    void startCreating();
    void onCreated(const Prediction &prediction, bool recovered);
    void onCreateFailed(const ApiError &error, bool maybeCreated);
    void onFetched(const QString &id, const Prediction &prediction);
    void onFetchFailed(const QString &id, const ApiError &error, int attempts);
    void onFetchRetrying(const QString &id, const ApiError &error, std::chrono::milliseconds delay);
    void onSaved(const QString &id, const QStringList &paths, const QList<ApiError> &errors);
    void onTimeout();

    void handleDownloadable(const QString &id, const Prediction &prediction);
    void requestPage(const QString &cursor);
    void onPageReceived(PredictionClient::RequestId requestId, const PredictionPage &page);
    void onListFailed(PredictionClient::RequestId requestId, const QString &predictionId, const ApiError &error);

    void checkFinished();
    void printResults();
    void finish();
    void raise(ExitCode code) { m_exitCode = ExitCodes::worst(m_exitCode, code); }
    QString errorText(const ApiError &error, int attempts) const;
    void writeOut(const QString &text);
    void writeOut(const QByteArray &bytes);
    /// A line on stderr; above the progress lines while `wait` shows them.
    void writeErr(const QString &text);

    CliOptions m_options;
    PredictionClient &m_client;
    const RetryPolicy &m_policy;
    Console m_console;
    RetryingFetcher *m_fetcher = nullptr;
    PredictionWatcher *m_watcher = nullptr; ///< wait: when to fetch each prediction again.
    int m_maxStreams = 256;
    PredictionDownload *m_saver = nullptr;
    std::unique_ptr<ProgressDisplay> m_progress;
    QTimer *m_deadline = nullptr;
    QHash<QString, Entry> m_entries;
    ExitCode m_exitCode = ExitCode::Ok;
    bool m_stopped = false;
    bool m_finished = false;

    // list
    PredictionClient::RequestId m_listRequest = 0;
    QString m_listCursor;
    int m_listFailures = 0;
    int m_listed = 0;
};
