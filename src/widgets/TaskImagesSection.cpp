#include "TaskImagesSection.h"

#include "BeforeAfterView.h"
#include "FileDownloader.h"
#include "ImageCache.h"
#include "ImageMetadata.h"
#include "WrappingLabel.h"
#include "ui_TaskImagesSection.h"

#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QFontDatabase>
#include <QLabel>
#include <QLocale>
#include <QToolButton>
#include <QVBoxLayout>

namespace {

constexpr int maxImageColumns = 4;

QString homeRelative(const QString &path)
{
    const QString home = QDir::homePath();
    const QString native = QDir::toNativeSeparators(path);
    if (path.startsWith(home + u'/'))
        return QStringLiteral("~") + QDir::toNativeSeparators(path.mid(home.size()));
    return native;
}

bool sameSources(const QList<ImagePreview::Source> &a, const QList<ImagePreview::Source> &b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (a.at(i).url != b.at(i).url || a.at(i).remoteUrl != b.at(i).remoteUrl
            || a.at(i).localPath != b.at(i).localPath)
            return false;
    }
    return true;
}

QLabel *captionOf(const ImagePreview *preview)
{
    return preview->parentWidget()->findChild<QLabel *>(QStringLiteral("imageCaption"));
}

} // namespace

TaskImagesSection::TaskImagesSection(ImageCache &cache, QWidget *parent)
    : QGroupBox(parent)
    , m_ui(std::make_unique<Ui::TaskImagesSection>())
    , m_cache(cache)
    , m_beforeAfterButton(new QToolButton(this))
    , m_beforeAfter(new BeforeAfterView(cache, this))
{
    m_ui->setupUi(this);
    m_beforeAfterButton->setObjectName(QStringLiteral("beforeAfterButton"));
    m_beforeAfterButton->setCheckable(true);
    m_beforeAfterButton->hide();
    auto *toggleRow = new QHBoxLayout;
    toggleRow->addStretch(1);
    toggleRow->addWidget(m_beforeAfterButton);
    m_ui->imagesGroupLayout->insertLayout(0, toggleRow);
    // Under the previews' grid, in their place while shown; the pane scrolls, so the wheel is left to it.
    m_beforeAfter->setZoomable(false);
    m_beforeAfter->hide();
    m_ui->imagesGroupLayout->insertWidget(2, m_beforeAfter);
    connect(m_beforeAfterButton, &QToolButton::toggled, this, &TaskImagesSection::showBeforeAfter);
    connect(m_beforeAfter, &BeforeAfterView::doubleClicked, this, [this] {
        // The divider shows the input (preview 0) against the first output (preview 1).
        if (m_previews.size() < 2)
            return;
        openViewer(m_previews.at(1));
        m_viewer->showBeforeAfter(true);
    });
    retranslateBeforeAfter();
    m_ui->outputText->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_ui->saveStatusLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_ui->saveProgress->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);

    connect(m_ui->saveButton, &QPushButton::clicked, this, [this] {
        if (!m_task)
            return;
        m_saves[m_task->key].error.clear();
        Q_EMIT saveRequested(m_task->key);
    });
    connect(m_ui->cancelSaveButton, &QPushButton::clicked, this, [this] {
        if (m_task)
            Q_EMIT saveCancelRequested(m_task->key);
    });
    connect(m_ui->openFileButton, &QPushButton::clicked, this, [this] {
        const QString path = firstSavedFile();
        if (!path.isEmpty())
            QDesktopServices::openUrl(QUrl::fromLocalFile(path));
    });
    connect(m_ui->showInFolderButton, &QPushButton::clicked, this, [this] {
        const QString path = firstSavedFile();
        if (!path.isEmpty())
            QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(path).absolutePath()));
    });
}

TaskImagesSection::~TaskImagesSection() = default;

void TaskImagesSection::showTask(const Task &task, const Prediction &prediction, bool predictionChanged)
{
    m_task = task;
    m_inputImage = prediction.inputImage();
    if (predictionChanged) {
        const QString outputText = prediction.outputText();
        m_ui->outputText->setPlainText(outputText);
        m_ui->outputText->setVisible(!outputText.isEmpty());
    }
    updateImages(m_inputImage);
    updateSaveRow();
}

