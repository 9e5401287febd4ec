#include "KeyBanner.h"

#include <QCoreApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

KeyBanner::KeyBanner(QWidget *parent)
    : QFrame(parent)
{
    setObjectName(QStringLiteral("keyBanner"));
    setAutoFillBackground(true);
    QPalette bannerPalette = palette();
    bannerPalette.setColor(QPalette::Window, QColor(0xfd, 0xec, 0xc8));
    bannerPalette.setColor(QPalette::WindowText, QColor(0x4a, 0x33, 0x00));
    setPalette(bannerPalette);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 6, 6);
    m_text = new QLabel(this);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_button = new QPushButton(this);
    connect(m_button, &QPushButton::clicked, this, &KeyBanner::settingsRequested);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_button);
    retranslate();
}

void KeyBanner::setText(const QString &text)
{
    m_text->setText(text);
}

QString KeyBanner::text() const
{
    return m_text->text();
}

QString KeyBanner::problemText(const QString &authMessage)
{
    // The window's context: the texts were translated as the window's own.
    if (!authMessage.isEmpty())
        return QCoreApplication::translate("MainWindow", "The provider rejected the API key: %1").arg(authMessage);
    return QCoreApplication::translate("MainWindow",
                                       "Replimon needs the API key of your provider (QuickRouter, AnyAPI or "
                                       "Replicate) to fetch your predictions. Or try it first on demo data.");
}

void KeyBanner::retranslate()
{
    // The window's context: the text was translated as the window's own.
    m_button->setText(QCoreApplication::translate("MainWindow", "Open Settings…"));
}
