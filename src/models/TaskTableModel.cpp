#include "TaskTableModel.h"

#include "CostText.h"
#include "DisplayText.h"
#include "TaskStore.h"

#include <QBrush>
#include <QColor>
#include <QFileInfo>
#include <QLocale>
#include <QSet>

#include <algorithm>
#include <cmath>

namespace {

// Readable on light and dark backgrounds alike, so it does not depend on the palette.
const QColor failureColour(0xd3, 0x2f, 0x2f);
const QColor starColour(0xe0, 0xa1, 0x00); // amber: readable on light and dark rows
// Outputs that will be deleted unless saved: a warning, not yet a failure.
const QColor expiryColour(0xc7, 0x6a, 0x00);

QString firstLine(const QString &text)
{
    const qsizetype end = text.indexOf(QLatin1Char('\n'));
    return (end < 0 ? text : text.left(end)).trimmed();
}

QVariant msOrNull(const QDateTime &time)
{
    return time.isValid() ? QVariant(time.toMSecsSinceEpoch()) : QVariant();
}

QVariant optionalDouble(const std::optional<double> &value)
{
    return value ? QVariant(*value) : QVariant();
}

std::optional<int> imageTotal(const Task &task)
{
    if (task.imageCount)
        return task.imageCount;
    if (!task.outputUrlTexts.isEmpty())
        return int(task.outputUrlTexts.size());
    return std::nullopt;
}

bool isFailure(const Task &task)
{
    return task.status == PredictionStatus::Failed || task.status == PredictionStatus::Aborted;
}

} // namespace

TaskTableModel::TaskTableModel(const TaskStore &store, PriceTable prices, QObject *parent)
    : QAbstractTableModel(parent)
    , m_store(store)
    , m_prices(std::move(prices))
{
    onLoaded();

    connect(&m_store, &TaskStore::loaded, this, &TaskTableModel::onLoaded);
    connect(&m_store, &TaskStore::tasksAdded, this, &TaskTableModel::onTasksAdded);
    connect(&m_store, &TaskStore::tasksChanged, this, &TaskTableModel::onTasksChanged);
    connect(&m_store, &TaskStore::tasksRemoved, this, &TaskTableModel::onTasksRemoved);
}

QModelIndex TaskTableModel::index(int row, int column, const QModelIndex &parent) const
{
    // A sorting proxy asks for two indexes per comparison: checked here without the base class's two virtual
    // calls (rowCount(), columnCount()) each.
    if (parent.isValid() || row < 0 || row >= int(m_rows.size()) || column < 0 || column >= ColumnCount)
        return {};
    return createIndex(row, column);
}

int TaskTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TaskTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

void TaskTableModel::setRetention(std::chrono::seconds retention)
{
    m_retention = retention;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, Output), index(int(m_rows.size()) - 1, Output));
}

void TaskTableModel::setPrices(const PriceTable &prices)
{
    m_prices = prices;
    for (int row = 0; row < int(m_rows.size()); ++row) {
        const Task *task = taskAt(row);
        m_costs[row] = task ? m_prices.costOf(*task) : TaskCost();
    }
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, Cost), index(int(m_rows.size()) - 1, Cost));
    Q_EMIT pricesChanged(m_prices);
}

TaskCost TaskTableModel::costAt(int row) const
{
    return row >= 0 && row < int(m_costs.size()) ? m_costs.at(row) : TaskCost();
}

TaskCost TaskTableModel::costOf(const TaskKey &key) const
{
    const Task *task = m_store.task(key);
    return task ? m_prices.costOf(*task) : TaskCost();
}

void TaskTableModel::setNow(const QDateTime &now)
{
    m_fixedNow = now;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, Output), index(int(m_rows.size()) - 1, Output));
}

QDateTime TaskTableModel::now() const
{
    return m_fixedNow.isValid() ? m_fixedNow : QDateTime::currentDateTimeUtc();
}

void TaskTableModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

TaskKey TaskTableModel::keyAt(int row) const
{
    return row >= 0 && row < int(m_rows.size()) ? m_rows.at(row) : TaskKey();
}

int TaskTableModel::rowOf(const TaskKey &key) const
{
    // The store's order is ours whenever no change is half-way through.
    const int index = m_store.indexOf(key);
    if (index >= 0 && index < int(m_rows.size()) && m_rows.at(index) == key)
        return index;
    return int(m_rows.indexOf(key));
}

const Task *TaskTableModel::taskAt(int row) const
{
    if (row < 0 || row >= int(m_rows.size()))
        return nullptr;
    // Mostly the store's index (as in rowOf()): comparing the key costs far less than hashing it, and every
    // cell painted, sorted or filtered comes here.
    const TaskKey &key = m_rows.at(row);
    if (row < m_store.count() && m_store.at(row).key == key)
        return &m_store.at(row);
    return m_store.task(key);
}

