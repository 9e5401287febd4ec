#include "Application.h"
#include "CaptureHost.h"
#include "FileImportFlow.h"
#include "MainWindow.h"
#include "Settings.h"
#include "SingleInstance.h"
#include "Translations.h"

#include <QApplication>
#include <QByteArrayView>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QIcon>

#include <cstdio>

int main(int argc, char *argv[])
{
    // --help and --version print and end: they must work in a terminal without a display (over ssh, in a
    // script), where no windowing platform could start and QApplication would abort.
    for (int i = 1; i < argc; ++i) {
        const QByteArrayView arg(argv[i]);
        const bool printsOnly = arg == "--help" || arg == "-h" || arg == "-?" || arg == "--help-all"
            || arg == "--version" || arg == "-v";
        if (printsOnly && !qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("replimon"));
    QApplication::setApplicationName(QStringLiteral("replimon"));
    QApplication::setApplicationDisplayName(QStringLiteral("Replimon"));
    QApplication::setApplicationVersion(QStringLiteral(REPLIMON_VERSION));
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.replimon.Replimon"));
    QApplication::setWindowIcon(QIcon::fromTheme(QStringLiteral("io.github.replimon.Replimon"),
                                                 QIcon(QStringLiteral(":/icons/app/io.github.replimon.Replimon.svg"))));

    // Before the parser, so that --help speaks the user's language too.
    Translations translations;
    translations.install(Settings().language());

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("main", "Watch Replicate predictions and keep their outputs."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demoOption(
        QStringLiteral("demo"),
        QCoreApplication::translate("main", "Run on demo data from a local simulator (no API key needed)."));
    const QCommandLineOption addOption(QStringLiteral("add"),
                                       QCoreApplication::translate("main", "Track these prediction ids or links."),
                                       QCoreApplication::translate("main", "id"));
    const QCommandLineOption trayOption(
        QStringLiteral("tray"),
        QCoreApplication::translate("main", "Start in the system tray, without opening the window (as at login)."));
    const QCommandLineOption captureOption(
        QStringLiteral("capture"),
        QCoreApplication::translate("main",
                                    "Turn on the capture endpoint at this port for this run, without saving it."),
        QCoreApplication::translate("main", "port"));
    parser.addOption(demoOption);
    parser.addOption(addOption);
    parser.addOption(trayOption);
    parser.addOption(captureOption);
    parser.addPositionalArgument(QStringLiteral("ids"),
                                 QCoreApplication::translate("main", "Prediction ids or links to add."),
                                 QStringLiteral("[ids…]"));
    parser.process(app);

    Application::Options options;
    options.demo = parser.isSet(demoOption);
    // Saved outputs (files, folders) are imported from the predictions inside them; the rest are ids.
    options.importFiles = FileImportFlow::existingPaths(parser.positionalArguments());
    options.addIds = parser.values(addOption);
    for (const QString &argument : parser.positionalArguments()) {
        if (!QFileInfo::exists(argument))
            options.addIds.append(argument);
    }
    options.startInTray = parser.isSet(trayOption);
    if (parser.isSet(captureOption)) {
        const auto port = CaptureHost::parsePort(parser.value(captureOption));
        if (!port) {
            std::fprintf(stderr, "%s\n", qPrintable(port.error()));
            return 1; // as QCommandLineParser does for any other bad option
        }
        options.capturePort = port.value();
    }

    // A second start hands its ids (and a capture request) to the running window and ends; the demo runs
    // apart from the real app.
    SingleInstance instance(SingleInstance::defaultServerName(options.demo));
    switch (instance.claimWith(SingleInstance::Request{options.addIds + options.importFiles, options.capturePort})) {
    case SingleInstance::Role::HandedOver:
        return 0;
    case SingleInstance::Role::NoAnswer:
        std::fprintf(
            stderr, "%s\n",
            qPrintable(QCoreApplication::translate("main", "Replimon is already running but does not answer.")));
        return 1;
    case SingleInstance::Role::Primary:
        if (!instance.errorString().isEmpty())
            qWarning("Replimon: a second start will open a second window: %s", qPrintable(instance.errorString()));
        break;
    }

    Application application(std::move(options), translations);
    QObject::connect(&instance, &SingleInstance::idsReceived, &application, &Application::receiveIds);
    QObject::connect(&instance, &SingleInstance::captureRequested, &application, &Application::receiveCaptureRequest);
    if (!application.start())
        return 1;
    return app.exec();
}
