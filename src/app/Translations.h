#pragma once

#include <QLocale>
#include <QString>
#include <QTranslator>

/// The app's translations (built into the binary under :/i18n) and Qt's own, for the language the user
/// chose: "system" follows the desktop's locale, "zh_CN" and "en" are explicit. English has a catalogue too,
/// of plural forms only ("1 prediction", "2 predictions"); it also serves the languages the app does not
/// speak. Qt's translations are only installed along with one of the app's, so that a window is never half
/// in one language, half in another.
class Translations final
{
public:
    Translations();
    ~Translations();
    Translations(const Translations &) = delete;
    Translations &operator=(const Translations &) = delete;

    /// Installs the translators for @p language (a Settings::language() value) in place of earlier ones.
    /// An explicit choice also becomes the default QLocale, so that numbers and dates match the words.
    /// Returns the language of the catalogue now in use ("zh_CN", "en"), or "" when none could be loaded.
    QString install(const QString &language);
    /// Removes the installed translators: the app speaks English again.
    void remove();

    /// The locale @p language stands for ("system": the desktop's).
    static QLocale localeFor(const QString &language);
    /// The languages the app has a catalogue for (English included), as Settings::language() values.
    static QStringList availableLanguages();

private:
    QTranslator m_app;
    QTranslator m_qt;
    bool m_installed = false;
    bool m_explicitLocale = false; ///< install() made a chosen language the default QLocale.
};
