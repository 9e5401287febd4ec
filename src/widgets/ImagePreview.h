#pragma once

#include "ImageCache.h"

#include <QFrame>
#include <QPixmap>
#include <QPoint>
#include <QString>
#include <QTimer>
#include <QUrl>

/// One image of a task, scaled to fit its box, loaded through the ImageCache at the box's size in device
/// pixels (so it stays crisp on HiDPI screens). Shows a placeholder while loading and the reason when it
/// cannot be shown. A click asks for the full-size viewer (clicked()); the context menu copies the image
/// or its address, saves it, or opens it in the browser; dragging it out drops the file. An output that is
/// text rather than an image (JSON, plain text) is shown as text.
class ImagePreview final : public QFrame
{
    Q_OBJECT

public:
    enum class State {
        Empty,
        Loading,
        Ready,
        Failed,
        Text
    };
    Q_ENUM(State)

    struct Source
    {
        QUrl url;          ///< What is shown: a local file's URL when there is a saved copy, else remoteUrl.
        QUrl remoteUrl;    ///< The server's address (http(s) or data:); empty when only the local copy is left.
        QString localPath; ///< The saved copy, or "".
        QString fileName;  ///< Suggested name (without extension) for Save As and drags: `<id>[-<n>]`.
    };

    explicit ImagePreview(ImageCache &cache, QWidget *parent = nullptr);

    void setSource(const Source &source);
    Source source() const { return m_source; }
    /// The folder Save As starts in.
    void setSaveFolder(const QString &folder) { m_saveFolder = folder; }

    State state() const { return m_state; }
    /// Loading, or decoding again for a new size (the old image is shown meanwhile).
    bool isBusy() const { return m_pending || m_resizeTimer.isActive(); }
    /// Why it cannot be shown: a headline ("Expired", "Not an image", …), a newline, the details.
    QString failureReason() const { return m_failureHeadline + u'\n' + m_failureDetail; }
    /// The size of the decoded image shown now, in device pixels (null while none).
    QSize imageSize() const { return m_pixmap.size(); }
    /// What a text output says (State::Text), "" otherwise.
    QString text() const { return m_text; }

    /// The file a drag carries: the saved copy, or a temporary copy of the cached original named after
    /// fileName. "" when the image has not been fetched.
    QString fileForExport() const;
    /// Puts the full-size image (not the scaled preview) on the clipboard once it is decoded.
    void copyImage();

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

Q_SIGNALS:
    void clicked();

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    QSize wantedSize() const;
    void requestImage();
    void onImageReady(const QUrl &url, const QSize &requestedSize, const QImage &image);
    void onImageFailed(const QUrl &url, const QString &reason, ImageCache::Failure failure);
    void onTextReady(const QUrl &url, const QString &text);
    void saveAs();
    void startDrag();

    ImageCache &m_cache;
    Source m_source;
    QString m_saveFolder;
    State m_state = State::Empty;
    QString m_failureHeadline;
    QString m_failureDetail;
    QPixmap m_pixmap;
    QString m_text;
    QSize m_requested;
    QSize m_aspect;         ///< The shown image's size: its aspect shapes heightForWidth().
    bool m_pending = false; ///< m_requested has not been answered yet.
    bool m_copyPending = false;
    QPoint m_pressPosition;
    bool m_pressed = false;
    QTimer m_resizeTimer;
};
