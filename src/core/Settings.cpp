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
namespace Name {
const QString provider = QStringLiteral("Api/provider");
const QString customRoot = QStringLiteral("Api/customRoot");
const QString pollInterval = QStringLiteral("Polling/intervalMs");
const QString maxInFlight = QStringLiteral("Polling/maxInFlight");
const QString importLimit = QStringLiteral("Polling/importLimit");
const QString downloadFolder = QStringLiteral("Downloads/folder");
const QString autoDownload = QStringLiteral("Downloads/auto");
const QString embedProvenance = QStringLiteral("Downloads/embedPrediction");
const QString provenanceSidecar = QStringLiteral("Downloads/jsonSidecar");
const QString notifications = QStringLiteral("Desktop/notifications");
const QString language = QStringLiteral("Desktop/language");
const QString windowGeometry = QStringLiteral("Window/geometry");
const QString windowState = QStringLiteral("Window/state");
const QString tableHeader = QStringLiteral("Window/tableHeader");
const QString splitter = QStringLiteral("Window/splitter");
const QString viewMode = QStringLiteral("Window/viewMode");
const QString galleryThumbnailSize = QStringLiteral("Window/galleryThumbnailSize");
const QString captureEnabled = QStringLiteral("Capture/enabled");
const QString capturePort = QStringLiteral("Capture/port");
const QString captureOrigins = QStringLiteral("Capture/allowedOrigins");
const QString startAtLogin = QStringLiteral("Desktop/startAtLogin");
const QString trayNoticeShown = QStringLiteral("Desktop/trayNoticeShown");
const QString confirmRuns = QStringLiteral("Runs/confirm");
const QString prices = QStringLiteral("Costs/prices");
const QString insecureAllowed = QStringLiteral("Secrets/insecureStorageAllowed");
const QString secretPrefix = QStringLiteral("Secrets/unencrypted_");
} // namespace Name

constexpr auto defaultPollInterval = 2000ms;
constexpr auto minPollInterval = 500ms;
constexpr auto maxPollInterval = 300000ms;
constexpr int defaultMaxInFlight = 4;
constexpr int minInFlight = 1;
constexpr int maxInFlightLimit = 16;
constexpr int defaultImportLimit = 200;
constexpr int minImportLimit = 1;
constexpr int maxImportLimit = 10000;
// Below 1024 needs privileges on Linux.
constexpr int minCapturePort = 1024;
constexpr int maxCapturePort = 65535;

QString systemLanguage()
{
    return QStringLiteral("system");
}

bool isKnownLanguage(const QString &language)
{
    return language == u"en" || language == u"zh_CN";
}

QStringList normalizedOrigins(const QStringList &origins)
{
    QStringList normalized;
    for (const QString &origin : origins) {
        QString trimmed = origin.trimmed();
        while (trimmed.endsWith(u'/'))
            trimmed.chop(1);
        if (!trimmed.isEmpty() && !normalized.contains(trimmed))
            normalized.append(trimmed);
    }
    return normalized;
}

QString defaultDownloadFolder()
{
    QString pictures = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    if (pictures.isEmpty())
        pictures = QDir::homePath();
    return QDir(pictures).filePath(QStringLiteral("Replimon"));
}

} // namespace

Settings::Settings(const QString &filePath, QObject *parent)
    : QObject(parent)
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

template <typename T>
void Settings::update(Key key, const QString &name, const T &value, const QVariant &stored,
                      T (Settings::*getter)() const)
{
    const T before = (this->*getter)();
    // Written even when equal to what the getter says: a default chosen explicitly stays chosen.
    m_settings->setValue(name, stored);
    if (value != before)
        Q_EMIT changed(key);
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
    const auto provider = ApiEndpoint::providerFromKey(m_settings->value(Name::provider).toString());
    // Demo is a session's choice (--demo), never a saved one.
    if (!provider || *provider == ApiEndpoint::Provider::Demo)
        return ApiEndpoint::Provider::QuickRouter;
    return *provider;
}

void Settings::setProvider(ApiEndpoint::Provider provider)
{
    // Demo is a session's choice (--demo), never a saved one.
    if (provider == ApiEndpoint::Provider::Demo)
        return;
    update(Key::Provider, Name::provider, provider, ApiEndpoint::providerKey(provider), &Settings::provider);
}

QString Settings::customRoot() const
{
    return m_settings->value(Name::customRoot).toString();
}

