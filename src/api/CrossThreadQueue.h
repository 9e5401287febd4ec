#pragma once

#include <QList>
#include <QMutex>

#include <utility>

/// A list one thread appends to and another takes whole: the commands a client posts to its worker, the
/// outcomes the worker hands back. push() says whether the list was empty, so that the writer wakes the
/// reader once for everything that piles up before the reader gets to it.
template <typename T> class CrossThreadQueue final
{
public:
    /// Appends @p item; true when the queue was empty (the reader needs waking).
    bool push(T item)
    {
        const QMutexLocker lock(&m_mutex);
        const bool first = m_items.isEmpty();
        m_items.append(std::move(item));
        return first;
    }

    QList<T> take()
    {
        const QMutexLocker lock(&m_mutex);
        return std::exchange(m_items, {});
    }

    qsizetype size() const
    {
        const QMutexLocker lock(&m_mutex);
        return m_items.size();
    }

private:
    mutable QMutex m_mutex;
    QList<T> m_items;
};
