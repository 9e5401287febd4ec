#include "ConnectCodeDialog.h"

#include "CaptureUrls.h"
#include "Settings.h"
#include "ui_ConnectCodeDialog.h"

#include <QClipboard>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QPushButton>

namespace {

// A model every Replicate account can run, and a prompt: the snippets work as they are.
constexpr char16_t exampleModel[] = u"black-forest-labs/flux-schnell";

QString curlSnippet(const QUrl &base)
{
    return QStringLiteral("curl -s %1/models/%2/predictions \\\n"
                          "  -H \"Authorization: Bearer $REPLICATE_API_TOKEN\" \\\n"
                          "  -H \"Content-Type: application/json\" \\\n"
                          "  -H \"Prefer: wait\" \\\n"
                          "  -d '{\"input\": {\"prompt\": \"a lighthouse at dusk\"}}'\n")
        .arg(base.toString(), exampleModel);
}

QString pythonSnippet(const QUrl &origin)
{
    return QStringLiteral("import replicate\n\n"
                          "client = replicate.Client(base_url=\"%1\")\n"
                          "output = client.run(\n"
                          "    \"%2\",\n"
                          "    input={\"prompt\": \"a lighthouse at dusk\"},\n"
                          ")\n")
        .arg(origin.toString(), exampleModel);
}

QString javascriptSnippet(const QUrl &base)
{
    return QStringLiteral("import Replicate from \"replicate\";\n\n"
                          "const replicate = new Replicate({ baseUrl: \"%1\" });\n"
                          "const output = await replicate.run(\"%2\", {\n"
                          "  input: { prompt: \"a lighthouse at dusk\" },\n"
                          "});\n")
        .arg(base.toString(), exampleModel);
}

QString httpSnippet(const QUrl &base)
{
    return QStringLiteral("POST %1/models/%2/predictions HTTP/1.1\n"
                          "Host: %3:%4\n"
                          "Authorization: Bearer <your API key>\n"
                          "Content-Type: application/json\n\n"
                          "{\"input\": {\"prompt\": \"a lighthouse at dusk\"}}\n")
        .arg(base.path(), exampleModel, base.host())
        .arg(base.port());
}

} // namespace

ConnectCodeDialog::ConnectCodeDialog(Settings &settings, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::ConnectCodeDialog>())
    , m_settings(settings)
{
    m_ui->setupUi(this);
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (QWidget *code : {static_cast<QWidget *>(m_ui->clientUrlEdit), static_cast<QWidget *>(m_ui->relayUrlEdit),
                          static_cast<QWidget *>(m_ui->curlEdit), static_cast<QWidget *>(m_ui->pythonEdit),
                          static_cast<QWidget *>(m_ui->javascriptEdit), static_cast<QWidget *>(m_ui->httpEdit)})
        code->setFont(fixed);

    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_ui->turnOnButton, &QPushButton::clicked, this, &ConnectCodeDialog::turnOn);
    connect(m_ui->clientUrlCopyButton, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(m_ui->clientUrlEdit->text()); });
    connect(m_ui->relayUrlCopyButton, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(m_ui->relayUrlEdit->text()); });
    connect(m_ui->copySnippetButton, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(currentSnippet()); });
    connect(m_ui->snippetTabs, &QTabWidget::currentChanged, this, &ConnectCodeDialog::showSnippetHint);

    // Until the application says otherwise: what Settings would start.
    CaptureState state;
    state.enabled = settings.captureEnabled();
    state.port = settings.capturePort();
    setState(state);
}

ConnectCodeDialog::~ConnectCodeDialog() = default;

void ConnectCodeDialog::setState(const CaptureState &state)
{
    m_state = state;
    const quint16 port = state.port;
    const QList<QUrl> bases = CaptureUrls::baseUrls(port);
    m_ui->clientUrlEdit->setText(bases.value(0).toString());
    m_ui->relayUrlEdit->setText(bases.value(1).toString());
    m_ui->curlEdit->setPlainText(curlSnippet(bases.value(0)));
    m_ui->pythonEdit->setPlainText(pythonSnippet(CaptureUrls::origin(port)));
    m_ui->javascriptEdit->setPlainText(javascriptSnippet(bases.value(0)));
    m_ui->httpEdit->setPlainText(httpSnippet(bases.value(0)));
    showState();
}

void ConnectCodeDialog::showState()
{
    m_ui->stateLabel->setText(m_state.description());
    m_ui->turnOnButton->setVisible(!m_state.enabled);
    m_ui->upstreamLabel->setText(m_state.upstream.isEmpty() ? QString()
                                                            : tr("Both are forwarded to %1.").arg(m_state.upstream));
    m_ui->upstreamLabel->setVisible(!m_state.upstream.isEmpty());
    showSnippetHint();
}

void ConnectCodeDialog::showSnippetHint()
{
    const QWidget *page = m_ui->snippetTabs->currentWidget();
    QString hint;
    if (page == m_ui->pythonTab)
        hint = tr("The Python client adds /v1 to its base URL itself: give it the address without it.");
    else if (page == m_ui->httpTab)
        hint = tr("Any HTTP client works: send to port %1 what you would send to your provider, with your own "
                  "key.")
                   .arg(m_state.port);
    else
        hint = tr("Your code keeps its own API key: Replimon passes it on and never adds its own.");
    m_ui->snippetHintLabel->setText(hint);
}

QString ConnectCodeDialog::currentSnippet() const
{
    const QWidget *page = m_ui->snippetTabs->currentWidget();
    for (const QPlainTextEdit *edit : {m_ui->curlEdit, m_ui->pythonEdit, m_ui->javascriptEdit, m_ui->httpEdit}) {
        if (edit->parentWidget() == page)
            return edit->toPlainText();
    }
    return {};
}

void ConnectCodeDialog::turnOn()
{
    // The application follows the setting and tells this dialog what came of it (setState()).
    m_settings.setCaptureEnabled(true);
    m_settings.sync();
}

void ConnectCodeDialog::changeEvent(QEvent *event)
{
    QDialog::changeEvent(event);
    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        showState();
    }
}