void Settings::setCustomRoot(const QString &root)
{
    const QString trimmed = root.trimmed();
    update(Key::CustomRoot, Name::customRoot, trimmed, trimmed, &Settings::customRoot);
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
    const qint64 ms = m_settings->value(Name::pollInterval, qint64(defaultPollInterval.count())).toLongLong();
    return std::clamp<std::chrono::milliseconds>(std::chrono::milliseconds(ms), minPollInterval, maxPollInterval);
}

void Settings::setPollInterval(std::chrono::milliseconds interval)
{
    const auto clamped = std::clamp<std::chrono::milliseconds>(interval, minPollInterval, maxPollInterval);
    update(Key::PollInterval, Name::pollInterval, clamped, qint64(clamped.count()), &Settings::pollInterval);
}

int Settings::maxInFlight() const
{
    return std::clamp(m_settings->value(Name::maxInFlight, defaultMaxInFlight).toInt(), minInFlight, maxInFlightLimit);
}

void Settings::setMaxInFlight(int count)
{
    const int clamped = std::clamp(count, minInFlight, maxInFlightLimit);
    update(Key::MaxInFlight, Name::maxInFlight, clamped, clamped, &Settings::maxInFlight);
}

int Settings::importLimit() const
{
    return std::clamp(m_settings->value(Name::importLimit, defaultImportLimit).toInt(), minImportLimit, maxImportLimit);
}

void Settings::setImportLimit(int count)
{
    const int clamped = std::clamp(count, minImportLimit, maxImportLimit);
    update(Key::ImportLimit, Name::importLimit, clamped, clamped, &Settings::importLimit);
}

QString Settings::downloadFolder() const
{
    const QString folder = m_settings->value(Name::downloadFolder).toString();
    return folder.isEmpty() ? defaultDownloadFolder() : folder;
}

void Settings::setDownloadFolder(const QString &folder)
{
    // An empty folder stands for the default; the default itself is not written out, so that it keeps
    // following the Pictures folder.
    const QString effective = folder.isEmpty() ? defaultDownloadFolder() : folder;
    if (effective == downloadFolder())
        return;
    update(Key::DownloadFolder, Name::downloadFolder, effective, folder, &Settings::downloadFolder);
}

bool Settings::autoDownload() const
{
    return m_settings->value(Name::autoDownload, true).toBool();
}

void Settings::setAutoDownload(bool enabled)
{
    update(Key::AutoDownload, Name::autoDownload, enabled, enabled, &Settings::autoDownload);
}

bool Settings::embedProvenance() const
{
    return m_settings->value(Name::embedProvenance, true).toBool();
}

void Settings::setEmbedProvenance(bool enabled)
{
    update(Key::EmbedProvenance, Name::embedProvenance, enabled, enabled, &Settings::embedProvenance);
}

bool Settings::provenanceSidecar() const
{
    return m_settings->value(Name::provenanceSidecar, false).toBool();
}

void Settings::setProvenanceSidecar(bool enabled)
{
    update(Key::ProvenanceSidecar, Name::provenanceSidecar, enabled, enabled, &Settings::provenanceSidecar);
}

bool Settings::notifications() const
{
    return m_settings->value(Name::notifications, true).toBool();
}

void Settings::setNotifications(bool enabled)
{
    update(Key::Notifications, Name::notifications, enabled, enabled, &Settings::notifications);
}

QString Settings::language() const
{
    const QString language = m_settings->value(Name::language, systemLanguage()).toString();
    return isKnownLanguage(language) ? language : systemLanguage();
}

void Settings::setLanguage(const QString &language)
{
    const QString known = isKnownLanguage(language) ? language : systemLanguage();
    update(Key::Language, Name::language, known, known, &Settings::language);
}

QByteArray Settings::windowGeometry() const
{
    return m_settings->value(Name::windowGeometry).toByteArray();
}

void Settings::setWindowGeometry(const QByteArray &geometry)
{
    update(Key::WindowGeometry, Name::windowGeometry, geometry, geometry, &Settings::windowGeometry);
}

QByteArray Settings::windowState() const
{
    return m_settings->value(Name::windowState).toByteArray();
}

void Settings::setWindowState(const QByteArray &state)
{
    update(Key::WindowState, Name::windowState, state, state, &Settings::windowState);
}

QByteArray Settings::tableHeaderState() const
{
    return m_settings->value(Name::tableHeader).toByteArray();
}

void Settings::setTableHeaderState(const QByteArray &state)
{
    update(Key::TableHeaderState, Name::tableHeader, state, state, &Settings::tableHeaderState);
}

QByteArray Settings::splitterState() const
{
    return m_settings->value(Name::splitter).toByteArray();
}