void TaskImagesSection::clear()
{
    m_task.reset();
    m_inputImage.clear();
    setSources({});
    m_beforeAfterButton->hide();
    showBeforeAfter(m_beforeAfterButton->isChecked());
}

void TaskImagesSection::setSaveFolder(const QString &folder)
{
    m_saveFolder = folder;
    for (ImagePreview *preview : std::as_const(m_previews))
        preview->setSaveFolder(folder);
}

QString TaskImagesSection::firstSavedFile() const
{
    if (!m_task)
        return {};
    for (const QString &path : m_task->localFiles) {
        if (QFileInfo::exists(path))
            return path;
    }
    return {};
}

void TaskImagesSection::updateImages(const QString &inputImage)
{
    QList<ImagePreview::Source> sources;
    QStringList captions;
    const Task &task = *m_task;
    if (!inputImage.isEmpty()) {
        const QUrl url(inputImage);
        sources.append({url, url, QString(), task.key.id + QStringLiteral("-input")});
        captions.append(tr("Input"));
    }
    const auto localFor = [&task](const QString &baseName) -> QString {
        for (const QString &path : task.localFiles) {
            if (QFileInfo(path).completeBaseName() == baseName)
                return path;
        }
        return {};
    };
    if (!task.dataRemoved && !task.outputUrlTexts.isEmpty()) {
        const int count = int(task.outputUrlTexts.size());
        const QStringList names = FileDownloader::outputBaseNames(task.key.id, count);
        for (int i = 0; i < count; ++i) {
            const QUrl remote = task.outputUrl(i);
            const QString local = localFor(names.at(i));
            // A saved copy is shown from disk: no network, and it outlives the server's.
            const bool useLocal = !local.isEmpty() && QFileInfo::exists(local);
            sources.append({useLocal ? QUrl::fromLocalFile(local) : remote, remote, local, names.at(i)});
            const QString caption = count == 1 ? tr("Output") : tr("Output %1 of %2").arg(i + 1).arg(count);
            captions.append(useLocal ? tr("%1 · saved").arg(caption) : caption);
        }
    } else if (!task.localFiles.isEmpty()) {
        for (const QString &path : task.localFiles) {
            sources.append({QUrl::fromLocalFile(path), QUrl(), path, QFileInfo(path).completeBaseName()});
            captions.append(task.localFiles.size() == 1
                                ? tr("Output (saved copy)")
                                : tr("Output %1 (saved copy)").arg(sources.size() - (inputImage.isEmpty() ? 0 : 1)));
        }
    }
    setSources(sources);
    for (qsizetype i = 0; i < m_previews.size(); ++i) {
        if (QLabel *caption = captionOf(m_previews.at(i)))
            caption->setText(captions.value(i));
    }
    const bool beforeAfter = !beforeAfterOutput().isEmpty();
    m_beforeAfterButton->setVisible(beforeAfter);
    showBeforeAfter(m_beforeAfterButton->isChecked());
}

QUrl TaskImagesSection::beforeAfterOutput() const
{
    // The input comes first in the sources, the outputs after it.
    if (m_inputImage.isEmpty() || m_sources.size() < 2)
        return {};
    return m_sources.at(1).url;
}

void TaskImagesSection::showBeforeAfter(bool on)
{
    {
        // The choice stays for the next edit shown, through tasks without an input image.
        const QSignalBlocker blocker(m_beforeAfterButton);
        m_beforeAfterButton->setChecked(on);
    }
    const QUrl output = beforeAfterOutput();
    const bool shown = on && !output.isEmpty();
    for (ImagePreview *preview : std::as_const(m_previews))
        preview->parentWidget()->setVisible(!shown);
    if (shown)
        m_beforeAfter->setUrls(QUrl(m_inputImage), output);
    m_beforeAfter->setVisible(shown);
}

void TaskImagesSection::retranslateBeforeAfter()
{
    m_beforeAfterButton->setText(tr("Before / After"));
    m_beforeAfterButton->setToolTip(tr("The input image and the output under a divider you drag"));
}

