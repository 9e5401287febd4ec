#include "CliApp.h"

#include "DisplayText.h"
#include "FileDownloader.h"
#include "PredictionCreator.h"
#include "PredictionDownload.h"
#include "PredictionText.h"
#include "PredictionWatcher.h"
#include "ProgressDisplay.h"
#include "RetryPolicy.h"
#include "RetryingFetcher.h"

#include <QDir>
#include <QFileDevice>
#include <QIODevice>
#include <QTimer>

using std::chrono::milliseconds;

namespace {

QString lastLogLine(const Prediction &prediction)
{
    const QString logs = prediction.logs().trimmed();
    if (logs.isEmpty())
        return {};
    return DisplayText::oneLine(logs.section(u'\n', -1), 200);
}

} // namespace

CliApp::CliApp(const CliOptions &options, PredictionClient &client, FileDownloader &downloader,
               const RetryPolicy &policy, const Console &console, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_client(client)
    , m_policy(policy)
    , m_console(console)
    , m_fetcher(new RetryingFetcher(client, policy, this))
    , m_saver(new PredictionDownload(downloader, policy, this))
{
    Q_ASSERT(m_console.out && m_console.err);
    connect(m_fetcher, &RetryingFetcher::fetched, this, &CliApp::onFetched);
    connect(m_fetcher, &RetryingFetcher::failed, this, &CliApp::onFetchFailed);
    connect(m_fetcher, &RetryingFetcher::retrying, this, &CliApp::onFetchRetrying);
    connect(m_saver, &PredictionDownload::predictionSaved, this, &CliApp::onSaved);
    m_saver->setProvenance(ApiEndpoint::providerName(m_options.endpoint.provider()), {});
    connect(
        m_saver, &PredictionDownload::provenanceFailed, this,
        [this](const QString &id, const QString &path, const QString &message) {
            writeErr(
                tr("%1: saved %2 without its prediction inside: %3").arg(id, QDir::toNativeSeparators(path), message));
        });
    connect(m_saver, &PredictionDownload::retrying, this,
            [this](const QString &id, const QUrl &url, const ApiError &error, milliseconds delay) {
                Q_UNUSED(url)
                writeErr(tr("%1: download failed. %2 Retrying in %3.")
                             .arg(id, PredictionText::describeError(error, m_options.endpoint, m_options.apiKeySource),
                                  DisplayText::duration(double(delay.count()) / 1000.0)));
            });
    connect(&m_client, &PredictionClient::pageReceived, this, &CliApp::onPageReceived);
    connect(&m_client, &PredictionClient::requestFailed, this, &CliApp::onListFailed);
}

CliApp::~CliApp() = default;

void CliApp::start()
{
    switch (m_options.command) {
    case CliOptions::Command::Get:
    case CliOptions::Command::Download:
    case CliOptions::Command::Wait:
        startFetching();
        return;
    case CliOptions::Command::List:
        requestPage({});
        return;
    case CliOptions::Command::Run:
    case CliOptions::Command::Rerun:
        startCreating();
        return;
    case CliOptions::Command::Help:
    case CliOptions::Command::Version:
    case CliOptions::Command::History:
        // main() answers these without starting the app.
        QTimer::singleShot(0, this, &CliApp::finish);
        return;
    }
}

void CliApp::startFetching()
{
    if (m_options.command == CliOptions::Command::Wait) {
        m_progress = std::make_unique<ProgressDisplay>(*m_console.err, m_console.errIsTerminal, m_console.columns);
        m_progress->setIds(m_options.ids);
        m_watcher = new PredictionWatcher(m_options.interval, m_options.stream, this);
        m_watcher->setMaxStreams(m_maxStreams);
        connect(m_watcher, &PredictionWatcher::fetchDue, this, [this](const QString &id) {
            if (!m_stopped && !m_entries.value(id).done)
                m_fetcher->fetch(id);
        });
        if (m_options.timeout) {
            m_deadline = new QTimer(this);
            m_deadline->setSingleShot(true);
            m_deadline->setTimerType(Qt::PreciseTimer);
            connect(m_deadline, &QTimer::timeout, this, &CliApp::onTimeout);
            m_deadline->start(*m_options.timeout);
        }
    }
    for (const QString &id : std::as_const(m_options.ids)) {
        m_entries.insert(id, Entry{});
        m_fetcher->fetch(id);
    }
}

void CliApp::startCreating()
{
    for (const QString &notice : std::as_const(m_options.inputNotices))
        writeErr(notice);
    auto *creator = new PredictionCreator(m_client, m_policy, this);
    connect(creator, &PredictionCreator::created, this, &CliApp::onCreated);
    connect(creator, &PredictionCreator::failed, this, &CliApp::onCreateFailed);
    connect(creator, &PredictionCreator::notice, this, [this](const QString &text) { writeErr(text); });
    if (m_options.command == CliOptions::Command::Run)
        creator->run(m_options.model, m_options.input);
    else
        creator->rerun(m_options.sourceId, m_options.input);
}

void CliApp::onCreated(const Prediction &prediction, bool recovered)
{
    if (recovered)
        writeErr(tr("Found it: the create had made %1.").arg(prediction.id()));
    if (!m_options.wait) {
        if (m_options.json)
            writeOut(prediction.rawJson() + '\n');
        else
            writeOut(PredictionText::summary(prediction, {}));
        finish();
        return;
    }
    writeErr(tr("Created %1.").arg(prediction.id()));
    // From here on, exactly `wait ID`.
    m_options.command = CliOptions::Command::Wait;
    m_options.ids = {prediction.id()};
    startFetching();
}

void CliApp::onCreateFailed(const ApiError &error, bool maybeCreated)
{
    QString text = errorText(error, 1);
    if (error.kind == ApiError::Kind::InvalidInput && !error.invalidFields.isEmpty()) {
        text = tr("The server refused the inputs (HTTP %1):").arg(error.httpStatus);
        for (const ApiError::InvalidField &field : error.invalidFields)
            text += QStringLiteral("\n  ") + field.field + QStringLiteral(": ") + field.description;
    }
    if (maybeCreated) {
        text += u' '
            + tr("The prediction may have been created all the same and could not be found; the create was not "
                 "sent again, so that nothing is made twice. Check with \"%1 list\".")
                  .arg(QStringLiteral("replimon-cli"));
    }
    writeErr(text);
    if (m_options.json)
        writeOut(PredictionText::errorJson(QString(), error) + '\n');
    // A lost answer is a network failure, however it was lost (a dropped connection, a cut body, a timeout).
    raise(maybeCreated ? ExitCode::Network : ExitCodes::forError(error));
    finish();
}

void CliApp::onFetched(const QString &id, const Prediction &prediction)
{
    if (m_stopped)
        return;
    Entry &entry = m_entries[id];
    entry.prediction = prediction;
    entry.error.reset();

    switch (m_options.command) {
    case CliOptions::Command::Get:
        entry.done = true;
        break;
    case CliOptions::Command::Download:
        entry.done = true;
        handleDownloadable(id, prediction);
        break;
    case CliOptions::Command::Wait: {
        m_progress->update(id, PredictionText::shortStatus(prediction), lastLogLine(prediction));
        if (PredictionStatuses::isTerminal(prediction.status())) {
            entry.done = true;
            m_watcher->ended(id, prediction);
            if (!m_options.downloadDir.isEmpty() && prediction.status() == PredictionStatus::Succeeded)
                handleDownloadable(id, prediction);
            break;
        }
        m_watcher->follow(id, prediction);
        return;
    }
    case CliOptions::Command::List:
    case CliOptions::Command::Run:
    case CliOptions::Command::Rerun:
    case CliOptions::Command::Help:
    case CliOptions::Command::Version:
    case CliOptions::Command::History:
        break;
    }
    checkFinished();
}

void CliApp::onFetchFailed(const QString &id, const ApiError &error, int attempts)
{
    if (m_stopped)
        return;
    Entry &entry = m_entries[id];
    entry.error = error;
    entry.attempts = attempts;
    entry.done = true;
    if (m_progress)
        m_progress->update(id, tr("error"), ApiError::kindName(error.kind));
    checkFinished();
}

void CliApp::onFetchRetrying(const QString &id, const ApiError &error, milliseconds delay)
{
    writeErr(tr("%1: %2 Retrying in %3.")
                 .arg(id, PredictionText::describeError(error, m_options.endpoint, m_options.apiKeySource),
                      DisplayText::duration(double(delay.count()) / 1000.0)));
}

void CliApp::handleDownloadable(const QString &id, const Prediction &prediction)
{
    Entry &entry = m_entries[id];
    const QString status = prediction.statusText();
    if (prediction.status() == PredictionStatus::Succeeded) {
        if (prediction.outputUrls().isEmpty() && prediction.outputText().isEmpty()) {
            if (prediction.dataRemoved()) {
                writeErr(tr("%1: the server has already deleted the outputs (it keeps them for about an hour "
                            "after the prediction completes).")
                             .arg(id));
                raise(ExitCode::NotFound);
            } else {
                writeErr(tr("%1: the prediction succeeded but has no output to save.").arg(id));
                raise(ExitCode::PredictionFailed);
            }
            return;
        }
        entry.saving = true;
        m_saver->save(prediction, m_options.downloadDir);
        return;
    }
    if (PredictionStatuses::isTerminal(prediction.status())) {
        writeErr(tr("%1: the prediction ended as %2; nothing to download.").arg(id, status));
    } else {
        writeErr(tr("%1: the prediction has not finished yet (%2); nothing to download. Use \"wait --download "
                    "DIR\" to wait for it.")
                     .arg(id, status.isEmpty() ? tr("no status") : status));
    }
    raise(ExitCode::PredictionFailed);
}

void CliApp::onSaved(const QString &id, const QStringList &paths, const QList<ApiError> &errors)
{
    Entry &entry = m_entries[id];
    entry.saving = false;
    entry.saved = paths;
    for (const ApiError &error : errors) {
        entry.saveFailed = true;
        writeErr(tr("%1: an output could not be saved. %2").arg(id, errorText(error, 1)));
        raise(ExitCodes::forError(error));
    }
    if (m_progress && m_options.json) {
        for (const QString &path : paths)
            m_progress->message(tr("%1: saved %2").arg(id, QDir::toNativeSeparators(path)));
    }
    checkFinished();
}

void CliApp::onTimeout()
{
    if (m_finished)
        return;
    m_stopped = true;
    m_fetcher->cancelAll();
    int unfinished = 0;
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
        if (!it->done) {
            it->done = true;
            ++unfinished;
        }
    }
    if (unfinished > 0) {
        writeErr(tr("Timed out; predictions not finished: %1.").arg(unfinished));
        raise(ExitCode::Network);
    }
    if (m_saver->isBusy()) {
        writeErr(tr("Timed out: downloads still running were canceled."));
        raise(ExitCode::Network);
    }
    m_saver->cancelAll();
    checkFinished();
}

