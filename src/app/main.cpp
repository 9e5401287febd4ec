#include "Application.h"
#include "MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("replimon"));
    QApplication::setApplicationName(QStringLiteral("replimon"));
    QApplication::setApplicationDisplayName(QStringLiteral("Replimon"));
    QApplication::setApplicationVersion(QStringLiteral(REPLIMON_VERSION));
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.replimon.Replimon"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("main", "Watch Replicate predictions and keep their outputs."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demoOption(
        QStringLiteral("demo"),
        QCoreApplication::translate("main", "Run on demo data from a local simulator (no API key needed)."));
    const QCommandLineOption addOption(
        QStringLiteral("add"), QCoreApplication::translate("main", "Track these prediction ids or links."),
        QCoreApplication::translate("main", "id"));
    parser.addOption(demoOption);
    parser.addOption(addOption);
    parser.addPositionalArgument(QStringLiteral("ids"),
                                 QCoreApplication::translate("main", "Prediction ids or links to add."),
                                 QStringLiteral("[ids…]"));
    parser.process(app);

    Application::Options options;
    options.demo = parser.isSet(demoOption);
    options.addIds = parser.values(addOption) + parser.positionalArguments();

    Application application(std::move(options));
    if (!application.start())
        return 1;
    return app.exec();
}