QVariant TaskTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Task *task = taskAt(index.row());
    if (!task)
        return {};
    const int column = index.column();

    switch (role) {
    case Qt::DisplayRole:
        if (column == Cost)
            return CostText::cell(m_costs.at(index.row()), QLocale());
        return display(*task, column);
    case SortRole:
        if (column == Cost) {
            const TaskCost &cost = m_costs.at(index.row());
            return cost.known() ? QVariant(cost.money.amount) : QVariant();
        }
        return sortValue(*task, column);
    case Qt::ToolTipRole:
        if (column == Cost)
            return CostText::detail(*task, m_prices, QLocale());
        return toolTip(*task, column);
    case Qt::DecorationRole:
        if (column == Status)
            return m_icons.icon(task->status, task->hasPrediction());
        return {};
    case Qt::ForegroundRole:
        if ((column == Status && isFailure(*task)) || (column == LastError && !task->lastError.isEmpty()))
            return QBrush(failureColour);
        if (column == Output && task->unsavedOutputsExpireAt(m_retention).isValid())
            return QBrush(expiryColour);
        return column == Starred ? QVariant(QBrush(starColour)) : QVariant();
    case Qt::TextAlignmentRole:
        if (column == RunTime || column == PredictTime || column == Images || column == Cost)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        return column == Starred ? QVariant::fromValue(Qt::Alignment(Qt::AlignCenter)) : QVariant();
    case TaskKeyRole:
        return QVariant::fromValue(task->key);
    case StatusRole:
        return int(task->status);
    case FetchedRole:
        return task->hasPrediction();
    case CapturedRole:
        return task->captured;
    case StarredRole:
        return task->starred;
    case CostRole:
        return QVariant::fromValue(m_costs.at(index.row()));
    default:
        return {};
    }
}

QVariant TaskTableModel::display(const Task &task, int column) const
{
    const QLocale locale;
    switch (column) {
    case Status:
        return DisplayText::statusName(task.status, task.statusText, task.hasPrediction());
    case Id:
        return task.key.id;
    case Model:
        return task.model;
    case Prompt:
        return task.prompt.simplified();
    case Created:
        return DisplayText::shortDateTime(task.createdAt, locale);
    case RunTime:
        if (const auto seconds = task.runTime())
            return DisplayText::duration(*seconds, locale);
        return QString();
    case PredictTime:
        if (task.predictTime)
            return DisplayText::duration(*task.predictTime, locale);
        return QString();
    case Images:
        if (const auto images = imageTotal(task))
            return locale.toString(*images);
        return QString();
    case Output:
        if (!task.localFiles.isEmpty()) {
            const QString name = QFileInfo(task.localFiles.constFirst()).fileName();
            if (task.localFiles.size() == 1)
                return name;
            return tr("%1 (+%2)").arg(name, locale.toString(task.localFiles.size() - 1));
        }
        if (task.dataRemoved)
            return tr("expired");
        if (!task.outputUrlTexts.isEmpty()) {
            const QString count = locale.toString(task.outputUrlTexts.size());
            const QDateTime expires = task.unsavedOutputsExpireAt(m_retention);
            if (!expires.isValid())
                return tr("remote (%1)").arg(count);
            // Unsaved outputs vanish an hour after completion: say when, in the table too.
            if (now() >= expires)
                return tr("remote (%1), probably expired").arg(count);
            return tr("remote (%1), expires %2").arg(count, DisplayText::shortTime(expires, locale));
        }
        return QString();
    case LastError:
        return firstLine(task.lastError);
    case Source:
        return DisplayText::sourceName(task.captured);
    case Starred:
        return task.starred ? QStringLiteral("★") : QString();
    default:
        return {};
    }
}

QVariant TaskTableModel::sortValue(const Task &task, int column) const
{
    switch (column) {
    case Status:
        return statusRank(task);
    case Id:
        return task.key.id;
    case Model:
        return task.model;
    case Prompt:
        return task.prompt;
    case Created:
        return msOrNull(task.createdAt);
    case RunTime:
        return optionalDouble(task.runTime());
    case PredictTime:
        return optionalDouble(task.predictTime);
    case Images:
        if (const auto images = imageTotal(task))
            return *images;
        return {};
    case Output:
        return display(task, Output);
    case LastError:
        return task.lastError;
    case Source:
        // The caller's User-Agent: captured tasks sort by caller, so one script's predictions sit together,
        // and the others (null) after them. The search matches it too.
        return task.captured ? QVariant(task.callerUserAgent) : QVariant();
    case Starred:
        return task.starred ? 1 : 0;
    default:
        return {};
    }
}

