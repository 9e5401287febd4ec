#include "Translations.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>

#include <utility>

namespace {

const QString resourceDir = QStringLiteral(":/i18n");
const QString zhCN = QStringLiteral("zh_CN");

} // namespace

Translations::Translations() = default;

Translations::~Translations()
{
    remove();
}

QLocale Translations::localeFor(const QString &language)
{
    if (language == zhCN)
        return QLocale(QLocale::Chinese, QLocale::SimplifiedHanScript, QLocale::China);
    if (language == u"en")
        return QLocale(QLocale::English, QLocale::system().territory());
    return QLocale::system();
}

QStringList Translations::availableLanguages()
{
    const QString prefix = QStringLiteral("replimon_");
    const QString suffix = QStringLiteral(".qm");
    QStringList languages;
    const QStringList files = QDir(resourceDir).entryList({prefix + u'*' + suffix}, QDir::Files, QDir::Name);
    for (const QString &file : files)
        languages.append(file.mid(prefix.size()).chopped(suffix.size()));
    return languages;
}

QString Translations::install(const QString &language)
{
    remove();
    const QLocale locale = localeFor(language);
    if (language != u"system") {
        QLocale::setDefault(locale);
        m_explicitLocale = true;
    } else if (std::exchange(m_explicitLocale, false)) {
        // Back to the desktop's language while running: numbers and dates follow it again too.
        QLocale::setDefault(QLocale::system());
    }

    const QString english = QStringLiteral("en");
    bool found = language != english
        && m_app.load(locale, QStringLiteral("replimon"), QStringLiteral("_"), resourceDir);
    // Simplified Chinese outside mainland China (zh_SG, zh_Hans_MY…) still reads the zh_CN catalogue.
    if (!found && locale.language() == QLocale::Chinese && locale.script() != QLocale::TraditionalHanScript)
        found = m_app.load(QStringLiteral("replimon_zh_CN"), resourceDir);
    if (!found && !m_app.load(QStringLiteral("replimon_en"), resourceDir))
        return {};
    QCoreApplication::installTranslator(&m_app);
    m_installed = true;

    const QString used = m_app.language();
    // Qt's standard buttons and dialogs; a missing file leaves them in English.
    if (!used.startsWith(english)
        && m_qt.load(QLocale(used), QStringLiteral("qtbase"), QStringLiteral("_"),
                     QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(&m_qt);
    }
    return used;
}

void Translations::remove()
{
    if (!m_installed)
        return;
    QCoreApplication::removeTranslator(&m_qt);
    QCoreApplication::removeTranslator(&m_app);
    m_installed = false;
}
