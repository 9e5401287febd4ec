#include "DiskCacheTrimmer.h"

#include "BackgroundPriority.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <utility>

DiskCacheTrimmer::DiskCacheTrimmer(QThreadPool *pool, QObject *parent)
    : QObject(parent)
    , m_pool(pool)
{}

void DiskCacheTrimmer::trim(const QString &folder, qint64 limitBytes)
{
    m_folder = folder;
    m_limit = limitBytes;
    if (m_running) {
        m_again = true;
        return;
    }
    m_running = true;
    auto *watcher = new QFutureWatcher<qint64>(this);
    connect(watcher, &QFutureWatcher<qint64>::finished, this, [this, watcher] {
        watcher->deleteLater();
        m_running = false;
        Q_EMIT trimmed(watcher->result());
        if (std::exchange(m_again, false))
            trim(m_folder, m_limit);
    });
    watcher->setFuture(QtConcurrent::run(m_pool, trimFolder, m_folder, m_limit));
}

qint64 DiskCacheTrimmer::trimFolder(const QString &path, qint64 limit)
{
    BackgroundPriority::applyToCurrentThread();
    const QFileInfoList entries = QDir(path).entryInfoList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot,
                                                           QDir::Time); // newest first
    QFileInfoList cached;
    qint64 total = 0;
    for (const QFileInfo &entry : entries) {
        if (entry.fileName().size() != entryNameLength)
            continue;
        cached.append(entry);
        total += entry.size();
    }
    // The newest entry is always kept: it is what was just asked for.
    for (qsizetype i = cached.size() - 1; i > 0 && total > limit; --i) {
        if (QFile::remove(cached.at(i).filePath()))
            total -= cached.at(i).size();
    }
    return total;
}
