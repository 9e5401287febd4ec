#include "WalCheckpointer.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace {

QString uniqueConnectionName()
{
    static std::atomic<int> counter{0};
    return QStringLiteral("replimon-checkpointer-%1").arg(++counter);
}

} // namespace

WalCheckpointer::WalCheckpointer(const QString &databasePath, QObject *parent)
    : QObject(parent)
    , m_databasePath(databasePath)
    , m_connectionName(uniqueConnectionName())
{
    m_thread.setObjectName(QStringLiteral("WalCheckpointer"));
    m_worker = new QObject;
    m_worker->moveToThread(&m_thread);
    // The connection belongs to the thread that used it: it is closed there, before the thread ends.
    connect(
        &m_thread, &QThread::finished, m_worker,
        [this] {
            if (QSqlDatabase::contains(m_connectionName)) {
                QSqlDatabase::database(m_connectionName, false).close();
                QSqlDatabase::removeDatabase(m_connectionName);
            }
        },
        Qt::DirectConnection);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start(QThread::LowPriority);
}

WalCheckpointer::~WalCheckpointer()
{
    m_thread.quit();
    m_thread.wait();
}

void WalCheckpointer::request()
{
    if (m_pending.exchange(true))
        return;
    QMetaObject::invokeMethod(
        m_worker, [this] { checkpoint(); }, Qt::QueuedConnection);
}

QString WalCheckpointer::lastError() const
{
    const QMutexLocker locker(&m_errorMutex);
    return m_lastError;
}

void WalCheckpointer::checkpoint()
{
    m_pending.store(false);
    QString error;
    QSqlDatabase db = QSqlDatabase::contains(m_connectionName)
        ? QSqlDatabase::database(m_connectionName, false)
        : QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    if (!db.isOpen()) {
        db.setDatabaseName(m_databasePath);
        if (!db.open())
            error = db.lastError().text();
    }
    if (error.isEmpty()) {
        QSqlQuery query(db);
        // PASSIVE: takes what the log holds now and never waits for the writer. Its result row says
        // whether it was blocked and how many frames it moved; a later request catches up.
        if (!query.exec(QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)")))
            error = query.lastError().text();
        else if (query.next() && query.value(0).toInt() != 0)
            error = QStringLiteral("the checkpoint was blocked");
    }
    {
        const QMutexLocker locker(&m_errorMutex);
        m_lastError = error;
    }
    m_completed.fetch_add(1);
    Q_EMIT checkpointed();
}
