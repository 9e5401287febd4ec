#include "CliRunner.h"

#include "SimProcess.h"

#include <QProcess>
#include <QProcessEnvironment>

namespace {
constexpr int runTimeoutMs = 120000;
} // namespace

CliRunner::Run CliRunner::run(const QStringList &arguments, const EnvChanges &changes, const QByteArray &input) const
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"REPLIMON_API_KEY", "REPLICATE_API_TOKEN", "REPLIMON_BASE_URL", "REPLIMON_PROVIDER"})
        environment.remove(QString::fromLatin1(name));
    environment.insert(QStringLiteral("REPLIMON_API_KEY"), m_sim.token());
    environment.insert(QStringLiteral("REPLIMON_BASE_URL"), m_sim.apiRoot().toString());
    for (const auto &[name, value] : changes) {
        if (value)
            environment.insert(name, *value);
        else
            environment.remove(name);
    }

    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(REPLIMON_CLI_BINARY), arguments);
    Run result;
    if (!process.waitForStarted())
        return result;
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    result.finished = process.waitForFinished(runTimeoutMs) && process.exitStatus() == QProcess::NormalExit;
    if (!result.finished)
        process.kill();
    result.exitCode = process.exitCode();
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}
