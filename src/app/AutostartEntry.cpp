#include "AutostartEntry.h"

#include <algorithm>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

#include "SafeWrite.h"

namespace {

// Inside a quoted Exec argument these are escaped with a backslash (Desktop Entry specification,
// "The Exec key").
bool needsBackslash(QChar c)
{
    return c == u'"' || c == u'`' || c == u'$' || c == u'\\';
}

// Characters that make an Exec argument need quotes.
bool isReserved(QChar c)
{
    static const QString reserved = QStringLiteral(" \t\n\"'\\><~|&;$*?#()`");
    return reserved.contains(c);
}

QString quoteArgument(const QString &argument)
{
    QString quoted;
    const bool quote = argument.isEmpty() || std::any_of(argument.cbegin(), argument.cend(), isReserved);
    for (const QChar c : argument) {
        if (c == u'%')
            quoted += QStringLiteral("%%"); // a literal percent sign, not a field code
        else if (quote && needsBackslash(c))
            quoted += u'\\' + QString(c);
        else
            quoted += c;
    }
    return quote ? u'"' + quoted + u'"' : quoted;
}

// A string value of a desktop entry: backslashes (including those the Exec quoting added) are escaped
// once more, and a line break cannot end the value.
QString escapeValue(const QString &value)
{
    QString escaped;
    for (const QChar c : value) {
        if (c == u'\\')
            escaped += QStringLiteral("\\\\");
        else if (c == u'\n')
            escaped += QStringLiteral("\\n");
        else if (c == u'\r')
            escaped += QStringLiteral("\\r");
        else if (c == u'\t')
            escaped += QStringLiteral("\\t");
        else
            escaped += c;
    }
    return escaped;
}

} // namespace

AutostartEntry::AutostartEntry(QString filePath, QString program)
    : m_filePath(std::move(filePath))
    , m_program(std::move(program))
{}

QString AutostartEntry::defaultPath()
{
    // GenericConfigLocation is $XDG_CONFIG_HOME, or ~/.config without it: where the specification looks.
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation))
        .filePath(QStringLiteral("autostart/replimon.desktop"));
}

QString AutostartEntry::execLine(const QString &program, const QStringList &arguments)
{
    QStringList parts{quoteArgument(program)};
    for (const QString &argument : arguments)
        parts.append(quoteArgument(argument));
    return parts.join(u' ');
}

QByteArray AutostartEntry::contents() const
{
    // The same name, icon and window class as the installed desktop file, so that the desktop shows the
    // started app as that one.
    const QString exec = escapeValue(execLine(m_program, {QStringLiteral("--tray")}));
    return QStringLiteral("[Desktop Entry]\n"
                          "Type=Application\n"
                          "Name=Replimon\n"
                          "Comment=Start Replimon in the tray when you log in\n"
                          "Comment[zh_CN]=登录时在托盘中启动 Replimon\n"
                          "Exec=%1\n"
                          "Icon=io.github.replimon.Replimon\n"
                          "Terminal=false\n"
                          "StartupWMClass=replimon\n"
                          "X-GNOME-Autostart-enabled=true\n")
        .arg(exec)
        .toUtf8();
}

bool AutostartEntry::exists() const
{
    return QFileInfo::exists(m_filePath);
}

Result<bool, QString> AutostartEntry::write() const
{
    const QByteArray wanted = contents();
    // Applied at every start while the setting is on: an entry already as it should be is left alone,
    // so that a start costs no write (and no fsync) on the GUI thread.
    if (QFile existing(m_filePath); existing.open(QIODevice::ReadOnly) && existing.read(wanted.size() + 1) == wanted)
        return true;
    const QFileInfo info(m_filePath);
    if (!QDir().mkpath(info.absolutePath()))
        return QCoreApplication::translate("AutostartEntry", "The folder %1 could not be created.")
            .arg(QDir::toNativeSeparators(info.absolutePath()));
    QSaveFile file(m_filePath);
    if (!file.open(QIODevice::WriteOnly) || file.write(wanted) < 0 || SafeWrite::commit(file))
        return file.errorString();
    return true;
}

Result<bool, QString> AutostartEntry::remove() const
{
    QFile file(m_filePath);
    if (file.exists() && !file.remove())
        return file.errorString();
    return true;
}

Result<bool, QString> AutostartEntry::apply(bool enabled) const
{
    return enabled ? write() : remove();
}
