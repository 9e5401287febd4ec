#include "ImagePreview.h"

#include "FileDownloader.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QDesktopServices>
#include <QDir>
#include <QDrag>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QMouseEvent>
#include <QPainter>
#include <QStyle>

#include <algorithm>
#include <cmath>

namespace {

constexpr int previewMinHeight = 96;
constexpr int previewMaxHeight = 300;
constexpr int resizeDebounceMs = 120;

QString extensionOf(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QString sniffed = FileDownloader::sniffImageType(file.read(16));
    return sniffed.isEmpty() ? QFileInfo(path).suffix() : sniffed;
}

} // namespace

ImagePreview::ImagePreview(ImageCache &cache, QWidget *parent)
    : QFrame(parent)
    , m_cache(cache)
{
    setFrameShape(QFrame::NoFrame);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    setContextMenuPolicy(Qt::DefaultContextMenu);
    setAttribute(Qt::WA_OpaquePaintEvent, false);
    m_resizeTimer.setSingleShot(true);
    connect(&m_resizeTimer, &QTimer::timeout, this, &ImagePreview::requestImage);
    connect(&m_cache, &ImageCache::imageReady, this, &ImagePreview::onImageReady);
    connect(&m_cache, &ImageCache::imageFailed, this, &ImagePreview::onImageFailed);
    connect(&m_cache, &ImageCache::textReady, this, &ImagePreview::onTextReady);
}

void ImagePreview::setSource(const Source &source)
{
    const bool sameImage = source.url == m_source.url;
    m_source = source;
    QString tip = source.remoteUrl.scheme() == u"data" ? tr("Embedded image (data: address)")
                                                       : source.remoteUrl.toDisplayString();
    if (!source.localPath.isEmpty())
        tip = (tip.isEmpty() ? QString() : tip + u'\n')
            + tr("Saved as %1").arg(QDir::toNativeSeparators(source.localPath));
    setToolTip(tip);
    if (sameImage && m_state != State::Empty)
        return;
    m_pixmap = QPixmap();
    m_text.clear();
    m_aspect = QSize();
    m_requested = QSize();
    m_pending = false;
    m_failureHeadline.clear();
    m_failureDetail.clear();
    m_state = source.url.isEmpty() ? State::Empty : State::Loading;
    setCursor(Qt::ArrowCursor);
    updateGeometry();
    update();
    requestImage();
}

QSize ImagePreview::wantedSize() const
{
    const qreal ratio = devicePixelRatioF();
    const QSize logical = contentsRect().size();
    return QSize(int(std::ceil(logical.width() * ratio)), int(std::ceil(logical.height() * ratio)));
}

void ImagePreview::requestImage()
{
    if (m_source.url.isEmpty() || m_state == State::Failed || m_state == State::Text)
        return;
    const QSize wanted = wantedSize();
    if (wanted.width() < 8 || wanted.height() < 8)
        return; // not laid out yet: resizeEvent asks again
    if (wanted == m_requested)
        return;
    m_requested = wanted;
    m_pending = true;
    m_cache.request(m_source.url, wanted);
}

void ImagePreview::onImageReady(const QUrl &url, const QSize &requestedSize, const QImage &image)
{
    if (url != m_source.url)
        return;
    if (requestedSize.isValid() && requestedSize != m_requested)
        return; // an older size, or another preview's
    if (!requestedSize.isValid()) {
        // The full image, asked for by "Copy image".
        if (std::exchange(m_copyPending, false))
            QGuiApplication::clipboard()->setImage(image);
        return;
    }
    m_pending = false;
    m_pixmap = QPixmap::fromImage(image);
    m_pixmap.setDevicePixelRatio(devicePixelRatioF());
    // Scaled sizes round differently: only a real change of shape needs a new layout.
    const bool aspectChanged = !m_aspect.isValid() || image.width() == 0
        || std::abs(qreal(m_aspect.height()) / m_aspect.width() - qreal(image.height()) / image.width()) > 0.01;
    m_aspect = image.size();
    m_state = State::Ready;
    setCursor(Qt::PointingHandCursor);
    if (aspectChanged)
        updateGeometry();
    update();
}

