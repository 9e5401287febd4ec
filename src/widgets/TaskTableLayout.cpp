#include "TaskTableLayout.h"

#include "DisplayText.h"
#include "ElidingDelegate.h"
#include "StatusDelegate.h"
#include "TaskTableModel.h"

#include <QCoreApplication>
#include <QEvent>
#include <QHeaderView>
#include <QLocale>
#include <QMenu>
#include <QSplitter>
#include <QStyle>
#include <QTableView>

#include <algorithm>

namespace {

constexpr int minPromptChars = 12;

} // namespace

TaskTableLayout::TaskTableLayout(QTableView &table, const TaskTableModel &model)
    : QObject(&table)
    , m_table(table)
    , m_model(model)
{
    table.setItemDelegate(new ElidingDelegate(&table));
    table.setItemDelegateForColumn(TaskTableModel::Status, new StatusDelegate(&table));
    // Prompts and errors are read from their start; the other columns keep the view's middle elision.
    for (const int column : {TaskTableModel::Prompt, TaskTableModel::LastError})
        table.setItemDelegateForColumn(column, new ElidingDelegate(Qt::ElideRight, &table));
    table.verticalHeader()->setDefaultSectionSize(table.fontMetrics().height() + 10);

    QHeaderView *header = table.horizontalHeader();
    header->setSectionsMovable(true);
    header->setStretchLastSection(false);
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    setDefaultLayout();
    connect(header, &QHeaderView::customContextMenuRequested, this, &TaskTableLayout::onHeaderMenuRequested);
}

void TaskTableLayout::onHeaderMenuRequested(const QPoint &position)
{
    // Columns can be hidden from the header's context menu.
    QHeaderView *header = m_table.horizontalHeader();
    QMenu menu(&m_table);
    for (int column = 0; column < m_model.columnCount(); ++column) {
        QAction *action = menu.addAction(m_model.headerData(column, Qt::Horizontal).toString());
        action->setCheckable(true);
        action->setChecked(!header->isSectionHidden(column));
        action->setEnabled(column != TaskTableModel::Id);
        connect(action, &QAction::toggled, header,
                [header, column](bool visible) { header->setSectionHidden(column, !visible); });
    }
    menu.exec(header->viewport()->mapToGlobal(position));
}

void TaskTableLayout::setDefaultLayout()
{
    // The first start's columns (a saved header state replaces them): what a user reads at a glance
    // (status, id, model, prompt, when, whether the outputs are saved or when they expire, and the cost) fits the
    // table's side of the default window, without scrolling. Widths follow the font and the texts the
    // columns show, translated and in the user's locale. Ids and model names are long and alike at their
    // start: they are bounded and elided in the middle (MainWindow.ui), which keeps their distinct ends;
    // prompts are elided at their end (the constructor).
    QTableView *table = &m_table;
    QHeaderView *header = table->horizontalHeader();
    const QFontMetrics metrics = table->fontMetrics();
    const int padding = 2 * (table->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, table) + 1)
        + metrics.averageCharWidth();
    const auto fit = [&](int column, int textWidth) {
        return std::max(textWidth + padding, header->sectionSizeHint(column));
    };
    const auto widest = [&metrics](const QStringList &texts) {
        int width = 0;
        for (const QString &text : texts)
            width = std::max(width, metrics.horizontalAdvance(text));
        return width;
    };
    const auto chars = [&metrics](int count) { return count * metrics.averageCharWidth(); };

    QStringList statuses{DisplayText::statusName(PredictionStatus::Unknown, QString(), false)}; // not fetched yet
    for (const auto status : {PredictionStatus::Starting, PredictionStatus::Processing, PredictionStatus::Succeeded,
                              PredictionStatus::Failed, PredictionStatus::Canceled, PredictionStatus::Aborted})
        statuses.append(DisplayText::statusName(status, QString()));
    const int icon = table->style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, table);
    const QLocale locale;
    // Wide digits, two-digit day, month and hour: the longest a date of this locale gets.
    const QDateTime late(QDate(2026, 12, 28), QTime(22, 58, 58));
    const QString created = locale.toString(late, QLocale::ShortFormat);
    const QString expiry = QCoreApplication::translate("TaskTableModel", "remote (%1), expires %2")
                               .arg(locale.toString(4), locale.toString(late.time(), QLocale::ShortFormat));

    const QList<std::pair<int, int>> widths{
        {TaskTableModel::Status, fit(TaskTableModel::Status, icon + metrics.averageCharWidth() + widest(statuses))},
        {TaskTableModel::Id, fit(TaskTableModel::Id, chars(11))},
        {TaskTableModel::Model, fit(TaskTableModel::Model, chars(17))},
        {TaskTableModel::Prompt, fit(TaskTableModel::Prompt, chars(minPromptChars))},
        {TaskTableModel::Created, fit(TaskTableModel::Created, metrics.horizontalAdvance(created))},
        {TaskTableModel::Output, fit(TaskTableModel::Output, metrics.horizontalAdvance(expiry))},
        {TaskTableModel::RunTime, fit(TaskTableModel::RunTime, chars(7))},
        {TaskTableModel::PredictTime, fit(TaskTableModel::PredictTime, chars(7))},
        {TaskTableModel::Images, fit(TaskTableModel::Images, chars(3))},
        {TaskTableModel::Cost,
         fit(TaskTableModel::Cost, metrics.horizontalAdvance(locale.toCurrencyString(0.0125, QStringLiteral("$"), 4)))},
        {TaskTableModel::LastError, fit(TaskTableModel::LastError, chars(40))},
        {TaskTableModel::Starred, metrics.horizontalAdvance(QStringLiteral("★")) + padding}};
    for (const auto &[column, width] : widths)
        header->resizeSection(column, width);
    // Output comes beside Created, then the cost, the figures after them. Only the header's visual order:
    // the model's columns stay as they are, and the user can move them back.
    header->moveSection(header->visualIndex(TaskTableModel::Output), header->visualIndex(TaskTableModel::Created) + 1);
    header->moveSection(header->visualIndex(TaskTableModel::Cost), header->visualIndex(TaskTableModel::Output) + 1);
    // The star first, where the eye starts a row.
    header->moveSection(header->visualIndex(TaskTableModel::Starred), 0);
}

