#include "RemixFixture.h"

#include "ImageCache.h"
#include "MainWindow.h"
#include "PredictionClient.h"
#include "RemixActions.h"
#include "Settings.h"
#include "TaskCreator.h"
#include "TaskDetailPane.h"
#include "TaskStore.h"

#include <QSignalSpy>
#include <QTest>

namespace {

const QString schnell = QStringLiteral("black-forest-labs/flux-schnell");

} // namespace

RemixFixture::RemixFixture() = default;
RemixFixture::~RemixFixture() = default;

bool RemixFixture::open()
{
    if (!backend.open())
        return false;
    images = std::make_unique<ImageCache>(backend.nam());
    window = std::make_unique<MainWindow>(backend.store(), backend.scheduler(), backend.settings());
    window->setProvider(backend.client().endpoint().provider());
    pane = new TaskDetailPane(*images);
    window->setDetailPane(pane);
    actions = std::make_unique<RemixActions>(*window, backend.store(), backend.settings(), backend.client());
    actions->attachPane(*pane);
    window->setHasApiKey(true);
    window->resize(1100, 600);
    window->show();
    backend.settings().setConfirmRuns(false);
    return QTest::qWaitForWindowExposed(window.get());
}

void RemixFixture::close()
{
    actions.reset();
    window.reset();
    images.reset();
    backend.close();
}

TaskKey RemixFixture::tracked(const QJsonObject &input)
{
    QSignalSpy received(&backend.client(), &PredictionClient::predictionReceived);
    backend.client().create(schnell, input);
    if (!received.wait(10000))
        return {};
    const Prediction prediction = received.first().at(1).value<Prediction>();
    const auto added = backend.store().addPredictions(backend.provider(), {prediction});
    return added && !added.value().isEmpty() ? added.value().first() : TaskKey();
}

Prediction RemixFixture::readBack(const QString &id)
{
    QSignalSpy received(&backend.client(), &PredictionClient::predictionReceived);
    const auto request = backend.client().fetch(id);
    for (int i = 0; i < 20 && received.isEmpty(); ++i)
        received.wait(500);
    for (const auto &arguments : std::as_const(received)) {
        if (arguments.at(0).value<PredictionClient::RequestId>() == request)
            return arguments.at(1).value<Prediction>();
    }
    return Prediction();
}

bool RemixFixture::waitForCreate()
{
    QSignalSpy created(&actions->creator(), &TaskCreator::created);
    QSignalSpy failed(&actions->creator(), &TaskCreator::failed);
    for (int i = 0; i < 40 && created.isEmpty() && failed.isEmpty(); ++i)
        QTest::qWait(250);
    return !created.isEmpty();
}

QJsonObject RemixFixture::inputOf(const Prediction &prediction)
{
    QJsonObject object;
    for (const auto &[key, value] : prediction.inputs())
        object.insert(key, value);
    return object;
}