void CliApp::checkFinished()
{
    if (m_finished)
        return;
    for (const Entry &entry : std::as_const(m_entries)) {
        if (!entry.done || entry.saving)
            return;
    }
    if (m_saver->isBusy())
        return;
    printResults();
    finish();
}

QString CliApp::errorText(const ApiError &error, int attempts) const
{
    QString text = PredictionText::describeError(error, m_options.endpoint, m_options.apiKeySource);
    if (attempts > 1)
        text += u' ' + QCoreApplication::translate("CliApp", "Gave up after %n attempts.", nullptr, attempts);
    return text;
}

void CliApp::printResults()
{
    const bool download = m_options.command == CliOptions::Command::Download;
    bool first = true;
    for (const QString &id : std::as_const(m_options.ids)) {
        const Entry entry = m_entries.value(id);
        if (entry.error) {
            writeErr(tr("%1: %2").arg(id, errorText(*entry.error, entry.attempts)));
            raise(ExitCodes::forError(*entry.error));
            if (m_options.json && !download)
                writeOut(PredictionText::errorJson(id, *entry.error) + '\n');
            continue;
        }
        if (!entry.prediction) {
            writeErr(tr("%1: no answer before the time limit.").arg(id));
            raise(ExitCode::Network);
            continue;
        }
        const Prediction &prediction = *entry.prediction;
        if (download) {
            for (const QString &path : entry.saved)
                writeOut(QDir::toNativeSeparators(path) + u'\n');
            continue;
        }

        raise(ExitCodes::forStatus(prediction.status()));
        if (m_options.command == CliOptions::Command::Wait && !PredictionStatuses::isTerminal(prediction.status())) {
            writeErr(tr("%1: still %2 when the time limit was reached.").arg(id, prediction.statusText()));
            raise(ExitCode::Network);
        }
        if (m_options.json) {
            writeOut(prediction.rawJson() + '\n');
        } else {
            if (!first)
                writeOut(QStringLiteral("\n"));
            QStringList saved;
            for (const QString &path : entry.saved)
                saved << QDir::toNativeSeparators(path);
            writeOut(PredictionText::summary(prediction, saved));
        }
        first = false;
    }
}

