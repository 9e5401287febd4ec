#pragma once

#include <QDialog>
#include <QStringList>
#include <QTimer>

#include <memory>

#include "PastedIds.h"

namespace Ui {
class AddTasksDialog;
}

/// Paste any text; shows the prediction ids found in it and the lines it could not use.
///
/// What is typed or pasted is read on a worker thread (PastedIds) a moment after the last change, so a
/// stray multi-megabyte paste never freezes the window; Add reads whatever the list does not show yet.
class AddTasksDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit AddTasksDialog(QWidget *parent = nullptr);
    ~AddTasksDialog() override;

    /// Replaces the text. A short one is read at once (ids() has it on return); a long one goes in a slice
    /// at a time, like a paste, and is read when it is all in.
    void setText(const QString &text);
    /// Puts @p text in, as setText() does, only if it holds prediction ids and nothing was typed meanwhile:
    /// the clipboard offered when the dialog opens. Read on a worker thread.
    void offerText(const QString &text);
    QStringList ids() const { return m_found.ids; }
    QStringList unusableLines() const { return m_found.unusable; }
    /// Whether the lists show what the text holds now (no change waits to be read).
    bool isCurrent() const { return m_readGeneration == m_textGeneration; }

    /// Pasted text beyond this many characters is not scanned; the dialog says so.
    static constexpr int maxScannedCharacters = PastedIds::maxScannedCharacters;

    void done(int result) override;

private:
    void onTextChanged();
    void readLater();
    void showFound(const PastedIds &found, quint64 generation);
    void updateAddButton();

    std::unique_ptr<Ui::AddTasksDialog> m_ui;
    QTimer m_readTimer;
    PastedIds m_found;
    /// Counts changes of the text, and which of them the lists show: a reading of an older text that
    /// comes back late is dropped.
    quint64 m_textGeneration = 0;
    quint64 m_readGeneration = 0;
    bool m_offerPending = false;
};
