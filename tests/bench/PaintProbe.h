#pragma once

#include <QObject>

#include <functional>

class QWidget;

/// Calls a function once, after the first paint event of a widget that the function's condition accepts
/// (checked as the paint starts) has been handled, so that the painting is counted by whoever times it.
class PaintProbe final : public QObject
{
public:
    /// Watches @p widget; @p ready (null: any paint) decides whether a paint counts.
    PaintProbe(QWidget *widget, std::function<bool()> ready, std::function<void()> onPainted);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    std::function<bool()> m_ready;
    std::function<void()> m_onPainted;
};
