#include "ChunkedPasteEdit.h"

#include <QMimeData>
#include <QTextCursor>

#include <algorithm>

ChunkedPasteEdit::ChunkedPasteEdit(QWidget *parent)
    : QPlainTextEdit(parent)
{
    m_chunkTimer.setSingleShot(true);
    m_chunkTimer.setInterval(0);
    connect(&m_chunkTimer, &QTimer::timeout, this, &ChunkedPasteEdit::insertNextChunk);
}

void ChunkedPasteEdit::insertFromMimeData(const QMimeData *source)
{
    if (isInserting())
        return;
    if (!source || !source->hasText()) {
        QPlainTextEdit::insertFromMimeData(source);
        return;
    }
    QString text = source->text();
    if (text.size() <= chunkCharacters) {
        QPlainTextEdit::insertFromMimeData(source);
        return;
    }
    insertInSlices(std::move(text));
}

void ChunkedPasteEdit::insertInSlices(QString text)
{
    if (isInserting())
        return;
    if (text.size() <= chunkCharacters) {
        insertPlainText(text);
        return;
    }
    QTextCursor cursor = textCursor();
    m_joinFirst = cursor.hasSelection();
    if (m_joinFirst) {
        cursor.beginEditBlock();
        cursor.removeSelectedText();
        cursor.endEditBlock();
    }
    m_position = cursor.position();
    m_pending = std::move(text);
    m_offset = 0;
    // Typing or another paste into a document that is still growing would land in the middle of it.
    setReadOnly(true);
    insertNextChunk();
}

void ChunkedPasteEdit::insertNextChunk()
{
    if (m_pending.isEmpty())
        return;
    qsizetype length = std::min<qsizetype>(chunkCharacters, m_pending.size() - m_offset);
    // Never split a surrogate pair between two slices.
    if (m_offset + length < m_pending.size() && m_pending.at(m_offset + length - 1).isHighSurrogate())
        ++length;
    QTextCursor cursor(document());
    cursor.setPosition(m_position);
    // One undo step for the whole paste, with the selection it replaced.
    if (m_offset == 0 && !m_joinFirst)
        cursor.beginEditBlock();
    else
        cursor.joinPreviousEditBlock();
    cursor.insertText(QStringView(m_pending).mid(m_offset, length).toString());
    cursor.endEditBlock();
    m_position = cursor.position();
    m_offset += length;

    if (m_offset < m_pending.size()) {
        m_chunkTimer.start();
        return;
    }
    m_pending.clear();
    m_offset = 0;
    setReadOnly(false);
    QTextCursor end = textCursor();
    end.setPosition(m_position);
    setTextCursor(end);
    Q_EMIT insertionFinished();
}
