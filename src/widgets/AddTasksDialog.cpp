#include "AddTasksDialog.h"

#include "ApiEndpoint.h"
#include "ui_AddTasksDialog.h"

#include <QPushButton>

namespace {
// Showing tens of thousands of rows helps nobody; the count says the rest.
constexpr int maxListed = 500;
} // namespace

AddTasksDialog::AddTasksDialog(QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::AddTasksDialog>())
{
    m_ui->setupUi(this);
    m_parseTimer.setSingleShot(true);
    m_parseTimer.setInterval(150);
    connect(&m_parseTimer, &QTimer::timeout, this, &AddTasksDialog::parseNow);
    connect(m_ui->textEdit, &QPlainTextEdit::textChanged, this, [this] { m_parseTimer.start(); });
    parseNow();
}

AddTasksDialog::~AddTasksDialog() = default;

void AddTasksDialog::setText(const QString &text)
{
    m_ui->textEdit->setPlainText(text);
    parseNow();
}

void AddTasksDialog::parseNow()
{
    m_parseTimer.stop();
    const QString text = m_ui->textEdit->toPlainText();
    const bool truncated = text.size() > maxScannedCharacters;
    m_unusable.clear();
    m_ids = ApiEndpoint::extractIds(truncated ? text.left(maxScannedCharacters) : text, &m_unusable);

    const auto fill = [](QListWidget *list, const QStringList &items) {
        list->setUpdatesEnabled(false);
        list->clear();
        list->addItems(items.mid(0, maxListed));
        list->setUpdatesEnabled(true);
    };
    fill(m_ui->foundList, m_ids);
    QStringList shownUnusable;
    shownUnusable.reserve(std::min<int>(int(m_unusable.size()), maxListed));
    for (const QString &line : std::as_const(m_unusable)) {
        if (shownUnusable.size() >= maxListed)
            break;
        shownUnusable.append(line.left(200));
    }
    fill(m_ui->unusableList, shownUnusable);

    m_ui->foundLabel->setText(tr("Found %n prediction(s)", nullptr, int(m_ids.size())));
    QString unusableText = tr("%n line(s) not understood", nullptr, int(m_unusable.size()));
    if (truncated)
        unusableText += u' ' + tr("(only the first %1 characters were read)").arg(maxScannedCharacters);
    m_ui->unusableLabel->setText(unusableText);

    QPushButton *ok = m_ui->buttonBox->button(QDialogButtonBox::Ok);
    ok->setText(m_ids.isEmpty() ? tr("Add") : tr("Add %n", nullptr, int(m_ids.size())));
    ok->setEnabled(!m_ids.isEmpty());
}
