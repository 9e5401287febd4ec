#include "TaskDetailPane.h"

#include "DisplayText.h"
#include "FileDownloader.h"
#include "ImageCache.h"
#include "ImageViewer.h"
#include "ui_TaskDetailPane.h"

#include <QClipboard>
#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGridLayout>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QScrollBar>
#include <QTextCursor>
#include <QVBoxLayout>

#include <cmath>

namespace {

constexpr int maxImageColumns = 4;

struct StatusColours
{
    QColor background;
    QColor text;
};

StatusColours coloursFor(const Task &task)
{
    if (!task.hasPrediction())
        return {QColor(0xe0, 0xe0, 0xe0), QColor(0x42, 0x42, 0x42)};
    switch (task.status) {
    case PredictionStatus::Succeeded:
        return {QColor(0x2e, 0x7d, 0x32), Qt::white};
    case PredictionStatus::Failed:
        return {QColor(0xc6, 0x28, 0x28), Qt::white};
    case PredictionStatus::Processing:
        return {QColor(0x15, 0x65, 0xc0), Qt::white};
    case PredictionStatus::Starting:
        return {QColor(0xef, 0x6c, 0x00), Qt::white};
    case PredictionStatus::Canceled:
    case PredictionStatus::Aborted:
        return {QColor(0x61, 0x61, 0x61), Qt::white};
    case PredictionStatus::Unknown:
        break;
    }
    return {QColor(0x6a, 0x1b, 0x9a), Qt::white};
}

QLabel *captionLabel(const QString &text)
{
    auto *label = new QLabel(text);
    label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    return label;
}

QLabel *valueLabel(const QString &text, const QString &toolTip = {})
{
    auto *label = new QLabel(text);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    label->setToolTip(toolTip);
    return label;
}

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

} // namespace

TaskDetailPane::TaskDetailPane(ImageCache &cache, QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::TaskDetailPane>())
    , m_cache(cache)
{
    m_ui->setupUi(this);
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_ui->logsEdit->setFont(fixed);
    m_ui->jsonEdit->setFont(fixed);
    m_ui->outputText->setFont(fixed);
    m_ui->logsEdit->setPlaceholderText(tr("No logs."));
    m_ui->jsonEdit->setPlaceholderText(tr("Not fetched yet."));
    QFont idFont = fixed;
    idFont.setPointSizeF(font().pointSizeF() * 1.15);
    idFont.setBold(true);
    m_ui->idLabel->setFont(idFont);
    QFont titleFont = m_ui->errorTitle->font();
    titleFont.setBold(true);
    m_ui->errorTitle->setFont(titleFont);
    for (QLabel *label : {m_ui->promptLabel, m_ui->modelLabel, m_ui->noticeLabel, m_ui->requestErrorLabel,
                          m_ui->errorText, m_ui->saveStatusLabel, m_ui->createdValue, m_ui->startedValue,
                          m_ui->completedValue, m_ui->queueValue, m_ui->runValue}) {
        label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    }
    m_ui->emptyLabel->setForegroundRole(QPalette::PlaceholderText);
    m_ui->saveProgress->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    applyStyles();

    connect(m_ui->copyIdButton, &QToolButton::clicked, this, [this] {
        if (m_task)
            QGuiApplication::clipboard()->setText(m_task->key.id);
    });
    connect(m_ui->openWebButton, &QPushButton::clicked, this, [this] {
        if (!m_task)
            return;
        QDesktopServices::openUrl(m_task->webPageUrl());
    });
    connect(m_ui->refreshButton, &QPushButton::clicked, this, [this] {
        if (m_task)
            Q_EMIT refreshRequested({m_task->key});
    });
    connect(m_ui->cancelButton, &QPushButton::clicked, this, [this] {
        if (m_task)
            Q_EMIT cancelRequested({m_task->key});
    });
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
    const auto firstSavedFile = [this]() -> QString {
        if (!m_task)
            return {};
        for (const QString &path : m_task->localFiles) {
            if (QFileInfo::exists(path))
                return path;
        }
        return {};
    };
    connect(m_ui->openFileButton, &QPushButton::clicked, this, [firstSavedFile] {
        const QString path = firstSavedFile();
        if (!path.isEmpty())
            QDesktopServices::openUrl(QUrl::fromLocalFile(path));
    });
    connect(m_ui->showInFolderButton, &QPushButton::clicked, this, [firstSavedFile] {
        const QString path = firstSavedFile();
        if (!path.isEmpty())
            QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(path).absolutePath()));
    });

    // Durations of a running task and the expiry countdown move on their own.
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, [this] {
        updateTimes();
        updateNotices();
    });

    setTask(nullptr);
}

