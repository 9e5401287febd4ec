#include "StoreWriter.h"

#include "TaskDatabase.h"

#include <QPromise>
#include <QSqlDatabase>
#include <QSqlError>

#include <atomic>
#include <memory>

namespace {

QString uniqueConnectionName()
{
    static std::atomic<int> counter{0};
    return QStringLiteral("replimon-storewriter-%1").arg(++counter);
}

} // namespace

StoreWriter::StoreWriter(QObject *parent)
    : QObject(parent)
    , m_connectionName(uniqueConnectionName())
{
    m_thread.setObjectName(QStringLiteral("StoreWriter"));
    m_worker = new QObject;
    m_worker->moveToThread(&m_thread);
    // The connection belongs to the thread that used it: it is closed there, before the thread ends.
    connect(
        &m_thread, &QThread::finished, m_worker,
        [name = m_connectionName] {
            if (QSqlDatabase::contains(name)) {
                QSqlDatabase::database(name, false).close();
                QSqlDatabase::removeDatabase(name);
            }
        },
        Qt::DirectConnection);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

StoreWriter::~StoreWriter()
{
    // Whatever was handed over is written before the thread ends: quit() would drop what is still queued.
    post([] { return Outcome(); }, false).waitForFinished();
    m_thread.quit();
    m_thread.wait();
}

StoreWriter::Outcome StoreWriter::open(const QString &path)
{
    return post(
               [path, name = m_connectionName]() -> Outcome {
                   QSqlDatabase db = QSqlDatabase::contains(name)
                       ? QSqlDatabase::database(name, false)
                       : QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
                   db.setDatabaseName(path);
                   db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(TaskDatabase::busyTimeoutMs));
                   if (!db.open())
                       return db.lastError().text();
                   return TaskDatabase::applyWritingPragmas(db);
               },
               false)
        .result();
}

StoreWriter::Outcome StoreWriter::run(Body body)
{
    return post(transaction(std::move(body)), false).result();
}

QFuture<StoreWriter::Outcome> StoreWriter::submit(Body body)
{
    return post(transaction(std::move(body)), true);
}

std::function<StoreWriter::Outcome()> StoreWriter::transaction(Body body) const
{
    return [body = std::move(body), name = m_connectionName]() -> Outcome {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        if (!db.isOpen())
            return QStringLiteral("the task database is not open for writing");
        return TaskDatabase::transaction(db, body);
    };
}

QFuture<StoreWriter::Outcome> StoreWriter::post(std::function<Outcome()> job, bool announce)
{
    auto promise = std::make_shared<QPromise<Outcome>>();
    QFuture<Outcome> future = promise->future();
    promise->start();
    QMetaObject::invokeMethod(
        m_worker,
        [this, promise, job = std::move(job), announce] {
            promise->addResult(job());
            promise->finish();
            // After the outcome can be read. This object outlives the emission: its destructor waits for
            // every job handed over before it.
            if (announce)
                Q_EMIT written();
        },
        Qt::QueuedConnection);
    return future;
}
