#include "TestBackend.h"

#include <algorithm>

#include <QTemporaryDir>

#include "FileDownloader.h"
#include "PredictionClient.h"
#include "PredictionStatus.h"
#include "Settings.h"
#include "TaskStore.h"

TestBackend::TestBackend()
    : TestBackend(Options())
{}

TestBackend::TestBackend(Options options)
    : m_options(std::move(options))
{}

// Out of line: the members' types are complete here.
TestBackend::~TestBackend()
{
    close();
}

TestBackend::Options TestBackend::offline()
{
    Options options;
    options.simulator = false;
    return options;
}

bool TestBackend::start()
{
    m_error.clear();
    if (!m_options.simulator || m_options.root.isValid() || m_sim.isRunning())
        return true;
    if (!m_sim.start(m_options.simArguments)) {
        m_error = QStringLiteral("replimon-sim did not start: ") + QString::fromLocal8Bit(m_sim.standardError());
        return false;
    }
    return true;
}

bool TestBackend::open()
{
    close();
    if (!start())
        return false;
    if (m_sim.isRunning() && !m_sim.reset()) {
        m_error = QStringLiteral("replimon-sim did not reset");
        return false;
    }

    m_endpoint.reset();
    m_apiKey.clear();
    const QString root = m_options.root.isValid() ? m_options.root.toString()
        : m_options.simulator                     ? m_sim.apiRoot(m_options.prefix).toString()
                                                  : QString();
    if (!root.isEmpty()) {
        auto endpoint = ApiEndpoint::fromRoot(m_options.provider, root);
        if (!endpoint) {
            m_error = QStringLiteral("not an API root: %1 (%2)").arg(root, endpoint.error());
            return false;
        }
        m_endpoint = endpoint.value();
        m_apiKey = m_options.root.isValid() ? m_options.apiKey : m_sim.token();
    }

    // The old settings go before their folder, so that nothing writes into it once it is removed.
    m_settings.reset();
    m_home = std::make_unique<QTemporaryDir>();
    if (!m_home->isValid()) {
        m_error = QStringLiteral("no temporary folder: ") + m_home->errorString();
        return false;
    }
    m_settings = std::make_unique<Settings>(filePath(QStringLiteral("replimon.ini")));
    return build();
}

void TestBackend::close()
{
    m_scheduler.reset();
    m_downloader.reset();
    m_client.reset();
    m_store.reset();
}

bool TestBackend::reopen()
{
    close();
    m_error.clear();
    if (!m_home) {
        m_error = QStringLiteral("reopen() before open()");
        return false;
    }
    return build();
}

bool TestBackend::build()
{
    m_store = std::make_unique<TaskStore>();
    const auto opened = m_store->open(filePath(QStringLiteral("tasks.sqlite")));
    if (!opened) {
        m_error = QStringLiteral("the task store did not open: ") + opened.error().message;
        return false;
    }
    m_client = newClient();
    m_downloader = std::make_unique<FileDownloader>(m_nam);
    if (m_endpoint) {
        m_downloader->setEndpoint(*m_endpoint);
        m_downloader->setApiKey(m_apiKey);
    }
    buildScheduler();
    return true;
}

void TestBackend::buildScheduler()
{
    m_scheduler = std::make_unique<PollScheduler>(*m_store, *m_client);
    if (m_options.interval)
        m_scheduler->setInterval(*m_options.interval);
    if (m_options.flushInterval)
        m_scheduler->setFlushInterval(*m_options.flushInterval);
    if (m_options.maxInFlight)
        m_scheduler->setMaxInFlight(*m_options.maxInFlight);
    if (m_options.clock)
        m_scheduler->setClock(m_options.clock);
}

PollScheduler &TestBackend::replaceScheduler()
{
    m_scheduler.reset();
    buildScheduler();
    return *m_scheduler;
}

Settings &TestBackend::reloadSettings()
{
    m_settings.reset();
    m_settings = std::make_unique<Settings>(filePath(QStringLiteral("replimon.ini")));
    return *m_settings;
}

std::unique_ptr<PredictionClient> TestBackend::newClient()
{
    auto client = std::make_unique<PredictionClient>(m_network.nam());
    if (m_endpoint) {
        client->setEndpoint(*m_endpoint);
        client->setApiKey(m_apiKey);
    }
    return client;
}

QList<TaskKey> TestBackend::track(const QStringList &ids)
{
    const auto added = m_store->add(provider(), ids);
    if (!added) {
        qWarning("TestBackend: the store did not add %d tasks: %s", int(ids.size()), qPrintable(added.error().message));
        return {};
    }
    return added.value();
}

bool TestBackend::allTerminal() const
{
    const auto &tasks = m_store->tasks();
    return std::all_of(tasks.cbegin(), tasks.cend(),
                       [](const Task &task) { return PredictionStatuses::isTerminal(task.status); });
}

QString TestBackend::provider() const
{
    return ApiEndpoint::providerKey(m_options.provider);
}

QString TestBackend::filePath(const QString &name) const
{
    return m_home ? m_home->filePath(name) : QString();
}