TaskDetailPane::~TaskDetailPane() = default;

void TaskDetailPane::applyStyles()
{
    m_ui->errorBox->setStyleSheet(
        QStringLiteral("QFrame#errorBox { background: #fdecea; border: 1px solid #f1b0ac; border-radius: 4px; }"
                       "QFrame#errorBox QLabel { color: #5f1410; background: transparent; border: none; }"));
    m_ui->requestErrorLabel->setStyleSheet(QStringLiteral("QLabel { background: #fff4e5; color: #663c00; border: 1px "
                                                          "solid #f3d19e; border-radius: 4px; padding: 6px 8px; }"));
}

void TaskDetailPane::setSaveFolder(const QString &folder)
{
    m_saveFolder = folder;
    for (ImagePreview *preview : std::as_const(m_previews))
        preview->setSaveFolder(folder);
}

void TaskDetailPane::setRetention(std::chrono::seconds retention)
{
    m_retention = retention;
    updateNotices();
}

void TaskDetailPane::setNow(const QDateTime &now)
{
    m_fixedNow = now;
    updateTimes();
    updateNotices();
}

QDateTime TaskDetailPane::now() const
{
    return m_fixedNow.isValid() ? m_fixedNow : QDateTime::currentDateTimeUtc();
}

void TaskDetailPane::setCancelUnsupported(const QSet<QString> &providerKeys)
{
    m_cancelUnsupported = providerKeys;
    if (m_task)
        updateHeader(m_task->prediction());
}

QDateTime TaskDetailPane::expiresAt() const
{
    return m_task ? m_task->outputsExpireAt(m_retention) : QDateTime();
}

void TaskDetailPane::setTask(const Task *task)
{
    if (!task) {
        m_task.reset();
        m_tick.stop();
        m_shownLogs.clear();
        m_shownJson.clear();
        updateImages(Prediction());
        m_ui->stack->setCurrentWidget(m_ui->emptyPage);
        return;
    }
    const bool sameTask = m_task && m_task->key == task->key;
    m_task = *task;
    m_ui->stack->setCurrentWidget(m_ui->detailPage);
    if (!sameTask) {
        m_shownLogs.clear();
        m_shownJson.clear();
        m_ui->logsEdit->clear();
        m_ui->scrollArea->verticalScrollBar()->setValue(0);
    }

    const Prediction prediction = task->prediction();
    updateHeader(prediction);
    if (m_shownJson != task->rawJson || !sameTask) {
        m_shownJson = task->rawJson;
        const QString prompt = prediction.prompt();
        m_ui->promptGroup->setVisible(!prompt.isEmpty());
        m_ui->promptLabel->setText(prompt);
        updateInputs(prediction);
        updateMetrics(prediction);
        const QString error = prediction.errorText();
        const bool failed = task->status == PredictionStatus::Failed;
        m_ui->errorBox->setVisible(failed || !error.isEmpty());
        m_ui->errorTitle->setText(failed ? tr("The prediction failed") : tr("Error"));
        m_ui->errorText->setText(error.isEmpty() ? tr("The server gave no reason.") : error);
        m_ui->jsonEdit->setPlainText(DisplayText::prettyJson(task->rawJson));
        m_ui->outputText->setPlainText(prediction.outputText());
        m_ui->outputText->setVisible(!prediction.outputText().isEmpty());
    }
    updateLogs(prediction.logs());
    m_ui->requestErrorLabel->setVisible(!task->lastError.isEmpty());
    m_ui->requestErrorLabel->setText(tr("The last request failed: %1").arg(task->lastError));
    updateTimes();
    updateNotices();
    updateImages(prediction);
    updateSaveRow();

    const bool expiryShown = task->unsavedOutputsExpireAt(m_retention).isValid();
    const bool ticking = !PredictionStatuses::isTerminal(task->status) || expiryShown;
    if (ticking && !m_tick.isActive())
        m_tick.start();
    else if (!ticking)
        m_tick.stop();
}

