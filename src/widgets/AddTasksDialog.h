#pragma once

#include <QDialog>
#include <QStringList>
#include <QTimer>

#include <memory>

namespace Ui {
class AddTasksDialog;
}

/// Paste any text; shows the prediction ids found in it and the lines it could not use.
class AddTasksDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit AddTasksDialog(QWidget *parent = nullptr);
    ~AddTasksDialog() override;

    void setText(const QString &text);
    QStringList ids() const { return m_ids; }
    QStringList unusableLines() const { return m_unusable; }

    /// Pasted text beyond this many characters is not scanned (a stray multi-megabyte paste must not
    /// freeze the window); the dialog says so.
    static constexpr int maxScannedCharacters = 1 << 20;

private:
    void parseNow();

    std::unique_ptr<Ui::AddTasksDialog> m_ui;
    QTimer m_parseTimer;
    QStringList m_ids;
    QStringList m_unusable;
};
