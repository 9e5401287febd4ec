#include "Settings.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

#include <algorithm>

using namespace std::chrono_literals;

namespace {

// Every key, once. Groups give each area its own prefix.
namespace Key {
const QString provider = QStringLiteral("Api/provider");
const QString customRoot = QStringLiteral("Api/customRoot");
const QString pollInterval = QStringLiteral("Polling/intervalMs");
const QString maxInFlight = QStringLiteral("Polling/maxInFlight");
const QString importLimit = QStringLiteral("Polling/importLimit");
const QString downloadFolder = QStringLiteral("Downloads/folder");
const QString autoDownload = QStringLiteral("Downloads/auto");
const QString notifications = QStringLiteral("Desktop/notifications");
const QString language = QStringLiteral("Desktop/language");
const QString windowGeometry = QStringLiteral("Window/geometry");
const QString windowState = QStringLiteral("Window/state");
const QString tableHeader = QStringLiteral("Window/tableHeader");
const QString splitter = QStringLiteral("Window/splitter");
const QString insecureAllowed = QStringLiteral("Secrets/insecureStorageAllowed");
const QString secretPrefix = QStringLiteral("Secrets/unencrypted_");
} // namespace Key

constexpr auto defaultPollInterval = 2000ms;
constexpr int defaultMaxInFlight = 4;
constexpr int defaultImportLimit = 200;

} // namespace

Settings::Settings(const QString &filePath)
{
    if (filePath.isEmpty())
        m_settings = std::make_unique<QSettings>(QSettings::IniFormat, QSettings::UserScope, QStringLiteral("replimon"),
                                                 QStringLiteral("replimon"));
    else
        m_settings = std::make_unique<QSettings>(filePath, QSettings::IniFormat);
}

Settings::~Settings() = default;

QString Settings::fileName() const
{
    return m_settings->fileName();
}

void Settings::sync()
{
    m_settings->sync();
    // The file may hold a consented unencrypted key: keep it private to the user either way.
    QFile::setPermissions(m_settings->fileName(), QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}

void Settings::makeFilePrivate()
{
    // QSettings writes through QSaveFile, which keeps an existing file's permissions but gives a new
    // file the umask's (often world-readable). Create it private first, so a secret never sits in a
    // readable file, not even between the write and the chmod.
    const QString path = m_settings->fileName();
    const QFileInfo info(path);
    if (info.exists()) {
        QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        return;
    }
    QDir().mkpath(info.absolutePath());
    QFile file(path);
    file.open(QIODevice::WriteOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}

ApiEndpoint::Provider Settings::provider() const
{
    const auto provider = ApiEndpoint::providerFromKey(m_settings->value(Key::provider).toString());
    // Demo is a session's choice (--demo), never a saved one.
    if (!provider || *provider == ApiEndpoint::Provider::Demo)
        return ApiEndpoint::Provider::QuickRouter;
    return *provider;
}

void Settings::setProvider(ApiEndpoint::Provider provider)
{
    if (provider == ApiEndpoint::Provider::Demo)
        return;
    m_settings->setValue(Key::provider, ApiEndpoint::providerKey(provider));
}

QString Settings::customRoot() const
{
    return m_settings->value(Key::customRoot).toString();
}

void Settings::setCustomRoot(const QString &root)
{
    m_settings->setValue(Key::customRoot, root.trimmed());
}

ApiEndpoint Settings::endpoint() const
{
    const ApiEndpoint::Provider p = provider();
    if (p != ApiEndpoint::Provider::Custom)
        return ApiEndpoint::preset(p);
    auto endpoint = ApiEndpoint::fromRoot(p, customRoot());
    return endpoint ? endpoint.value() : ApiEndpoint::preset(ApiEndpoint::Provider::Custom);
}

std::chrono::milliseconds Settings::pollInterval() const
{
    const qint64 ms = m_settings->value(Key::pollInterval, qint64(defaultPollInterval.count())).toLongLong();
    return std::chrono::milliseconds(std::clamp<qint64>(ms, 500, 300000));
}

void Settings::setPollInterval(std::chrono::milliseconds interval)
{
    m_settings->setValue(Key::pollInterval, qint64(interval.count()));
}

int Settings::maxInFlight() const
{
    return std::clamp(m_settings->value(Key::maxInFlight, defaultMaxInFlight).toInt(), 1, 16);
}

void Settings::setMaxInFlight(int count)
{
    m_settings->setValue(Key::maxInFlight, count);
}

int Settings::importLimit() const
{
    return std::clamp(m_settings->value(Key::importLimit, defaultImportLimit).toInt(), 1, 10000);
}

void Settings::setImportLimit(int count)
{
    m_settings->setValue(Key::importLimit, count);
}

QString Settings::downloadFolder() const
{
    const QString folder = m_settings->value(Key::downloadFolder).toString();
    if (!folder.isEmpty())
        return folder;
    QString pictures = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    if (pictures.isEmpty())
        pictures = QDir::homePath();
    return QDir(pictures).filePath(QStringLiteral("Replimon"));
}

void Settings::setDownloadFolder(const QString &folder)
{
    m_settings->setValue(Key::downloadFolder, folder);
}

bool Settings::autoDownload() const
{
    return m_settings->value(Key::autoDownload, true).toBool();
}

void Settings::setAutoDownload(bool enabled)
{
    m_settings->setValue(Key::autoDownload, enabled);
}

bool Settings::notifications() const
{
    return m_settings->value(Key::notifications, true).toBool();
}

void Settings::setNotifications(bool enabled)
{
    m_settings->setValue(Key::notifications, enabled);
}

QString Settings::language() const
{
    const QString language = m_settings->value(Key::language, QStringLiteral("system")).toString();
    if (language == u"en" || language == u"zh_CN")
        return language;
    return QStringLiteral("system");
}

void Settings::setLanguage(const QString &language)
{
    m_settings->setValue(Key::language, language);
}

QByteArray Settings::windowGeometry() const
{
    return m_settings->value(Key::windowGeometry).toByteArray();
}

void Settings::setWindowGeometry(const QByteArray &geometry)
{
    m_settings->setValue(Key::windowGeometry, geometry);
}

QByteArray Settings::windowState() const
{
    return m_settings->value(Key::windowState).toByteArray();
}

void Settings::setWindowState(const QByteArray &state)
{
    m_settings->setValue(Key::windowState, state);
}

QByteArray Settings::tableHeaderState() const
{
    return m_settings->value(Key::tableHeader).toByteArray();
}

void Settings::setTableHeaderState(const QByteArray &state)
{
    m_settings->setValue(Key::tableHeader, state);
}

QByteArray Settings::splitterState() const
{
    return m_settings->value(Key::splitter).toByteArray();
}

void Settings::setSplitterState(const QByteArray &state)
{
    m_settings->setValue(Key::splitter, state);
}

bool Settings::insecureKeyStorageAllowed() const
{
    return m_settings->value(Key::insecureAllowed, false).toBool();
}

void Settings::setInsecureKeyStorageAllowed(bool allowed)
{
    m_settings->setValue(Key::insecureAllowed, allowed);
}

QString Settings::fallbackSecret(const QString &providerKey) const
{
    return m_settings->value(Key::secretPrefix + providerKey).toString();
}

void Settings::setFallbackSecret(const QString &providerKey, const QString &secret)
{
    makeFilePrivate();
    m_settings->setValue(Key::secretPrefix + providerKey, secret);
    sync();
}

void Settings::removeFallbackSecret(const QString &providerKey)
{
    m_settings->remove(Key::secretPrefix + providerKey);
    sync();
}