void TaskDetailPane::updateHeader(const Prediction &prediction)
{
    const Task &task = *m_task;
    m_ui->idLabel->setText(task.key.id);
    m_ui->idLabel->setToolTip(tr("Provider: %1").arg(task.key.provider));
    const StatusColours colours = coloursFor(task);
    m_ui->statusBadge->setText(DisplayText::statusName(task.status, task.statusText, task.hasPrediction()));
    m_ui->statusBadge->setStyleSheet(QStringLiteral("QLabel { background: %1; color: %2; border-radius: 9px; "
                                                    "padding: 2px 10px; font-weight: 600; }")
                                         .arg(colours.background.name(), colours.text.name()));
    m_ui->statusBadge->setToolTip(DisplayText::unknownStatusNote(task.status, task.statusText));

    const QString model = task.model.isEmpty() ? tr("Unknown model") : task.model;
    const QString version = prediction.version();
    QString versionText;
    if (version.isEmpty())
        versionText = tr("version unknown");
    else if (version == u"hidden")
        versionText = tr("version hidden");
    else
        versionText = tr("version %1").arg(version.left(12) + (version.size() > 12 ? QStringLiteral("…") : QString()));
    m_ui->modelLabel->setText(QStringLiteral("<b>%1</b><br>%2 · %3")
                                  .arg(model.toHtmlEscaped(), versionText.toHtmlEscaped(),
                                       tr("provider %1").arg(task.key.provider).toHtmlEscaped()));
    m_ui->modelLabel->setToolTip(version.size() > 12 ? version : QString());

    const bool active = PredictionStatuses::isActive(task.status);
    const bool unsupported = m_cancelUnsupported.contains(task.key.provider);
    m_ui->cancelButton->setEnabled(active && !unsupported);
    m_ui->cancelButton->setToolTip(unsupported ? tr("This provider does not support canceling predictions.")
                                               : QString());
    m_ui->openWebButton->setEnabled(task.webUrl.isValid() || task.hasPrediction());
}

void TaskDetailPane::clearForm(QFormLayout *form)
{
    while (form->rowCount() > 0)
        form->removeRow(0);
}

void TaskDetailPane::updateInputs(const Prediction &prediction)
{
    QFormLayout *form = m_ui->inputsForm;
    clearForm(form);
    const auto &inputs = prediction.inputs();
    // The seed's six first, in its order, then whatever else the model takes, in the server's order.
    const QStringList known{QStringLiteral("prompt"),           QStringLiteral("input_image"),
                            QStringLiteral("aspect_ratio"),     QStringLiteral("output_format"),
                            QStringLiteral("safety_tolerance"), QStringLiteral("prompt_upsampling")};
    QList<std::pair<QString, QJsonValue>> ordered;
    for (const QString &key : known) {
        for (const auto &entry : inputs) {
            if (entry.first == key)
                ordered.append(entry);
        }
    }
    for (const auto &entry : inputs) {
        if (!known.contains(entry.first))
            ordered.append(entry);
    }
    for (const auto &[key, value] : ordered) {
        QString toolTip;
        QString text = DisplayText::value(value, &toolTip);
        if (key == u"prompt" && text.size() > 80) {
            // Shown in full above.
            toolTip = text;
            text = text.left(77) + QStringLiteral("…");
        }
        QLabel *caption = captionLabel(DisplayText::inputLabel(key));
        if (caption->text() != key)
            caption->setToolTip(key);
        form->addRow(caption, valueLabel(text, toolTip));
    }
    m_ui->inputsGroup->setVisible(!ordered.isEmpty());
}

void TaskDetailPane::updateMetrics(const Prediction &prediction)
{
    QFormLayout *form = m_ui->metricsForm;
    clearForm(form);
    const QJsonObject metrics = prediction.metrics();
    QStringList keys;
    for (const char *first : {"predict_time", "total_time", "image_count"}) {
        if (metrics.contains(QLatin1String(first)))
            keys.append(QLatin1String(first));
    }
    for (auto it = metrics.constBegin(); it != metrics.constEnd(); ++it) {
        if (!keys.contains(it.key()))
            keys.append(it.key());
    }
    for (const QString &key : std::as_const(keys)) {
        const QJsonValue value = metrics.value(key);
        QString toolTip;
        QString text;
        if ((key == u"predict_time" || key == u"total_time") && value.isDouble())
            text = DisplayText::duration(value.toDouble());
        else
            text = DisplayText::value(value, &toolTip);
        form->addRow(captionLabel(DisplayText::metricLabel(key)), valueLabel(text, toolTip));
    }
    m_ui->metricsGroup->setVisible(!keys.isEmpty());
}

