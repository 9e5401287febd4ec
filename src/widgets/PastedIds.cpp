#include "PastedIds.h"

#include "ApiEndpoint.h"

#include <QFutureWatcher>
#include <QObject>
#include <QTextBlock>
#include <QTextDocument>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

PastedIds PastedIds::scan(const QString &text)
{
    PastedIds result;
    result.truncated = text.size() > maxScannedCharacters;
    result.ids = ApiEndpoint::extractIds(result.truncated ? text.left(maxScannedCharacters) : text, &result.unusable);
    return result;
}

void PastedIds::scanLater(QObject *context, QString text, std::function<void(const PastedIds &)> done)
{
    // The watcher is the context's child: when the context goes first, the result is dropped with it.
    auto *watcher = new QFutureWatcher<PastedIds>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context, [watcher, done = std::move(done)] {
        const PastedIds result = watcher->result();
        watcher->deleteLater();
        done(result);
    });
    watcher->setFuture(QtConcurrent::run([text = std::move(text)] { return scan(text); }));
}

QString PastedIds::leadingText(const QTextDocument &document)
{
    QString text;
    const qsizetype wanted = qsizetype(maxScannedCharacters) + 1;
    text.reserve(std::min<qsizetype>(wanted, document.characterCount()));
    for (QTextBlock block = document.begin(); block.isValid() && text.size() < wanted; block = block.next()) {
        if (block != document.begin())
            text += u'\n';
        text += block.text();
    }
    text.truncate(wanted);
    return text;
}
