#pragma once

#include "Result.h"

#include <QByteArray>
#include <QString>

/// Replimon's XDG autostart entry ($XDG_CONFIG_HOME/autostart/replimon.desktop): while it exists, the
/// desktop starts `replimon --tray` when the user logs in (the Autostart specification of freedesktop.org).
class AutostartEntry final
{
public:
    /// @p filePath: where the entry lives (defaultPath() unless a test says otherwise); @p program: the
    /// executable the entry starts, normally the running one.
    AutostartEntry(QString filePath, QString program);

    /// $XDG_CONFIG_HOME/autostart/replimon.desktop (~/.config when XDG_CONFIG_HOME is not set).
    static QString defaultPath();
    /// The Exec value that starts @p program with @p arguments, quoted and escaped as the Desktop Entry
    /// specification requires (a path with spaces, quotes, `$` or `%` still names that file).
    static QString execLine(const QString &program, const QStringList &arguments);

    QString filePath() const { return m_filePath; }
    /// The whole entry as it is written.
    QByteArray contents() const;
    bool exists() const;
    /// Writes the entry (atomically, creating the folder). The error says why it could not be written.
    Result<bool, QString> write() const;
    /// Removes the entry if it is there; true when nothing is left.
    Result<bool, QString> remove() const;
    /// write() when @p enabled, remove() otherwise.
    Result<bool, QString> apply(bool enabled) const;

private:
    QString m_filePath;
    QString m_program;
};