void TaskDetailPane::updateTimes()
{
    if (!m_task)
        return;
    const Task &task = *m_task;
    const QDateTime current = now();
    const bool active = !PredictionStatuses::isTerminal(task.status) && task.hasPrediction();
    m_ui->createdValue->setText(DisplayText::dateTimeWithSeconds(task.createdAt));
    m_ui->startedValue->setText(DisplayText::dateTimeWithSeconds(task.startedAt));
    m_ui->completedValue->setText(DisplayText::dateTimeWithSeconds(task.completedAt));
    for (QLabel *label : {m_ui->createdValue, m_ui->startedValue, m_ui->completedValue}) {
        const QDateTime &time = label == m_ui->createdValue ? task.createdAt
            : label == m_ui->startedValue                   ? task.startedAt
                                                            : task.completedAt;
        label->setToolTip(time.isValid() ? DisplayText::relativeTime(time, current) : QString());
    }

    QString queue = QStringLiteral("—");
    if (task.createdAt.isValid() && task.startedAt.isValid())
        queue = DisplayText::duration(task.createdAt.msecsTo(task.startedAt) / 1000.0);
    else if (task.createdAt.isValid() && active && task.status == PredictionStatus::Starting)
        queue = tr("%1 so far").arg(DisplayText::elapsed(task.createdAt.secsTo(current)));
    else if (task.status == PredictionStatus::Aborted)
        queue = tr("never started");
    m_ui->queueValue->setText(queue);

    QString run = QStringLiteral("—");
    if (const auto seconds = task.runTime())
        run = DisplayText::duration(*seconds);
    else if (task.startedAt.isValid() && active)
        run = tr("%1 so far").arg(DisplayText::elapsed(task.startedAt.secsTo(current)));
    m_ui->runValue->setText(run);
}

void TaskDetailPane::updateNotices()
{
    QLabel *notice = m_ui->noticeLabel;
    if (!m_task) {
        notice->hide();
        return;
    }
    const Task &task = *m_task;
    const QLocale locale;
    QString text;
    bool warning = false;
    if (task.dataRemoved) {
        text = tr("The server has deleted this prediction's outputs and logs (they are kept for a limited "
                  "time after completion).");
        text += u' '
            + (task.localFiles.isEmpty() ? tr("No copy was saved.")
                                         : tr("The copies saved on this computer are shown below."));
    } else if (const QDateTime expires = task.unsavedOutputsExpireAt(m_retention); expires.isValid()) {
        const qint64 seconds = now().secsTo(expires);
        const QString at = DisplayText::shortTime(expires);
        warning = true;
        if (seconds > 0) {
            const int minutes = int((seconds + 59) / 60);
            const QString in = minutes >= 120 ? tr("in %n hour(s)", nullptr, minutes / 60)
                                              : tr("in %n min", nullptr, minutes);
            text = tr("Outputs expire at %1 (%2). Save them to keep them.").arg(at, in);
        } else {
            text = tr("Outputs were due to expire at %1: they may already be gone.").arg(at);
        }
    }
    notice->setVisible(!text.isEmpty());
    notice->setText(text);
    notice->setStyleSheet(warning ? QStringLiteral("QLabel { background: #fff4e5; color: #663c00; border: 1px solid "
                                                   "#f3d19e; border-radius: 4px; padding: 6px 8px; }")
                                  : QStringLiteral("QLabel { background: #e8eef7; color: #1f3556; border: 1px solid "
                                                   "#b7c8e1; border-radius: 4px; padding: 6px 8px; }"));
}

void TaskDetailPane::updateLogs(const QString &logs)
{
    QPlainTextEdit *edit = m_ui->logsEdit;
    QScrollBar *bar = edit->verticalScrollBar();
    if (logs == m_shownLogs && !edit->document()->isEmpty())
        return;
    // Follow the tail unless the user scrolled up to read something.
    const bool follow = m_shownLogs.isEmpty() || bar->value() >= bar->maximum() - 2;
    const int previous = bar->value();
    if (!m_shownLogs.isEmpty() && logs.startsWith(m_shownLogs)) {
        QTextCursor cursor(edit->document());
        cursor.movePosition(QTextCursor::End);
        cursor.insertText(logs.mid(m_shownLogs.size()));
    } else {
        edit->setPlainText(logs);
    }
    m_shownLogs = logs;
    bar->setValue(follow ? bar->maximum() : previous);
}

