#pragma once

#include "ApiEndpoint.h"
#include "PriceTable.h"

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QStringList>

#include <chrono>
#include <memory>

class QSettings;

/// Typed access to the application's settings. Every key and default is defined once, in Settings.cpp;
/// enums are stored as strings. The API key is never stored here (see ApiKeyStore), except under the
/// explicitly consented unencrypted fallback, which ApiKeyStore manages through fallbackSecret().
///
/// Setters clamp what they are given, store the clamped value, and emit changed() only when the value
/// the getter returns differs afterwards: consumers subscribe to the keys they use instead of being told.
class Settings final : public QObject
{
    Q_OBJECT

public:
    /// One per setting that has a setter; the argument of changed().
    enum class Key {
        Provider,
        CustomRoot,
        PollInterval,
        MaxInFlight,
        ImportLimit,
        DownloadFolder,
        AutoDownload,
        EmbedProvenance,
        ProvenanceSidecar,
        Notifications,
        Language,
        WindowGeometry,
        WindowState,
        TableHeaderState,
        SplitterState,
        InsecureKeyStorageAllowed,
        CaptureEnabled,
        CapturePort,
        CaptureAllowedOrigins,
        StartAtLogin,
        TrayNoticeShown,
        ConfirmRuns,
        Prices,
        ViewMode,
        GalleryThumbnailSize,
    };
    Q_ENUM(Key)

    /// How the main window shows the tasks.
    enum class ViewMode {
        Table,
        Gallery,
    };
    Q_ENUM(ViewMode)

    /// The gallery's cell side in device-independent pixels: the range of its slider.
    static constexpr int minGalleryThumbnailSize = 64;
    static constexpr int maxGalleryThumbnailSize = 512;
    static constexpr int defaultGalleryThumbnailSize = 160;

    /// Uses ~/.config/replimon/replimon.ini, or @p filePath (tests point this at a temporary file).
    explicit Settings(const QString &filePath = {}, QObject *parent = nullptr);
    ~Settings() override;
    Settings(const Settings &) = delete;
    Settings &operator=(const Settings &) = delete;

    QString fileName() const;
    void sync();

    ApiEndpoint::Provider provider() const;
    void setProvider(ApiEndpoint::Provider provider);
    QString customRoot() const;
    void setCustomRoot(const QString &root);
    /// The endpoint the settings describe (the preset, or Custom with customRoot()). Invalid when the
    /// custom root does not validate.
    ApiEndpoint endpoint() const;

    std::chrono::milliseconds pollInterval() const; ///< default 2 s, clamped to 0.5–300 s
    void setPollInterval(std::chrono::milliseconds interval);
    int maxInFlight() const; ///< default 4, clamped to 1–16
    void setMaxInFlight(int count);
    int importLimit() const; ///< default 200 predictions
    void setImportLimit(int count);

    QString downloadFolder() const; ///< default Pictures/Replimon
    void setDownloadFolder(const QString &folder);
    bool autoDownload() const; ///< default true: outputs expire after an hour
    void setAutoDownload(bool enabled);
    /// Whether saved outputs carry their prediction inside the file (prompt, parameters, JSON); default true.
    bool embedProvenance() const;
    void setEmbedProvenance(bool enabled);
    /// Whether a `.json` with the prediction is written beside each saved output; default false.
    bool provenanceSidecar() const;
    void setProvenanceSidecar(bool enabled);
    bool notifications() const; ///< default true
    void setNotifications(bool enabled);
    QString language() const; ///< "system" (default), "en" or "zh_CN"
    void setLanguage(const QString &language);

    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray &geometry);
    QByteArray windowState() const;
    void setWindowState(const QByteArray &state);
    QByteArray tableHeaderState() const;
    void setTableHeaderState(const QByteArray &state);
    QByteArray splitterState() const;
    void setSplitterState(const QByteArray &state);
    /// The table or the gallery (default the table); stored as "table" or "gallery".
    ViewMode viewMode() const;
    void setViewMode(ViewMode mode);
    /// The gallery's thumbnail size, default defaultGalleryThumbnailSize, clamped to the slider's range.
    int galleryThumbnailSize() const;
    void setGalleryThumbnailSize(int size);

    /// The capture endpoint's documented default port (`http://127.0.0.1:5088/v1`).
    static constexpr quint16 defaultCapturePort = 5088;
    /// Whether the capture endpoint listens (default false: it is off until the user turns it on).
    bool captureEnabled() const;
    void setCaptureEnabled(bool enabled);
    quint16 capturePort() const; ///< default defaultCapturePort, clamped to 1024–65535
    void setCapturePort(int port);
    /// Browser origins allowed to call the endpoint (CORS); default none. Stored trimmed, without empty
    /// entries, trailing slashes or repeats, in the order given.
    QStringList captureAllowedOrigins() const;
    void setCaptureAllowedOrigins(const QStringList &origins);
    /// Whether Replimon starts, in the tray, when the user logs in (an XDG autostart entry); default false.
    bool startAtLogin() const;
    void setStartAtLogin(bool enabled);
    /// Whether the user was told once that closing the window keeps Replimon running in the tray.
    bool trayNoticeShown() const;
    void setTrayNoticeShown(bool shown);
    /// Whether Run Again and Remix ask before sending (they cost money); default true, turned off by the
    /// first confirmation.
    bool confirmRuns() const;
    void setConfirmRuns(bool confirm);
    /// The price of each model per provider; PriceTable::defaults() until the user edits it (and when the
    /// stored table does not read).
    PriceTable prices() const;
    void setPrices(const PriceTable &prices);

    /// Whether the user agreed to keep API keys unencrypted in this file (no keychain available).
    bool insecureKeyStorageAllowed() const;
    void setInsecureKeyStorageAllowed(bool allowed);
    /// The unencrypted fallback copy of a provider's key; only ApiKeyStore uses these.
    QString fallbackSecret(const QString &providerKey) const;
    void setFallbackSecret(const QString &providerKey, const QString &secret);
    void removeFallbackSecret(const QString &providerKey);

Q_SIGNALS:
    /// The value of @p key is now different from what its getter returned before.
    void changed(Settings::Key key);

private:
    void makeFilePrivate();
    /// Writes @p stored under @p name, and announces the change when @p value (what the getter will
    /// return) differs from what @p getter returned before.
    template <typename T>
    void update(Key key, const QString &name, const T &value, const QVariant &stored, T (Settings::*getter)() const);

    std::unique_ptr<QSettings> m_settings;
};
