#include "FileImportFlow.h"

#include "ReadOnlyBanner.h"
#include "TaskStore.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLocale>
#include <QMessageBox>
#include <QMimeData>
#include <QDropEvent>
#include <QProgressDialog>
#include <QStandardPaths>

namespace {

constexpr int progressDelayMs = 400;
constexpr int listedFiles = 200;

} // namespace

FileImportFlow::FileImportFlow(TaskStore &store, QWidget *window, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_importer(store)
    , m_window(window)
{
    connect(&m_importer, &FileHistoryImporter::progress, this, &FileImportFlow::onProgress);
    connect(&m_importer, &FileHistoryImporter::finished, this, &FileImportFlow::onFinished);
    connect(&m_importer, &FileHistoryImporter::failed, this, &FileImportFlow::onFailed);
    if (m_window)
        m_window->installEventFilter(this);
}

bool FileImportFlow::eventFilter(QObject *watched, QEvent *event)
{
    const bool enter = event->type() == QEvent::DragEnter;
    if (watched != m_window || (!enter && event->type() != QEvent::Drop))
        return false;
    auto *drop = static_cast<QDropEvent *>(event);
    QStringList paths;
    for (const QUrl &url : drop->mimeData()->urls()) {
        if (!url.isLocalFile())
            return false; // web addresses of predictions: ids for the window
        paths.append(url.toLocalFile());
    }
    if (paths.isEmpty())
        return false;
    drop->acceptProposedAction();
    if (!enter)
        Q_EMIT filesDropped(paths);
    return true;
}

QStringList FileImportFlow::existingPaths(const QStringList &arguments)
{
    QStringList paths;
    for (const QString &argument : arguments) {
        const QFileInfo info(argument);
        if (!argument.isEmpty() && info.exists())
            paths.append(info.absoluteFilePath());
    }
    return paths;
}

void FileImportFlow::import(const QStringList &paths, const QString &providerKey)
{
    if (paths.isEmpty())
        return;
    // Said before any file is read: nothing found could be kept.
    if (m_store.isReadOnly()) {
        Q_EMIT message(ReadOnlyBanner::refusalText());
        return;
    }
    m_queue.append({paths, providerKey});
    if (!m_importer.isRunning())
        startNext();
}

void FileImportFlow::chooseAndImport(const QString &providerKey)
{
    const QStringList files = QFileDialog::getOpenFileNames(
        m_window, tr("Import from Files"), QStandardPaths::writableLocation(QStandardPaths::PicturesLocation),
        tr("Images (*.png *.jpg *.jpeg *.webp *.gif);;All files (*)"));
    import(files, providerKey);
}

void FileImportFlow::startNext()
{
    if (m_queue.isEmpty())
        return;
    const auto [paths, providerKey] = m_queue.takeFirst();
    if (!m_progress) {
        m_progress = new QProgressDialog(tr("Reading saved files…"), tr("Cancel"), 0, 0, m_window);
        m_progress->setWindowTitle(tr("Import from Files"));
        m_progress->setMinimumDuration(progressDelayMs);
        m_progress->setAutoClose(false);
        m_progress->setAutoReset(false);
        connect(m_progress, &QProgressDialog::canceled, &m_importer, &FileHistoryImporter::cancel);
    }
    m_progress->setRange(0, 0);
    m_progress->setValue(0);
    m_importer.start(paths, providerKey);
}

void FileImportFlow::onProgress(int done, int total)
{
    if (!m_progress)
        return;
    m_progress->setMaximum(total);
    m_progress->setValue(done);
}

void FileImportFlow::onFinished(const FileHistoryImporter::Summary &summary)
{
    if (m_progress && m_queue.isEmpty())
        m_progress->deleteLater();
    const QLocale locale;
    QString text = tr("%n prediction(s) imported", nullptr, int(summary.added.size())) + u' '
        + tr("from %n file(s)", nullptr, summary.files);
    if (summary.alreadyTracked > 0)
        text += QStringLiteral(", ") + tr("%n already tracked", nullptr, summary.alreadyTracked);
    Q_EMIT message(text);

    if (!summary.skipped.isEmpty()) {
        QStringList lines;
        for (const auto &[path, reason] : summary.skipped.mid(0, listedFiles))
            lines.append(QDir::toNativeSeparators(path) + QStringLiteral(": ") + reason);
        if (summary.skipped.size() > listedFiles)
            lines.append(tr("… and %1 more").arg(locale.toString(summary.skipped.size() - listedFiles)));
        QMessageBox box(QMessageBox::Information, tr("Import from Files"),
                        tr("%n file(s) carry no prediction from Replimon and were not imported.", nullptr,
                           int(summary.skipped.size())),
                        QMessageBox::Ok, m_window);
        box.setDetailedText(lines.join(u'\n'));
        box.exec();
    }
    startNext();
}

void FileImportFlow::onFailed(const StoreError &error)
{
    if (m_progress)
        m_progress->deleteLater();
    m_queue.clear();
    QMessageBox::warning(m_window, tr("Import from Files"),
                         tr("The imported tasks could not be stored: %1").arg(error.message));
}