void ImagePreview::onImageFailed(const QUrl &url, const QString &reason, ImageCache::Failure failure)
{
    if (url != m_source.url)
        return;
    m_copyPending = false;
    m_pending = false;
    if (m_state == State::Ready)
        return; // the preview is fine; only a later request failed
    QString headline;
    switch (failure) {
    case ImageCache::Failure::NotFound:
        headline = m_source.url.isLocalFile() ? tr("The saved file is missing") : tr("Expired");
        break;
    case ImageCache::Failure::NotAnImage:
        headline = tr("Not an image");
        break;
    case ImageCache::Failure::TooLarge:
        headline = tr("Too large to preview");
        break;
    case ImageCache::Failure::Network:
        headline = tr("Could not load");
        break;
    case ImageCache::Failure::Unsupported:
        headline = tr("Cannot be shown");
        break;
    }
    m_state = State::Failed;
    m_failureHeadline = headline;
    m_failureDetail = reason;
    m_pixmap = QPixmap();
    setCursor(Qt::ArrowCursor);
    update();
}

void ImagePreview::onTextReady(const QUrl &url, const QString &text)
{
    if (url != m_source.url)
        return;
    m_pending = false;
    m_copyPending = false;
    m_state = State::Text;
    m_text = text;
    m_pixmap = QPixmap();
    setCursor(Qt::IBeamCursor);
    updateGeometry();
    update();
}

QSize ImagePreview::sizeHint() const
{
    return QSize(220, heightForWidth(220));
}

QSize ImagePreview::minimumSizeHint() const
{
    return QSize(64, previewMinHeight);
}