void TaskDetailPane::updateImages(const Prediction &prediction)
{
    QList<ImagePreview::Source> sources;
    QStringList captions;
    if (m_task) {
        const Task &task = *m_task;
        const QString inputImage = prediction.inputImage();
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
        if (!task.dataRemoved && !task.outputUrls.isEmpty()) {
            const int count = int(task.outputUrls.size());
            const QStringList names = FileDownloader::outputBaseNames(task.key.id, count);
            for (int i = 0; i < count; ++i) {
                const QUrl remote = task.outputUrls.at(i);
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
                captions.append(
                    task.localFiles.size() == 1
                        ? tr("Output (saved copy)")
                        : tr("Output %1 (saved copy)").arg(sources.size() - (inputImage.isEmpty() ? 0 : 1)));
            }
        }
    }

    QGridLayout *grid = m_ui->imagesLayout;
    if (!sameSources(sources, m_sources)) {
        for (ImagePreview *preview : std::as_const(m_previews))
            preview->parentWidget()->deleteLater();
        while (grid->count() > 0)
            delete grid->takeAt(0);
        for (int column = 0; column < grid->columnCount(); ++column)
            grid->setColumnStretch(column, 0);
        m_previews.clear();
        m_sources = sources;

        const int count = int(sources.size());
        const int rows = (count + maxImageColumns - 1) / maxImageColumns;
        const int columns = rows > 0 ? (count + rows - 1) / rows : 0;
        for (int i = 0; i < count; ++i) {
            auto *tile = new QWidget(m_ui->imagesGroup);
            auto *layout = new QVBoxLayout(tile);
            layout->setContentsMargins(0, 0, 0, 0);
            layout->setSpacing(4);
            auto *preview = new ImagePreview(m_cache, tile);
            preview->setSaveFolder(m_saveFolder);
            auto *caption = new QLabel(tile);
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
    for (qsizetype i = 0; i < m_previews.size(); ++i) {
        auto *caption = m_previews.at(i)->parentWidget()->findChild<QLabel *>(QStringLiteral("imageCaption"));
        if (caption)
            caption->setText(captions.value(i));
    }
}

void TaskDetailPane::updateSaveRow()
{
    if (!m_task)
        return;
    const Task &task = *m_task;
    const SaveState state = m_saves.value(task.key);
    const bool remote = !task.outputUrls.isEmpty() && !task.dataRemoved;
    QStringList existing;
    for (const QString &path : task.localFiles) {
        if (QFileInfo::exists(path))
            existing.append(path);
    }

    m_ui->saveButton->setVisible(remote);
    m_ui->saveButton->setEnabled(!state.saving);
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
        for (const QString &path : std::as_const(existing))
            toolTip += (toolTip.isEmpty() ? QString() : QStringLiteral("\n")) + QDir::toNativeSeparators(path);
    } else if (!task.localFiles.isEmpty()) {
        status = tr("The saved files are no longer on disk.");
    }
    m_ui->saveStatusLabel->setText(status);
    m_ui->saveStatusLabel->setToolTip(toolTip);
    m_ui->saveStatusLabel->setVisible(!status.isEmpty());

    const bool anything = remote || state.saving || !task.localFiles.isEmpty();
    m_ui->imagesGroup->setVisible(anything || !m_previews.isEmpty()
                                  || m_ui->outputText->isVisibleTo(m_ui->imagesGroup));
}

void TaskDetailPane::openViewer(ImagePreview *preview)
{
    if (!m_viewer) {
        m_viewer = new ImageViewer(m_cache, this);
        m_viewer->setAttribute(Qt::WA_DeleteOnClose);
        m_viewer->resize(m_viewer->sizeHint());
    }
    const qsizetype index = m_previews.indexOf(preview);
    const QString caption = m_task ? m_task->key.id : QString();
    const QString what = index >= 0
        ? preview->parentWidget()->findChild<QLabel *>(QStringLiteral("imageCaption"))->text()
        : QString();
    m_viewer->setImage(preview->source().url, what.isEmpty() ? caption : tr("%1 — %2").arg(what, caption));
    m_viewer->show();
    m_viewer->raise();
    m_viewer->activateWindow();
}

void TaskDetailPane::onSaveStarted(const TaskKey &key, int fileCount)
{
    Q_UNUSED(fileCount)
    SaveState &state = m_saves[key];
    state = SaveState();
    state.saving = true;
    if (m_task && m_task->key == key)
        updateSaveRow();
}

void TaskDetailPane::onSaveProgress(const TaskKey &key, qint64 received, qint64 total)
{
    SaveState &state = m_saves[key];
    state.saving = true;
    state.received = received;
    state.total = total;
    if (m_task && m_task->key == key)
        updateSaveRow();
}

void TaskDetailPane::onSaved(const TaskKey &key, const QStringList &paths)
{
    Q_UNUSED(paths) // the store has them; setTask() brings them
    m_saves.remove(key);
    if (m_task && m_task->key == key)
        updateSaveRow();
}

void TaskDetailPane::onSaveFailed(const TaskKey &key, const ApiError &error)
{
    SaveState &state = m_saves[key];
    state = SaveState();
    state.error = error.kind == ApiError::Kind::Canceled ? tr("stopped.") : error.message;
    if (m_task && m_task->key == key)
        updateSaveRow();
}

void TaskDetailPane::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        if (m_task) {
            const Task task = *m_task;
            m_shownJson.clear();
            setTask(&task);
        }
    }
}
