#pragma once

#include <QFrame>
#include <QList>

class QAction;
class QLabel;
class TaskStore;

/// A band above the task table when the task database was written by a newer Replimon and is open
/// read-only: which version wrote it, and what still works. It turns off the window's actions that would
/// write (or poll, or download), each saying why in its tool tip.
class ReadOnlyBanner final : public QFrame
{
    Q_OBJECT

public:
    /// @p writers: the actions to turn off.
    ReadOnlyBanner(const TaskStore &store, QList<QAction *> writers, QWidget *parent = nullptr);

    /// What the banner says: @p writtenBy is the newer version's name ("" when it did not record it),
    /// @p schemaVersion the schema it wrote.
    static QString noticeText(const QString &writtenBy, int schemaVersion);
    /// Why something that would write was refused, for a tool tip or the status bar.
    static QString refusalText();

    /// Turns off @p writers too (actions made after the window).
    void addWriters(const QList<QAction *> &writers);

    QString text() const;
    /// Says it again in the language now installed.
    void retranslate();

private:
    const TaskStore &m_store;
    QList<QAction *> m_writers;
    QLabel *m_text = nullptr;
};
