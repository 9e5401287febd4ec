#include "ConnectCodeDialog.h"

#include "CaptureUrls.h"
#include "Settings.h"
#include "ui_ConnectCodeDialog.h"

#include <QClipboard>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QPushButton>

#include <array>

namespace {

// In the order of the dialog's tabs: curl, Python, JavaScript, plain HTTP. {base} is the base URL for
// Replicate's clients, {origin} the same without /v1 (the Python client adds it), {host} and {path} its
// parts. The model and prompt run on any Replicate account: the snippets work as they are.
const char16_t *const snippetTemplates[] = {
    uR"(curl -s {base}/models/black-forest-labs/flux-schnell/predictions \
  -H "Authorization: Bearer $REPLICATE_API_TOKEN" \
  -H "Content-Type: application/json" \
  -H "Prefer: wait" \
  -d '{"input": {"prompt": "a lighthouse at dusk"}}'
)",
    uR"(import replicate

client = replicate.Client(base_url="{origin}")
output = client.run(
    "black-forest-labs/flux-schnell",
    input={"prompt": "a lighthouse at dusk"},
)
)",
    uR"(import Replicate from "replicate";

const replicate = new Replicate({ baseUrl: "{base}" });
const output = await replicate.run("black-forest-labs/flux-schnell", {
  input: { prompt: "a lighthouse at dusk" },
});
)",
    uR"(POST {path}/models/black-forest-labs/flux-schnell/predictions HTTP/1.1
Host: {host}
Authorization: Bearer <your API key>
Content-Type: application/json

{"input": {"prompt": "a lighthouse at dusk"}}
)",
};

QString snippet(int index, quint16 port)
{
    const QUrl base = CaptureUrls::baseUrls(port).value(0);
    return QString::fromUtf16(snippetTemplates[index])
        .replace(QLatin1String("{base}"), base.toString())
        .replace(QLatin1String("{origin}"), CaptureUrls::origin(port).toString())
        .replace(QLatin1String("{host}"), base.authority())
        .replace(QLatin1String("{path}"), base.path());
}

} // namespace

ConnectCodeDialog::ConnectCodeDialog(Settings &settings, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::ConnectCodeDialog>())
    , m_settings(settings)
{
    m_ui->setupUi(this);
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (QWidget *code : std::initializer_list<QWidget *>{m_ui->clientUrlEdit, m_ui->relayUrlEdit, m_ui->curlEdit,
                                                          m_ui->pythonEdit, m_ui->javascriptEdit, m_ui->httpEdit})
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
    const std::array<QPlainTextEdit *, 4> edits = {m_ui->curlEdit, m_ui->pythonEdit, m_ui->javascriptEdit,
                                                   m_ui->httpEdit};
    for (std::size_t i = 0; i < edits.size(); ++i)
        edits[i]->setPlainText(snippet(int(i), port));
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