int ImagePreview::heightForWidth(int width) const
{
    const QMargins margins = contentsMargins();
    const int inner = std::max(1, width - margins.left() - margins.right());
    if (m_state == State::Text) {
        // As tall as the text needs (as painted: 8 px sides, 6 px top and bottom), within the usual bounds.
        const QFontMetrics metrics(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        const QRect box = metrics.boundingRect(QRect(0, 0, std::max(1, inner - 16), previewMaxHeight),
                                               Qt::AlignLeft | Qt::AlignTop | Qt::TextWrapAnywhere, m_text.left(4000));
        return std::clamp(box.height() + 12 + margins.top() + margins.bottom(), previewMinHeight, previewMaxHeight);
    }
    const qreal aspect = m_aspect.isValid() ? qreal(m_aspect.height()) / m_aspect.width() : 0.75;
    const int height = int(std::lround(inner * aspect)) + margins.top() + margins.bottom();
    return std::clamp(height, previewMinHeight, previewMaxHeight);
}

void ImagePreview::paintEvent(QPaintEvent *event)
{
    QFrame::paintEvent(event);
    QPainter painter(this);
    const QRect area = contentsRect();
    if (m_state == State::Ready && !m_pixmap.isNull()) {
        if (!qFuzzyCompare(m_pixmap.devicePixelRatio(), devicePixelRatioF())) {
            // Moved to a screen of another density: decode again for it.
            m_pixmap.setDevicePixelRatio(devicePixelRatioF());
            m_requested = QSize();
            requestImage();
        }
        const QSizeF logical = QSizeF(m_pixmap.size()) / m_pixmap.devicePixelRatio();
        QSizeF drawn = logical;
        if (drawn.width() > area.width() || drawn.height() > area.height())
            drawn = logical.scaled(QSizeF(area.size()), Qt::KeepAspectRatio);
        const QRectF target(area.left() + (area.width() - drawn.width()) / 2,
                            area.top() + (area.height() - drawn.height()) / 2, drawn.width(), drawn.height());
        painter.setRenderHint(QPainter::SmoothPixmapTransform);
        painter.drawPixmap(target, m_pixmap, QRectF(m_pixmap.rect()));
        return;
    }

    if (m_state == State::Empty)
        return;
    if (m_state == State::Text) {
        // A text output reads like the logs: monospace, from the top left, cut off where the box ends.
        painter.fillRect(area, palette().color(QPalette::Base));
        painter.setPen(palette().color(QPalette::Mid));
        painter.drawRect(QRectF(area).adjusted(0.5, 0.5, -0.5, -0.5));
        painter.setPen(palette().color(QPalette::Text));
        painter.setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        painter.setClipRect(area.adjusted(1, 1, -1, -1));
        painter.drawText(area.adjusted(8, 6, -8, -6), Qt::AlignLeft | Qt::AlignTop | Qt::TextWrapAnywhere,
                         m_text.left(4000));
        return;
    }
    painter.fillRect(area, palette().color(QPalette::AlternateBase));
    painter.setPen(palette().color(QPalette::Mid));
    painter.drawRect(QRectF(area).adjusted(0.5, 0.5, -0.5, -0.5));

    const QRect textArea = area.adjusted(10, 8, -10, -8);
    const int flags = Qt::AlignHCenter | Qt::TextWordWrap;
    const bool failed = m_state == State::Failed;
    QFont headlineFont = font();
    headlineFont.setBold(failed);
    const QString headline = failed ? m_failureHeadline : tr("Loading…");
    QFont detailFont = font();
    detailFont.setPointSizeF(font().pointSizeF() * 0.9);
    const QString detail = failed ? m_failureDetail : QString();
    const QRect headlineBox = QFontMetrics(headlineFont).boundingRect(textArea, flags, headline);
    const QRect detailBox = detail.isEmpty() ? QRect() : QFontMetrics(detailFont).boundingRect(textArea, flags, detail);
    const int gap = detail.isEmpty() ? 0 : 4;
    int top = textArea.top() + std::max(0, (textArea.height() - headlineBox.height() - gap - detailBox.height()) / 2);
    painter.setFont(headlineFont);
    painter.setPen(palette().color(failed ? QPalette::WindowText : QPalette::PlaceholderText));
    painter.drawText(QRect(textArea.left(), top, textArea.width(), headlineBox.height()), flags, headline);
    if (!detail.isEmpty()) {
        top += headlineBox.height() + gap;
        painter.setFont(detailFont);
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(QRect(textArea.left(), top, textArea.width(), textArea.bottom() - top), flags, detail);
    }
}

void ImagePreview::resizeEvent(QResizeEvent *event)
{
    QFrame::resizeEvent(event);
    // Once resizing settles (the first time: once the layout has placed it).
    m_resizeTimer.start(m_requested.isValid() ? resizeDebounceMs : 0);
}

void ImagePreview::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        m_pressed = true;
        m_pressPosition = event->position().toPoint();
    }
    QFrame::mousePressEvent(event);
}

void ImagePreview::mouseMoveEvent(QMouseEvent *event)
{
    if (m_pressed && (event->buttons() & Qt::LeftButton)
        && (event->position().toPoint() - m_pressPosition).manhattanLength() >= QApplication::startDragDistance()) {
        m_pressed = false;
        startDrag();
        return;
    }
    QFrame::mouseMoveEvent(event);
}

void ImagePreview::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && std::exchange(m_pressed, false)
        && rect().contains(event->position().toPoint()) && m_state == State::Ready) {
        Q_EMIT clicked();
    }
    QFrame::mouseReleaseEvent(event);
}

