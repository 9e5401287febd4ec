#pragma once

#include <QFrame>

class QLabel;
class QPushButton;

/// A band above the task table that says why the tasks cannot be polled (no key, or a rejected one) and
/// leads to the settings.
class KeyBanner final : public QFrame
{
    Q_OBJECT

public:
    explicit KeyBanner(QWidget *parent = nullptr);

    void setText(const QString &text);
    QString text() const;
    /// Names the button again in the language now installed.
    void retranslate();

Q_SIGNALS:
    void settingsRequested();

private:
    QLabel *m_text = nullptr;
    QPushButton *m_button = nullptr;
};
