#pragma once

#include <QPlainTextEdit>
#include <QString>
#include <QTimer>

/// A plain-text editor that takes a huge paste (or drop) a slice at a time, between turns of the event
/// loop, so that a stray multi-megabyte paste never freezes the window: inserting 10 MB at once into a
/// QTextDocument takes seconds. The whole paste stays one undo step.
class ChunkedPasteEdit final : public QPlainTextEdit
{
    Q_OBJECT

public:
    explicit ChunkedPasteEdit(QWidget *parent = nullptr);

    /// Pastes up to this many characters are inserted at once, as usual.
    static constexpr int chunkCharacters = 32 * 1024;

    /// Inserts @p text at the cursor, replacing the selection, a slice at a time as a paste of it would be
    /// (at once when it is short). Ignored while an earlier insertion is still going in.
    void insertInSlices(QString text);

    /// Whether part of a paste is still waiting to be inserted.
    bool isInserting() const { return !m_pending.isEmpty(); }

Q_SIGNALS:
    /// The last slice of a paste is in the document.
    void insertionFinished();

protected:
    void insertFromMimeData(const QMimeData *source) override;

private:
    void insertNextChunk();

    QString m_pending;
    qsizetype m_offset = 0;
    int m_position = 0;
    bool m_joinFirst = false; ///< The paste replaced a selection: its removal is the first step.
    QTimer m_chunkTimer;
};