void ImagePreview::contextMenuEvent(QContextMenuEvent *event)
{
    if (m_source.url.isEmpty())
        return;
    QMenu menu(this);
    if (m_state == State::Text) {
        menu.addAction(tr("Copy Text"), this, [text = m_text] { QGuiApplication::clipboard()->setText(text); });
    } else {
        QAction *copy = menu.addAction(tr("Copy Image"), this, &ImagePreview::copyImage);
        copy->setEnabled(m_state == State::Ready);
    }
    QAction *save = menu.addAction(m_state == State::Text ? tr("Save As…") : tr("Save Image As…"), this,
                                   &ImagePreview::saveAs);
    save->setEnabled(m_state == State::Ready || m_state == State::Text);
    menu.addSeparator();
    const QUrl address = m_source.remoteUrl.isEmpty() ? m_source.url : m_source.remoteUrl;
    menu.addAction(tr("Copy Address"), this, [address] {
        QGuiApplication::clipboard()->setText(address.isLocalFile() ? address.toLocalFile() : address.toString());
    });
    QAction *open = menu.addAction(m_source.remoteUrl.isEmpty() ? tr("Open File") : tr("Open in Browser"), this,
                                   [address] { QDesktopServices::openUrl(address); });
    // Browsers do not open long data: addresses from another program.
    open->setEnabled(address.scheme() != u"data");
    if (!m_source.localPath.isEmpty()) {
        menu.addAction(tr("Show in Folder"), this, [path = m_source.localPath] {
            QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(path).absolutePath()));
        });
    }
    menu.exec(event->globalPos());
}

void ImagePreview::copyImage()
{
    // The preview is scaled down: the clipboard gets the full image once it is decoded.
    m_copyPending = true;
    m_cache.request(m_source.url);
}

QString ImagePreview::fileForExport() const
{
    if (!m_source.localPath.isEmpty() && QFileInfo::exists(m_source.localPath))
        return m_source.localPath;
    const QString original = m_cache.originalFile(m_source.url);
    if (original.isEmpty())
        return {};
    const QString extension = extensionOf(original);
    QDir folder(QDir::temp().filePath(QStringLiteral("replimon-drag")));
    folder.mkpath(QStringLiteral("."));
    const QString name = FileDownloader::safeFileName(
        (m_source.fileName.isEmpty() ? QStringLiteral("image") : m_source.fileName)
        + (extension.isEmpty() ? QString() : u'.' + extension));
    const QString target = folder.filePath(name);
    QFile::remove(target);
    return QFile::copy(original, target) ? target : QString();
}

void ImagePreview::saveAs()
{
    const QString original = m_source.localPath.isEmpty() ? m_cache.originalFile(m_source.url) : m_source.localPath;
    if (original.isEmpty()) {
        QMessageBox::information(this, tr("Save Image"), tr("The image has not been downloaded yet."));
        return;
    }
    QString extension = extensionOf(original);
    // Text has no signature to sniff: the server's name for it tells (output.json, result.txt).
    if (extension.isEmpty())
        extension = QFileInfo(m_source.remoteUrl.path()).suffix();
    const QString name = FileDownloader::safeFileName(
        (m_source.fileName.isEmpty() ? QStringLiteral("image") : m_source.fileName)
        + (extension.isEmpty() ? QString() : u'.' + extension));
    const QString filter = extension.isEmpty() ? QString() : tr("%1 image (*.%2)").arg(extension.toUpper(), extension);
    const QString target = QFileDialog::getSaveFileName(this, tr("Save Image"), QDir(m_saveFolder).filePath(name),
                                                        filter);
    if (target.isEmpty() || QFileInfo(target) == QFileInfo(original))
        return;
    QFile::remove(target);
    if (!QFile::copy(original, target)) {
        QMessageBox::warning(this, tr("Save Image"),
                             tr("The image could not be saved to %1.").arg(QDir::toNativeSeparators(target)));
    }
}

void ImagePreview::startDrag()
{
    if (m_state != State::Ready)
        return;
    const QString file = fileForExport();
    if (file.isEmpty())
        return;
    auto *mime = new QMimeData;
    mime->setUrls({QUrl::fromLocalFile(file)});
    auto *drag = new QDrag(this);
    drag->setMimeData(mime);
    const int thumb = 96;
    QPixmap icon = m_pixmap.scaled(QSize(thumb, thumb) * m_pixmap.devicePixelRatio(), Qt::KeepAspectRatio,
                                   Qt::SmoothTransformation);
    icon.setDevicePixelRatio(m_pixmap.devicePixelRatio());
    drag->setPixmap(icon);
    drag->exec(Qt::CopyAction);
}