void TaskImagesSection::setSources(const QList<ImagePreview::Source> &sources)
{
    if (sameSources(sources, m_sources))
        return;
    m_sources = sources;
    // As many images as before (the usual step from one task to the next): the tiles stay and show the new
    // sources, so a click costs no new widgets to build, polish and lay out.
    if (sources.size() == m_previews.size()) {
        for (int i = 0; i < int(sources.size()); ++i)
            m_previews.at(i)->setSource(sources.at(i));
        return;
    }
    QGridLayout *grid = m_ui->imagesLayout;
    for (ImagePreview *preview : std::as_const(m_previews))
        preview->parentWidget()->deleteLater();
    while (grid->count() > 0)
        delete grid->takeAt(0);
    for (int column = 0; column < grid->columnCount(); ++column)
        grid->setColumnStretch(column, 0);
    m_previews.clear();

    const int count = int(sources.size());
    const int rows = (count + maxImageColumns - 1) / maxImageColumns;
    const int columns = rows > 0 ? (count + rows - 1) / rows : 0;
    for (int i = 0; i < count; ++i) {
        auto *tile = new QWidget(this);
        auto *layout = new QVBoxLayout(tile);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->setSpacing(4);
        auto *preview = new ImagePreview(m_cache, tile);
        preview->setSaveFolder(m_saveFolder);
        auto *caption = new WrappingLabel(tile);
        caption->setObjectName(QStringLiteral("imageCaption"));
        caption->setAlignment(Qt::AlignHCenter | Qt::AlignTop);
        caption->setWordWrap(true);
        caption->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
        caption->setForegroundRole(QPalette::PlaceholderText);
        layout->addWidget(preview);
        layout->addWidget(caption);
        grid->addWidget(tile, i / columns, i % columns, Qt::AlignTop);
        connect(preview, &ImagePreview::clicked, this, [this, preview] { openViewer(preview); });
        m_previews.append(preview);
        preview->setSource(sources.at(i));
    }
    for (int column = 0; column < columns; ++column)
        grid->setColumnStretch(column, 1);
}

void TaskImagesSection::setReadOnly(const QString &reason)
{
    m_readOnlyReason = reason;
    updateSaveRow();
}

void TaskImagesSection::updateSaveRow()
{
    if (!m_task)
        return;
    const Task &task = *m_task;
    const SaveState state = m_saves.value(task.key);
    const bool remote = !task.outputUrlTexts.isEmpty() && !task.dataRemoved;
    QStringList existing;
    for (const QString &path : task.localFiles) {
        if (QFileInfo::exists(path))
            existing.append(path);
    }

    m_ui->saveButton->setVisible(remote);
    m_ui->saveButton->setEnabled(!state.saving && m_readOnlyReason.isEmpty());
    m_ui->saveButton->setToolTip(m_readOnlyReason);
    m_ui->saveButton->setText(task.localFiles.isEmpty() ? tr("Save Output") : tr("Save Again"));
    m_ui->saveProgress->setVisible(state.saving);
    m_ui->cancelSaveButton->setVisible(state.saving);
    if (state.saving) {
        const QLocale locale;
        if (state.total > 0) {
            m_ui->saveProgress->setRange(0, 1000);
            m_ui->saveProgress->setValue(int(std::min<qint64>(1000, state.received * 1000 / state.total)));
            m_ui->saveProgress->setFormat(
                tr("%1 of %2").arg(locale.formattedDataSize(state.received), locale.formattedDataSize(state.total)));
        } else {
            m_ui->saveProgress->setRange(0, 0);
            m_ui->saveProgress->setFormat(locale.formattedDataSize(state.received));
        }
    }
    const bool saved = !state.saving && !existing.isEmpty();
    m_ui->openFileButton->setVisible(saved);
    m_ui->showInFolderButton->setVisible(saved);
    updateSaveStatus(state, existing);

    const bool anything = remote || state.saving || !task.localFiles.isEmpty();
    setVisible(anything || !m_previews.isEmpty() || m_ui->outputText->isVisibleTo(this));
}

