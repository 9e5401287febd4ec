#pragma once

#include "Task.h"

#include <QHashFunctions>
#include <QMetaType>
#include <QString>
#include <QUrl>

/// The size classes of the Thumbnail Managing Standard (0.9 added x-large and xx-large): the longest side
/// of a thumbnail in that class is at most 128, 256, 512 or 1024 pixels.
enum class ThumbnailSize {
    Normal,
    Large,
    XLarge,
    XXLarge,
};

/// Which thumbnail an answer is for: a task's output at a size class. A view matches answers to its cells
/// by it.
struct ThumbnailId final
{
    TaskKey task;
    int output = 0; ///< Index into the task's outputs.
    ThumbnailSize size = ThumbnailSize::Normal;

    friend bool operator==(const ThumbnailId &a, const ThumbnailId &b)
    {
        return a.output == b.output && a.size == b.size && a.task == b.task;
    }
    friend bool operator!=(const ThumbnailId &a, const ThumbnailId &b) { return !(a == b); }
    friend size_t qHash(const ThumbnailId &id, size_t seed = 0) noexcept
    {
        return qHashMulti(seed, id.task, id.output, int(id.size));
    }
};

/// Where a thumbnail is made from: the saved file when there is one, else the remote output.
struct ThumbnailSource final
{
    QString localFile; ///< Absolute path of the saved output; "" when none was saved.
    QUrl remoteUrl;    ///< The output on the server; empty when the server no longer has it.

    bool isNull() const { return localFile.isEmpty() && remoteUrl.isEmpty(); }
    /// Output @p output of @p task: its saved file (Task::localFiles, in the order they were saved) and its
    /// URL unless the server removed the task's data.
    static ThumbnailSource of(const Task &task, int output);
};

Q_DECLARE_METATYPE(ThumbnailId)
