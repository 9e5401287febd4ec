#include "FileHistoryImporter.h"

#include "ApiEndpoint.h"
#include "ImageMetadata.h"
#include "TaskStore.h"

#include <QCoreApplication>
#include <QDirIterator>
#include <QFileInfo>
#include <QHash>
#include <QPromise>
#include <QRegularExpression>
#include <QtConcurrent>

struct FileHistoryImporter::Found
{
    QList<Task> tasks; ///< One per prediction, its files in path order.
    int files = 0;
    QList<std::pair<QString, QString>> skipped;
};

namespace {

QStringList expand(const QStringList &paths, QList<std::pair<QString, QString>> &skipped)
{
    QStringList files;
    for (const QString &path : paths) {
        const QFileInfo info(path);
        if (info.isDir()) {
            QDirIterator it(info.absoluteFilePath(), QDir::Files | QDir::Readable, QDirIterator::Subdirectories);
            while (it.hasNext() && files.size() < FileHistoryImporter::maxFiles)
                files.append(it.next());
        } else if (info.isFile()) {
            files.append(info.absoluteFilePath());
        } else {
            skipped.append({path, QCoreApplication::translate("FileHistoryImporter", "Not a file or folder.")});
        }
        if (files.size() >= FileHistoryImporter::maxFiles)
            break;
    }
    files.sort();
    files.removeDuplicates();
    return files;
}

} // namespace

FileHistoryImporter::FileHistoryImporter(TaskStore &store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{
    qRegisterMetaType<FileHistoryImporter::Summary>();
}

FileHistoryImporter::~FileHistoryImporter()
{
    if (m_watcher) {
        m_watcher->disconnect(this);
        m_watcher->cancel();
        m_watcher->waitForFinished();
    }
}

QString FileHistoryImporter::providerKeyFromParameters(const QString &parameters)
{
    static const QRegularExpression providerPart(QStringLiteral("(?:^|, )Provider: ([^,\\n]+)"),
                                                 QRegularExpression::MultilineOption);
    const QString name = providerPart.match(parameters).captured(1).trimmed();
    using Provider = ApiEndpoint::Provider;
    for (const Provider provider :
         {Provider::QuickRouter, Provider::AnyApi, Provider::Replicate, Provider::Custom, Provider::Demo}) {
        if (!name.isEmpty() && name == ApiEndpoint::providerName(provider))
            return ApiEndpoint::providerKey(provider);
    }
    return {};
}

bool FileHistoryImporter::start(const QStringList &paths, const QString &fallbackProvider)
{
    if (isRunning())
        return false;
    m_fallbackProvider = fallbackProvider;
    m_watcher = std::make_unique<QFutureWatcher<Found>>();
    connect(m_watcher.get(), &QFutureWatcher<Found>::progressValueChanged, this,
            [this](int value) { Q_EMIT progress(value, m_watcher->progressMaximum()); });
    connect(m_watcher.get(), &QFutureWatcher<Found>::finished, this, &FileHistoryImporter::onRead);
    // Reading runs on a worker: a thousand files are a thousand opens and memory maps.
    m_watcher->setFuture(QtConcurrent::run([paths, fallbackProvider](QPromise<Found> &promise) {
        Found found;
        const QStringList files = expand(paths, found.skipped);
        promise.setProgressRange(0, int(files.size()));
        QHash<QString, int> byId;
        for (int i = 0; i < files.size(); ++i) {
            if (promise.isCanceled())
                return;
            const QString &path = files.at(i);
            const auto read = ImageMetadata::readFile(path);
            const auto prediction = read ? Prediction::fromJson(read.value().predictionJson)
                                         : Result<Prediction, ParseError>(ParseError{});
            if (!read) {
                found.skipped.append({path, read.error().message});
            } else if (!prediction) {
                found.skipped.append({path,
                                      QCoreApplication::translate("FileHistoryImporter",
                                                                  "The file names a prediction (%1) but does "
                                                                  "not carry it whole.")
                                          .arg(read.value().predictionId)});
            } else {
                QString provider = providerKeyFromParameters(read.value().parameters);
                const TaskKey key{provider.isEmpty() ? fallbackProvider : provider, prediction.value().id()};
                const QString slot = key.provider + u'/' + key.id;
                if (!byId.contains(slot)) {
                    byId.insert(slot, int(found.tasks.size()));
                    Task task;
                    task.key = key;
                    task.apply(prediction.value());
                    found.tasks.append(task);
                }
                found.tasks[byId.value(slot)].localFiles.append(path);
            }
            ++found.files;
            if (i % 16 == 15 || i + 1 == files.size())
                promise.setProgressValue(i + 1);
        }
        promise.addResult(found);
    }));
    return true;
}

void FileHistoryImporter::cancel()
{
    if (m_watcher)
        m_watcher->cancel();
}

bool FileHistoryImporter::isRunning() const
{
    return m_watcher && m_watcher->isRunning();
}

void FileHistoryImporter::onRead()
{
    // Deleted later: this runs inside the watcher's own signal.
    QFutureWatcher<Found> *watcher = m_watcher.release();
    watcher->deleteLater();
    if (watcher->isCanceled() || watcher->future().resultCount() == 0) {
        Q_EMIT finished(Summary{});
        return;
    }
    const Found found = watcher->result();
    Summary summary;
    summary.files = found.files;
    summary.skipped = found.skipped;
    for (const Task &task : found.tasks)
        summary.alreadyTracked += m_store.contains(task.key) ? 1 : 0;
    const auto added = m_store.addRestored(found.tasks);
    if (!added) {
        Q_EMIT failed(added.error());
        return;
    }
    summary.added = added.value();
    Q_EMIT finished(summary);
}
