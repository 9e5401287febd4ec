#include "StoreWriter.h"

#include "TaskDatabase.h"

#include <QPromise>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

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
    hand([](QSqlQuery &) { return true; }, false).waitForFinished();
    m_thread.quit();
    m_thread.wait();
}

StoreWriter::Outcome StoreWriter::open(const QString &path)
{
    auto promise = std::make_shared<QPromise<Outcome>>();
    QFuture<Outcome> future = promise->future();
    promise->start();
    QMetaObject::invokeMethod(
        m_worker,
        [promise, path, name = m_connectionName] {
            QSqlDatabase db = QSqlDatabase::contains(name) ? QSqlDatabase::database(name, false)
                                                           : QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            Outcome outcome;
            db.setDatabaseName(path);
            db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=2000"));
            if (!db.open())
                outcome = db.lastError().text();
            else
                outcome = TaskDatabase::applyWritingPragmas(db);
            promise->addResult(outcome);
            promise->finish();
        },
        Qt::QueuedConnection);
    return future.result();
}

StoreWriter::Outcome StoreWriter::run(Body body)
{
    return hand(std::move(body), false).result();
}

QFuture<StoreWriter::Outcome> StoreWriter::submit(Body body)
{
    return hand(std::move(body), true);
}

QFuture<StoreWriter::Outcome> StoreWriter::hand(Body body, bool announce)
{
    auto promise = std::make_shared<QPromise<Outcome>>();
    QFuture<Outcome> future = promise->future();
    promise->start();
    QMetaObject::invokeMethod(
        m_worker,
        [this, promise, body = std::move(body), announce] {
            runOnThread(body, *promise);
            // After the outcome can be read. This object outlives the emission: its destructor waits for
            // every job handed over before it.
            if (announce)
                Q_EMIT written();
        },
        Qt::QueuedConnection);
    return future;
}

void StoreWriter::runOnThread(const Body &body, QPromise<Outcome> &promise)
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    Outcome outcome;
    if (!db.isOpen())
        outcome = QStringLiteral("the task database is not open for writing");
    else
        outcome = TaskDatabase::transaction(db, body);
    promise.addResult(outcome);
    promise.finish();
}