void Settings::setSplitterState(const QByteArray &state)
{
    update(Key::SplitterState, Name::splitter, state, state, &Settings::splitterState);
}

Settings::ViewMode Settings::viewMode() const
{
    return m_settings->value(Name::viewMode).toString() == QLatin1String("gallery") ? ViewMode::Gallery
                                                                                    : ViewMode::Table;
}

void Settings::setViewMode(ViewMode mode)
{
    const QString stored = mode == ViewMode::Gallery ? QStringLiteral("gallery") : QStringLiteral("table");
    update(Key::ViewMode, Name::viewMode, mode, stored, &Settings::viewMode);
}

int Settings::galleryThumbnailSize() const
{
    return std::clamp(m_settings->value(Name::galleryThumbnailSize, defaultGalleryThumbnailSize).toInt(),
                      minGalleryThumbnailSize, maxGalleryThumbnailSize);
}

void Settings::setGalleryThumbnailSize(int size)
{
    const int clamped = std::clamp(size, minGalleryThumbnailSize, maxGalleryThumbnailSize);
    update(Key::GalleryThumbnailSize, Name::galleryThumbnailSize, clamped, clamped, &Settings::galleryThumbnailSize);
}

bool Settings::captureEnabled() const
{
    return m_settings->value(Name::captureEnabled, false).toBool();
}

void Settings::setCaptureEnabled(bool enabled)
{
    update(Key::CaptureEnabled, Name::captureEnabled, enabled, enabled, &Settings::captureEnabled);
}

quint16 Settings::capturePort() const
{
    return quint16(std::clamp(m_settings->value(Name::capturePort, int(defaultCapturePort)).toInt(), minCapturePort,
                              maxCapturePort));
}

void Settings::setCapturePort(int port)
{
    const auto clamped = quint16(std::clamp(port, minCapturePort, maxCapturePort));
    update(Key::CapturePort, Name::capturePort, clamped, int(clamped), &Settings::capturePort);
}

QStringList Settings::captureAllowedOrigins() const
{
    return normalizedOrigins(m_settings->value(Name::captureOrigins).toStringList());
}

void Settings::setCaptureAllowedOrigins(const QStringList &origins)
{
    const QStringList normalized = normalizedOrigins(origins);
    update(Key::CaptureAllowedOrigins, Name::captureOrigins, normalized, normalized, &Settings::captureAllowedOrigins);
}

bool Settings::startAtLogin() const
{
    return m_settings->value(Name::startAtLogin, false).toBool();
}

void Settings::setStartAtLogin(bool enabled)
{
    update(Key::StartAtLogin, Name::startAtLogin, enabled, enabled, &Settings::startAtLogin);
}

bool Settings::trayNoticeShown() const
{
    return m_settings->value(Name::trayNoticeShown, false).toBool();
}

void Settings::setTrayNoticeShown(bool shown)
{
    update(Key::TrayNoticeShown, Name::trayNoticeShown, shown, shown, &Settings::trayNoticeShown);
}

bool Settings::confirmRuns() const
{
    return m_settings->value(Name::confirmRuns, true).toBool();
}

void Settings::setConfirmRuns(bool confirm)
{
    update(Key::ConfirmRuns, Name::confirmRuns, confirm, confirm, &Settings::confirmRuns);
}

PriceTable Settings::prices() const
{
    const QByteArray stored = m_settings->value(Name::prices).toByteArray();
    if (stored.isEmpty())
        return PriceTable::defaults();
    Result<PriceTable, QString> table = PriceTable::fromJson(stored);
    return table ? std::move(table).value() : PriceTable::defaults();
}

void Settings::setPrices(const PriceTable &prices)
{
    update(Key::Prices, Name::prices, prices, QString::fromUtf8(prices.toJson()), &Settings::prices);
}

bool Settings::insecureKeyStorageAllowed() const
{
    return m_settings->value(Name::insecureAllowed, false).toBool();
}

void Settings::setInsecureKeyStorageAllowed(bool allowed)
{
    update(Key::InsecureKeyStorageAllowed, Name::insecureAllowed, allowed, allowed,
           &Settings::insecureKeyStorageAllowed);
}

QString Settings::fallbackSecret(const QString &providerKey) const
{
    return m_settings->value(Name::secretPrefix + providerKey).toString();
}

void Settings::setFallbackSecret(const QString &providerKey, const QString &secret)
{
    makeFilePrivate();
    m_settings->setValue(Name::secretPrefix + providerKey, secret);
    sync();
}

void Settings::removeFallbackSecret(const QString &providerKey)
{
    m_settings->remove(Name::secretPrefix + providerKey);
    sync();
}