void CliApp::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_stopped = true;
    if (m_deadline)
        m_deadline->stop();
    if (m_watcher)
        m_watcher->stop();
    Q_EMIT finished(int(m_exitCode));
}

void CliApp::requestPage(const QString &cursor)
{
    m_listCursor = cursor;
    m_listRequest = m_client.list(cursor);
}

void CliApp::onPageReceived(PredictionClient::RequestId requestId, const PredictionPage &page)
{
    if (m_finished || requestId != m_listRequest)
        return;
    m_listFailures = 0;
    for (const Prediction &prediction : page.predictions) {
        if (m_listed >= m_options.limit)
            break;
        ++m_listed;
        if (m_options.json)
            writeOut(prediction.rawJson() + '\n');
        else
            writeOut(PredictionText::listLine(prediction) + u'\n');
    }
    if (page.skipped > 0) {
        writeErr(tr("Entries of the list that are not predictions were left out: %1.").arg(page.skipped));
    }
    if (m_listed < m_options.limit && !page.nextCursor.isEmpty()) {
        requestPage(page.nextCursor);
        return;
    }
    finish();
}

void CliApp::onListFailed(PredictionClient::RequestId requestId, const QString &predictionId, const ApiError &error)
{
    Q_UNUSED(predictionId)
    if (m_finished || m_listRequest == 0 || requestId != m_listRequest)
        return;
    ++m_listFailures;
    if (const auto delay = m_policy.delayAfter(error, m_listFailures)) {
        writeErr(tr("%1 Retrying in %2.")
                     .arg(PredictionText::describeError(error, m_options.endpoint, m_options.apiKeySource),
                          DisplayText::duration(double(delay->count()) / 1000.0)));
        const QString cursor = m_listCursor;
        m_listRequest = 0;
        QTimer::singleShot(*delay, Qt::PreciseTimer, this, [this, cursor] {
            if (!m_finished)
                requestPage(cursor);
        });
        return;
    }
    if (error.kind == ApiError::Kind::NotSupported) {
        writeErr(tr("Listing predictions is not supported by this provider (%1).")
                     .arg(ApiEndpoint::providerName(m_options.endpoint.provider())));
    } else {
        writeErr(errorText(error, m_listFailures));
    }
    raise(ExitCodes::forError(error));
    finish();
}

void CliApp::writeOut(const QString &text)
{
    writeOut(text.toUtf8());
}

void CliApp::writeOut(const QByteArray &bytes)
{
    m_console.out->write(bytes);
    if (auto *file = qobject_cast<QFileDevice *>(m_console.out))
        file->flush();
}

void CliApp::writeErr(const QString &text)
{
    if (m_progress) {
        m_progress->message(text);
        return;
    }
    m_console.err->write(text.toUtf8() + '\n');
    if (auto *file = qobject_cast<QFileDevice *>(m_console.err))
        file->flush();
}