QVariant TaskTableModel::toolTip(const Task &task, int column) const
{
    const QLocale locale;
    switch (column) {
    case Status:
        return DisplayText::unknownStatusNote(task.status, task.statusText);
    case Id:
        return tr("%1 (provider: %2)").arg(task.key.id, task.key.provider);
    case Prompt:
        return task.prompt.isEmpty() ? QVariant() : QVariant(task.prompt);
    case Created:
        if (!task.createdAt.isValid())
            return {};
        return tr("%1\n%2").arg(DisplayText::relativeTime(task.createdAt, QDateTime::currentDateTimeUtc()),
                                DisplayText::longDateTime(task.createdAt, locale));
    case RunTime:
        if (task.startedAt.isValid() && task.completedAt.isValid()) {
            return tr("Started %1\nCompleted %2")
                .arg(DisplayText::longDateTime(task.startedAt, locale),
                     DisplayText::longDateTime(task.completedAt, locale));
        }
        return {};
    case Output:
        if (!task.localFiles.isEmpty())
            return task.localFiles.join(QLatin1Char('\n'));
        if (task.dataRemoved)
            return tr("The service has deleted this prediction's outputs.");
        if (!task.outputUrlTexts.isEmpty()) {
            QStringList lines;
            const QDateTime expires = task.unsavedOutputsExpireAt(m_retention);
            if (expires.isValid()) {
                lines.append(tr("Not saved: the service deletes these outputs at %1.")
                                 .arg(DisplayText::shortDateTime(expires, locale)));
            }
            for (const QUrl &url : task.outputUrls())
                lines.append(url.toDisplayString());
            return lines.join(QLatin1Char('\n'));
        }
        return {};
    case LastError:
        return task.lastError.isEmpty() ? QVariant() : QVariant(task.lastError);
    case Source:
        return task.captured ? QVariant(DisplayText::captureSource(task.callerUserAgent, task.capturedAt, locale))
                             : QVariant();
    default:
        return {};
    }
}

int TaskTableModel::statusRank(const Task &task)
{
    if (!task.hasPrediction())
        return 0;
    switch (task.status) {
    case PredictionStatus::Starting:
        return 1;
    case PredictionStatus::Processing:
        return 2;
    case PredictionStatus::Succeeded:
        return 3;
    case PredictionStatus::Failed:
        return 4;
    case PredictionStatus::Canceled:
        return 5;
    case PredictionStatus::Aborted:
        return 6;
    case PredictionStatus::Unknown:
        break;
    }
    return 7;
}

void TaskTableModel::onLoaded()
{
    beginResetModel();
    m_rows.clear();
    m_costs.clear();
    m_rows.reserve(m_store.count());
    m_costs.reserve(m_store.count());
    for (const Task &task : m_store.tasks()) {
        m_rows.append(task.key);
        m_costs.append(m_prices.costOf(task));
    }
    endResetModel();
}

void TaskTableModel::onTasksAdded(const QList<TaskKey> &keys)
{
    if (keys.isEmpty())
        return;
    // The store appends: one insertion at the end.
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(keys.size()) - 1);
    m_rows.append(keys);
    for (const TaskKey &key : keys)
        m_costs.append(costOf(key));
    endInsertRows();
}

void TaskTableModel::onTasksChanged(const QList<TaskKey> &keys)
{
    QList<int> rows;
    rows.reserve(keys.size());
    for (const TaskKey &key : keys) {
        const int row = rowOf(key);
        if (row >= 0) {
            rows.append(row);
            m_costs[row] = costOf(key);
        }
    }
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());

    for (qsizetype i = 0; i < rows.size();) {
        qsizetype j = i;
        while (j + 1 < rows.size() && rows.at(j + 1) == rows.at(j) + 1)
            ++j;
        Q_EMIT dataChanged(index(rows.at(i), 0), index(rows.at(j), ColumnCount - 1));
        i = j + 1;
    }
}

void TaskTableModel::onTasksRemoved(const QList<TaskKey> &keys)
{
    const QSet<TaskKey> gone(keys.cbegin(), keys.cend());
    QList<int> rows;
    for (int row = 0; row < int(m_rows.size()); ++row) {
        if (gone.contains(m_rows.at(row)))
            rows.append(row);
    }

    // Last span first, so the row numbers of the spans still to come stay valid.
    for (qsizetype j = rows.size() - 1; j >= 0;) {
        qsizetype i = j;
        while (i > 0 && rows.at(i - 1) == rows.at(i) - 1)
            --i;
        beginRemoveRows({}, rows.at(i), rows.at(j));
        m_rows.remove(rows.at(i), rows.at(j) - rows.at(i) + 1);
        m_costs.remove(rows.at(i), rows.at(j) - rows.at(i) + 1);
        endRemoveRows();
        j = i - 1;
    }
}
