// TaskFilterModel's ranking of every source row on the sort column: the keys, and the order they give.
#include "TaskFilterModel.h"

#include <QFuture>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <numeric>

namespace {

/// Three UTF-16 units of a folded text from @p at, each as its value + 1 (0 past the end, so a text ends
/// before any longer one that starts with it, as QString::compare orders them), in one integer whose order
/// is theirs.
quint64 digitsAt(const QString &folded, qsizetype at)
{
    quint64 digits = 0;
    for (qsizetype i = at; i < at + 3; ++i)
        digits = (digits << 21) | (i < folded.size() ? quint64(folded.at(i).unicode()) + 1 : 0);
    return digits;
}

} // namespace

void TaskFilterModel::inHalves(int rows, bool parallel, const std::function<void(int, int)> &part)
{
    constexpr int parallelRows = 20000;
    const int middle = parallel && rows >= parallelRows ? rows / 2 : rows;
    QFuture<void> later;
    if (middle < rows)
        later = QtConcurrent::run([&part, middle, rows] { part(middle, rows); });
    part(0, middle);
    later.waitForFinished();
}

void TaskFilterModel::sortTextRows(std::vector<int>::iterator first, std::vector<int>::iterator last,
                                   const std::vector<SortKey> &keys)
{
    // An MSD radix sort on the folded texts, three units at a time: each pass compares integers in a compact
    // array rather than two texts through their pointers, and a start shared by many rows (prompts made from
    // one template, ids of one scheme) is read once per row, not once per comparison. What is left equal
    // once the texts end is ordered as compareKeys() orders it: exact text, then row.
    struct Entry
    {
        quint64 digits;
        int row;
    };
    std::vector<Entry> entries;
    entries.reserve(size_t(last - first));
    for (auto it = first; it != last; ++it)
        entries.push_back({0, *it});
    struct Range
    {
        size_t from;
        size_t to;
        qsizetype depth;
    };
    std::vector<Range> pending{{0, entries.size(), 0}};
    while (!pending.empty()) {
        const Range range = pending.back();
        pending.pop_back();
        const auto begin = entries.begin() + qsizetype(range.from);
        const auto end = entries.begin() + qsizetype(range.to);
        bool same = true;
        for (auto it = begin; it != end; ++it) {
            it->digits = digitsAt(keys[size_t(it->row)].folded, range.depth);
            same = same && it->digits == begin->digits;
        }
        if (!same)
            std::sort(begin, end, [](const Entry &a, const Entry &b) { return a.digits < b.digits; });
        for (auto group = begin; group != end;) {
            const auto groupEnd = std::find_if(group, end, [&](const Entry &e) { return e.digits != group->digits; });
            if (groupEnd - group > 1) {
                if (group->digits != 0) {
                    pending.push_back(
                        {size_t(group - entries.begin()), size_t(groupEnd - entries.begin()), range.depth + 3});
                } else {
                    std::sort(group, groupEnd, [&keys](const Entry &a, const Entry &b) {
                        const int c = keys[size_t(a.row)].text.compare(keys[size_t(b.row)].text, Qt::CaseSensitive);
                        return c != 0 ? c < 0 : a.row < b.row;
                    });
                }
            }
            group = groupEnd;
        }
    }
    for (const Entry &entry : entries)
        *first++ = entry.row;
}

void TaskFilterModel::rankRows(int column) const
{
    const QAbstractItemModel *source = sourceModel();
    if (!source)
        return;
    const int rows = source->rowCount();
    if (column != m_keyColumn || m_keys.size() != size_t(rows)) {
        m_keys.assign(size_t(rows), SortKey());
        m_keyColumn = column;
    }
    // The whole order once, straight on the keys; the proxy's own sorts (this one, and those after each
    // filter change) then compare two integers. Over the task table each half of the rows gets its keys and
    // its order on a thread of its own, and the two orders are merged.
    const auto less = [this](int a, int b) {
        const int c = compareKeys(m_keys[size_t(a)], m_keys[size_t(b)]);
        return c != 0 ? c < 0 : a < b;
    };
    std::vector<int> order(static_cast<size_t>(rows));
    std::iota(order.begin(), order.end(), 0);
    const int role = sortRole();
    int middle = rows;
    inHalves(rows, m_tasks != nullptr, [&](int from, int to) {
        bool text = true;
        for (int row = from; row < to; ++row) {
            SortKey &key = m_keys[size_t(row)];
            if (key.kind == SortKey::Kind::Stale)
                key = makeSortKey(source->index(row, column).data(role));
            text = text && (key.kind == SortKey::Kind::Text || key.kind == SortKey::Kind::Null);
        }
        const auto begin = order.begin() + from;
        const auto end = order.begin() + to;
        if (text) {
            // Texts first, then the nulls (after every value) by row.
            const auto nulls = std::stable_partition(
                begin, end, [this](int row) { return m_keys[size_t(row)].kind == SortKey::Kind::Text; });
            sortTextRows(begin, nulls, m_keys);
        } else {
            std::sort(begin, end, less);
        }
        if (from > 0)
            middle = from;
    });
    if (middle < rows)
        std::inplace_merge(order.begin(), order.begin() + middle, order.end(), less);
    m_ranks.assign(size_t(rows), 0);
    for (int i = 0; i < rows; ++i)
        m_ranks[size_t(order[size_t(i)])] = i;
}
