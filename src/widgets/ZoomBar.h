#pragma once

#include <QWidget>

class QHBoxLayout;
class QKeyEvent;
class QLabel;
class QToolButton;

/// The zoom controls of the image windows (the viewer, Compare): Fit (F), 100 % (1), − and +, and what the
/// zoom is now. What they do is the window's: the bar only says what was clicked (or pressed).
class ZoomBar final : public QWidget
{
    Q_OBJECT

public:
    explicit ZoomBar(QWidget *parent = nullptr);

    /// Fit and 100 % checked when they apply; @p text beside them ("" for none).
    void setState(bool fitting, bool actualSize, const QString &text);
    /// "150 %" for a zoom of 1.5 device pixels per image pixel.
    static QString percent(qreal zoom);
    /// The keys of the buttons (F, 1, + or =, -): emits what the button would and returns true; false for
    /// other keys.
    bool takeKey(const QKeyEvent &event);
    /// The row, to add the window's own controls after the stretch.
    QHBoxLayout &row() const { return *m_row; }

Q_SIGNALS:
    void fitClicked();
    void actualSizeClicked();
    void zoomInClicked();
    void zoomOutClicked();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();

    QHBoxLayout *m_row;
    QToolButton *m_fitButton;
    QToolButton *m_actualButton;
    QToolButton *m_zoomOutButton;
    QToolButton *m_zoomInButton;
    QLabel *m_label;
};
