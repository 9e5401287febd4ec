#include "ReplicateNpm.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>

QString replicateNpmPrefix()
{
    return QStringLiteral(REPLIMON_NPM_DIR);
}

QString prepareReplicateNpm(const QString &prefix)
{
    const QString npm = QStandardPaths::findExecutable(QStringLiteral("npm"));
    if (QStandardPaths::findExecutable(QStringLiteral("node")).isEmpty() || npm.isEmpty())
        return QStringLiteral("node and npm are not on PATH: the official npm client cannot be tried");
    QFile manifest(QDir(prefix).filePath(QStringLiteral("node_modules/replicate/package.json")));
    const QString version = manifest.open(QIODevice::ReadOnly)
        ? QJsonDocument::fromJson(manifest.readAll()).object().value(QLatin1String("version")).toString()
        : QString();
    if (version == QLatin1String("1.4.0"))
        return {};
    QDir().mkpath(prefix);
    QProcess install;
    install.setProcessChannelMode(QProcess::MergedChannels);
    install.start(npm,
                  {QStringLiteral("install"), QStringLiteral("--no-audit"), QStringLiteral("--no-fund"),
                   QStringLiteral("--prefix"), prefix, QStringLiteral("replicate@1.4.0")});
    if (!install.waitForFinished(180000) || install.exitCode() != 0)
        return QStringLiteral("npm could not install replicate@1.4.0 (is the npm registry reachable?)");
    return {};
}

NpmPrediction npmGetPrediction(const QUrl &apiRoot, const QString &token, const QString &id)
{
    NpmPrediction result;
    QProcess node;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("REPLICATE_API_TOKEN"), token);
    node.setProcessEnvironment(environment);
    node.start(QStringLiteral("node"),
               {QStringLiteral(REPLIMON_NPM_GET_SCRIPT), replicateNpmPrefix() + QStringLiteral("/node_modules"),
                apiRoot.toString(), id});
    if (!node.waitForFinished(30000)) {
        node.kill();
        node.waitForFinished();
        result.error = QStringLiteral("node did not end within 30 s");
        return result;
    }
    if (node.exitStatus() != QProcess::NormalExit || node.exitCode() != 0) {
        result.error = QString::fromUtf8(node.readAllStandardError());
        return result;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(node.readAllStandardOutput(), &parseError);
    if (!document.isObject())
        result.error = QStringLiteral("node printed no JSON object: ") + parseError.errorString();
    else
        result.prediction = document.object();
    return result;
}
