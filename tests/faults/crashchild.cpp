// The process tst_crashsafety kills: it adds and updates tasks in a TaskStore as fast as it can while
// saving a large file through FileDownloader, and reports on stdout what has become durable:
//   ready                   the store is open
//   added ID ID …           add() returned for these ids
//   write-failed MESSAGE    an update or an error could not be written (nothing was acknowledged)
//   save-start              a download into the output folder began
//   saved PATH              it was committed
// Usage: replimon-crashchild DATABASE OUTPUT_DIR FILE_URL SEED
#include "FileDownloader.h"
#include "TaskStore.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QRandomGenerator>
#include <QTimer>

#include <cstdio>

namespace {

void report(const QByteArray &line)
{
    // Unbuffered in effect: the parent must see each line before the kill can land after it.
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

QString randomId(QRandomGenerator &random)
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    QString id;
    for (int i = 0; i < 26; ++i)
        id.append(QLatin1Char(alphabet[random.bounded(36)]));
    return id;
}

Prediction fakePrediction(const QString &id, QRandomGenerator &random)
{
    static const char *const statuses[] = {"starting", "processing", "succeeded", "failed"};
    const QString status = QLatin1String(statuses[random.bounded(4)]);
    QJsonObject object{
        {QStringLiteral("id"), id},
        {QStringLiteral("model"), QStringLiteral("black-forest-labs/flux-kontext-pro")},
        {QStringLiteral("version"), QStringLiteral("hidden")},
        {QStringLiteral("input"), QJsonObject{{QStringLiteral("prompt"), QStringLiteral("a lighthouse at dusk")}}},
        {QStringLiteral("logs"), QString(int(random.bounded(2000)), u'x')},
        {QStringLiteral("output"), QJsonValue::Null},
        {QStringLiteral("data_removed"), false},
        {QStringLiteral("error"), QJsonValue::Null},
        {QStringLiteral("status"), status},
        {QStringLiteral("created_at"), QStringLiteral("2025-07-14T09:13:40.101Z")},
        {QStringLiteral("started_at"), QJsonValue::Null},
        {QStringLiteral("completed_at"), QJsonValue::Null},
        {QStringLiteral("urls"), QJsonObject{}},
        {QStringLiteral("metrics"), QJsonObject{}},
    };
    return Prediction::fromJson(QJsonDocument(object).toJson(QJsonDocument::Compact)).value();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 5) {
        std::fputs("usage: replimon-crashchild DATABASE OUTPUT_DIR FILE_URL SEED\n", stderr);
        return 2;
    }
    const QString provider = ApiEndpoint::providerKey(ApiEndpoint::Provider::Custom);
    QRandomGenerator random(args.at(4).toUInt());

    TaskStore store;
    if (!store.open(args.at(1))) {
        std::fputs("cannot open the store\n", stderr);
        return 1;
    }
    report("ready");

    QNetworkAccessManager nam;
    FileDownloader downloader(nam);
    const QUrl fileUrl(args.at(3));
    int saves = 0;
    const auto startSave = [&] {
        report("save-start");
        downloader.download(fileUrl, args.at(2), QStringLiteral("output-%1").arg(++saves));
    };
    QObject::connect(&downloader, &FileDownloader::finished, &app,
                     [&](FileDownloader::DownloadId, const QString &path) {
                         report("saved " + path.toUtf8());
                         startSave();
                     });
    QObject::connect(&downloader, &FileDownloader::failed, &app,
                     [&](FileDownloader::DownloadId, const ApiError &error) {
                         report("save-failed " + error.message.toUtf8());
                         startSave();
                     });
    startSave();

    // Small writes back to back, each its own transaction, so that kills land inside them.
    QTimer writer;
    QObject::connect(&writer, &QTimer::timeout, &app, [&] {
        QStringList ids;
        const int count = 1 + int(random.bounded(4));
        for (int i = 0; i < count; ++i)
            ids.append(randomId(random));
        if (store.add(provider, ids))
            report("added " + ids.join(u' ').toUtf8());
        if (store.count() == 0)
            return;
        QList<Prediction> updates;
        for (int i = 0; i < 3; ++i)
            updates.append(fakePrediction(store.at(int(random.bounded(store.count()))).key.id, random));
        if (const auto updated = store.update(provider, updates); !updated)
            report("write-failed " + updated.error().message.toUtf8());
        const TaskKey key = store.at(int(random.bounded(store.count()))).key;
        const ApiError error{ApiError::Kind::Server, 500, QStringLiteral("HTTP 500 #%1").arg(random.bounded(100)), {}};
        if (const auto recorded = store.setError(key, error); !recorded)
            report("write-failed " + recorded.error().message.toUtf8());
    });
    writer.start(0);
    return app.exec();
}
