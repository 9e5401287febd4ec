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

    /// Why tasks cannot be polled, as the banner and the empty page say it: @p authMessage is the
    /// server's refusal, "" when there is no key at all.
    static QString problemText(const QString &authMessage);

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
