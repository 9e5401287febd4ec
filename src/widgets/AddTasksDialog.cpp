#include "AddTasksDialog.h"

#include "ChunkedPasteEdit.h"
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
    m_readTimer.setSingleShot(true);
    m_readTimer.setInterval(150);
    connect(&m_readTimer, &QTimer::timeout, this, &AddTasksDialog::readLater);
    connect(m_ui->textEdit, &QPlainTextEdit::textChanged, this, &AddTasksDialog::onTextChanged);
    connect(m_ui->textEdit, &ChunkedPasteEdit::insertionFinished, this, &AddTasksDialog::updateAddButton);
    showFound(PastedIds{}, 0);
}

AddTasksDialog::~AddTasksDialog() = default;

void AddTasksDialog::setText(const QString &text)
{
    m_offerPending = false;
    if (text.size() > ChunkedPasteEdit::chunkCharacters) {
        m_ui->textEdit->clear();
        m_ui->textEdit->insertInSlices(text);
        return;
    }
    m_ui->textEdit->setPlainText(text);
    m_readTimer.stop();
    showFound(PastedIds::scan(text), m_textGeneration);
}

void AddTasksDialog::offerText(const QString &text)
{
    m_offerPending = true;
    const quint64 generation = m_textGeneration;
    PastedIds::scanLater(this, text, [this, text, generation](const PastedIds &found) {
        if (!m_offerPending || generation != m_textGeneration || found.ids.isEmpty())
            return;
        setText(text);
    });
}

void AddTasksDialog::onTextChanged()
{
    ++m_textGeneration;
    m_offerPending = false;
    m_readTimer.start();
    updateAddButton();
}

void AddTasksDialog::readLater()
{
    // Only the part that is read is copied out of the document, block by block, here; the reading itself
    // is the worker's.
    const quint64 generation = m_textGeneration;
    PastedIds::scanLater(this, PastedIds::leadingText(*m_ui->textEdit->document()),
                         [this, generation](const PastedIds &found) { showFound(found, generation); });
}

void AddTasksDialog::showFound(const PastedIds &found, quint64 generation)
{
    if (generation != m_textGeneration)
        return; // the text changed since: its own reading follows
    m_readGeneration = generation;
    m_found = found;

    const auto fill = [](QListWidget *list, const QStringList &items) {
        list->setUpdatesEnabled(false);
        list->clear();
        list->addItems(items.mid(0, maxListed));
        list->setUpdatesEnabled(true);
    };
    fill(m_ui->foundList, m_found.ids);
    QStringList shownUnusable;
    shownUnusable.reserve(std::min<int>(int(m_found.unusable.size()), maxListed));
    for (const QString &line : std::as_const(m_found.unusable)) {
        if (shownUnusable.size() >= maxListed)
            break;
        shownUnusable.append(line.left(200));
    }
    fill(m_ui->unusableList, shownUnusable);

    m_ui->foundLabel->setText(tr("Found %n prediction(s)", nullptr, int(m_found.ids.size())));
    QString unusableText = tr("%n line(s) not understood", nullptr, int(m_found.unusable.size()));
    if (m_found.truncated)
        unusableText += u' ' + tr("(only the first %1 characters were read)").arg(maxScannedCharacters);
    m_ui->unusableLabel->setText(unusableText);
    updateAddButton();
}

void AddTasksDialog::updateAddButton()
{
    QPushButton *ok = m_ui->buttonBox->button(QDialogButtonBox::Ok);
    const int count = int(m_found.ids.size());
    ok->setText(count == 0 ? tr("Add") : tr("Add %n", nullptr, count));
    // While typing, Add keeps what the last reading found (done() reads the rest); while a paste is still
    // going in, the text is not all there to read.
    ok->setEnabled(count > 0 && !m_ui->textEdit->isInserting());
}

void AddTasksDialog::done(int result)
{
    if (result == QDialog::Accepted) {
        if (m_ui->textEdit->isInserting())
            return;
        if (!isCurrent()) {
            m_readTimer.stop();
            showFound(PastedIds::scan(PastedIds::leadingText(*m_ui->textEdit->document())), m_textGeneration);
        }
        if (m_found.ids.isEmpty())
            return; // nothing to add: the dialog now says why
    }
    QDialog::done(result);
}