void TaskTableLayout::restore(const QByteArray &state)
{
    QHeaderView *header = m_table.horizontalHeader();
    // A restored header sorts the table its way: sorting it the default way first would cost a second sort
    // of every row.
    m_fitPrompt = state.isEmpty() || !header->restoreState(state);
    if (!m_fitPrompt)
        return;
    m_table.sortByColumn(TaskTableModel::Created, Qt::DescendingOrder);
    // Until the user sizes a column, the prompt takes the width the table has to spare.
    m_viewport = m_table.viewport();
    m_viewport->installEventFilter(this);
    connect(header, &QHeaderView::sectionResized, this, [this] {
        if (!m_fittingPrompt)
            m_fitPrompt = false;
    });
}

QByteArray TaskTableLayout::save() const
{
    return m_table.horizontalHeader()->saveState();
}

bool TaskTableLayout::eventFilter(QObject *watched, QEvent *event)
{
    // Compared with the viewport filtered at construction, not asked of the table: events still arrive
    // while the table is being destroyed, when it is no longer a scroll area to ask.
    if (watched == m_viewport && event->type() == QEvent::Resize)
        fitPromptColumn();
    return QObject::eventFilter(watched, event);
}

void TaskTableLayout::fitPromptColumn()
{
    if (!m_fitPrompt)
        return;
    // The prompt grows with the window, bounded: past a long line it is easier to read in the detail pane,
    // and the columns after it deserve the room.
    QTableView *table = &m_table;
    QHeaderView *header = table->horizontalHeader();
    int others = 0;
    for (const int column : {TaskTableModel::Status, TaskTableModel::Id, TaskTableModel::Model, TaskTableModel::Created,
                             TaskTableModel::Output, TaskTableModel::Cost, TaskTableModel::Starred}) {
        if (!header->isSectionHidden(column))
            others += header->sectionSize(column);
    }
    const int chars = table->fontMetrics().averageCharWidth();
    const int width = std::clamp(table->viewport()->width() - others, minPromptChars * chars, 80 * chars);
    m_fittingPrompt = true;
    header->resizeSection(TaskTableModel::Prompt, width);
    m_fittingPrompt = false;
}

int TaskTableLayout::defaultWidth() const
{
    // The columns setDefaultLayout() means to show, with the table's frame and a scroll bar.
    const QTableView *table = &m_table;
    const QHeaderView *header = table->horizontalHeader();
    int width = 2 * table->frameWidth() + table->style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, table);
    for (const int column :
         {TaskTableModel::Status, TaskTableModel::Id, TaskTableModel::Model, TaskTableModel::Prompt,
          TaskTableModel::Created, TaskTableModel::Output, TaskTableModel::Cost, TaskTableModel::Starred})
        width += header->sectionSize(column);
    return width;
}

void TaskTableLayout::placePane(QSplitter &splitter, QWidget &pane, const QByteArray &savedState, int available) const
{
    splitter.addWidget(&pane);
    splitter.setStretchFactor(0, 3);
    splitter.setStretchFactor(1, 2);
    // The saved sizes were restored before the pane existed.
    if (savedState.isEmpty() || !splitter.restoreState(savedState)
        || splitter.sizes().value(1) < pane.minimumSizeHint().width()) {
        // The pane as wide as a task's heading (its id, Copy and the status badge) needs, the table the rest.
        const int paneWidth = std::max(pane.minimumSizeHint().width(), 68 * m_table.fontMetrics().averageCharWidth());
        const int tableWidth = available - splitter.handleWidth() - paneWidth;
        splitter.setSizes({std::max(tableWidth, defaultWidth()), paneWidth});
    }
}