void TaskImagesSection::updateSaveStatus(const SaveState &state, const QStringList &existing)
{
    QString status;
    QString toolTip;
    if (state.saving) {
        status = tr("Saving to %1…").arg(homeRelative(m_saveFolder));
    } else if (!state.error.isEmpty()) {
        status = tr("Saving failed: %1").arg(state.error);
    } else if (!existing.isEmpty()) {
        const QFileInfo first(existing.constFirst());
        status = existing.size() == 1
            ? tr("Saved as %1 in %2").arg(first.fileName(), homeRelative(first.absolutePath()))
            : tr("Saved %n files in %1", nullptr, int(existing.size())).arg(homeRelative(first.absolutePath()));
        status += provenanceNote(existing);
        for (const QString &path : existing)
            toolTip += (toolTip.isEmpty() ? QString() : QStringLiteral("\n")) + QDir::toNativeSeparators(path);
    } else if (!m_task->localFiles.isEmpty()) {
        status = tr("The saved files are no longer on disk.");
    }
    m_ui->saveStatusLabel->setText(status);
    m_ui->saveStatusLabel->setToolTip(toolTip);
    m_ui->saveStatusLabel->setVisible(!status.isEmpty());
}

QString TaskImagesSection::provenanceNote(const QStringList &existing)
{
    int images = 0;
    int carrying = 0;
    for (const QString &path : existing) {
        const QDateTime modified = QFileInfo(path).lastModified();
        auto it = m_provenance.find(path);
        if (it == m_provenance.end() || it->modified != modified) {
            // A memory-mapped walk of the file's headers: cheap, and done again only when the file changes.
            const auto read = ImageMetadata::readFile(path);
            const bool image = read.ok() || read.error().kind != MetadataError::Kind::NotAnImage;
            it = m_provenance.insert(path,
                                     Provenance{modified, image, read.ok() ? read.value().predictionId : QString()});
        }
        images += it->image ? 1 : 0;
        carrying += it->image && it->predictionId == m_task->key.id ? 1 : 0;
    }
    if (images == 0)
        return {};
    if (carrying == images)
        return u' ' + tr("(the prediction is embedded)");
    if (carrying == 0)
        return u' ' + tr("(without the prediction inside)");
    return u' '
        + tr("(the prediction is embedded in %1 of %2)").arg(QLocale().toString(carrying), QLocale().toString(images));
}

void TaskImagesSection::openViewer(ImagePreview *preview)
{
    if (!m_viewer) {
        m_viewer = new ImageViewer(m_cache, this);
        m_viewer->setAttribute(Qt::WA_DeleteOnClose);
        m_viewer->resize(m_viewer->sizeHint());
    }
    const QString caption = m_task ? m_task->key.id : QString();
    const QString what = m_previews.contains(preview) ? captionOf(preview)->text() : QString();
    m_viewer->setImage(preview->source().url, what.isEmpty() ? caption : tr("%1 — %2").arg(what, caption));
    // An output of an edit can be seen against its input there too.
    const bool output = !m_inputImage.isEmpty() && m_previews.indexOf(preview) > 0;
    m_viewer->setBeforeImage(output ? QUrl(m_inputImage) : QUrl());
    m_viewer->show();
    m_viewer->raise();
    m_viewer->activateWindow();
}

void TaskImagesSection::onSaveStarted(const TaskKey &key)
{
    SaveState &state = m_saves[key];
    state = SaveState();
    state.saving = true;
    onSaveStateChanged(key);
}

void TaskImagesSection::onSaveProgress(const TaskKey &key, qint64 received, qint64 total)
{
    SaveState &state = m_saves[key];
    state.saving = true;
    state.received = received;
    state.total = total;
    onSaveStateChanged(key);
}

void TaskImagesSection::onSaved(const TaskKey &key)
{
    m_saves.remove(key);
    onSaveStateChanged(key);
}

void TaskImagesSection::onSaveFailed(const TaskKey &key, const ApiError &error)
{
    SaveState &state = m_saves[key];
    state = SaveState();
    state.error = error.kind == ApiError::Kind::Canceled ? tr("stopped.") : error.message;
    onSaveStateChanged(key);
}

void TaskImagesSection::onSaveStateChanged(const TaskKey &key)
{
    if (m_task && m_task->key == key)
        updateSaveRow();
}

void TaskImagesSection::changeEvent(QEvent *event)
{
    QGroupBox::changeEvent(event);
    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        retranslateBeforeAfter();
        if (m_task) {
            updateImages(m_inputImage);
            updateSaveRow();
        }
    }
}
