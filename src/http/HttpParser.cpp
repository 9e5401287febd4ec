#include "HttpParser.h"

#include <http_parser.h>

namespace {

HttpParser *self(http_parser *parser)
{
    return static_cast<HttpParser *>(parser->data);
}

} // namespace

HttpParser::HttpParser(Kind kind)
    : m_parser(std::make_unique<http_parser>())
    , m_settings(std::make_unique<http_parser_settings>())
{
    http_parser_init(m_parser.get(), kind == Kind::Request ? HTTP_REQUEST : HTTP_RESPONSE);
    m_parser->data = this;
    http_parser_settings_init(m_settings.get());
    m_settings->on_message_begin = &HttpParser::onMessageBeginThunk;
    m_settings->on_url = &HttpParser::onUrlThunk;
    m_settings->on_status = &HttpParser::onStatusThunk;
    m_settings->on_header_field = &HttpParser::onHeaderFieldThunk;
    m_settings->on_header_value = &HttpParser::onHeaderValueThunk;
    m_settings->on_headers_complete = &HttpParser::onHeadersCompleteThunk;
    m_settings->on_body = &HttpParser::onBodyThunk;
    m_settings->on_message_complete = &HttpParser::onMessageCompleteThunk;
}

HttpParser::~HttpParser() = default;

qsizetype HttpParser::feed(const char *data, qsizetype size)
{
    if (size <= 0 || hasError() || isPaused())
        return 0;
    return qsizetype(http_parser_execute(m_parser.get(), m_settings.get(), data, size_t(size)));
}

void HttpParser::finish()
{
    if (!hasError() && !isPaused())
        http_parser_execute(m_parser.get(), m_settings.get(), nullptr, 0);
}

void HttpParser::pause()
{
    http_parser_pause(m_parser.get(), 1);
}

void HttpParser::resume()
{
    if (isPaused())
        http_parser_pause(m_parser.get(), 0);
}

bool HttpParser::isPaused() const
{
    return HTTP_PARSER_ERRNO(m_parser.get()) == HPE_PAUSED;
}

bool HttpParser::hasError() const
{
    const auto error = HTTP_PARSER_ERRNO(m_parser.get());
    return error != HPE_OK && error != HPE_PAUSED;
}

QByteArray HttpParser::errorText() const
{
    const auto error = HTTP_PARSER_ERRNO(m_parser.get());
    return QByteArray(http_errno_name(error)) + ": " + http_errno_description(error);
}

bool HttpParser::isChunked() const
{
    return m_chunked;
}

qint64 HttpParser::contentLength() const
{
    return m_contentLength;
}

bool HttpParser::keepAlive() const
{
    return http_should_keep_alive(m_parser.get()) != 0;
}

int HttpParser::onMessageBeginThunk(http_parser *parser)
{
    HttpParser *that = self(parser);
    that->m_head = HttpHead();
    that->m_lastWasValue = false;
    that->m_contentLength = -1;
    that->m_chunked = false;
    return 0;
}

int HttpParser::onUrlThunk(http_parser *parser, const char *at, size_t length)
{
    self(parser)->m_head.target.append(at, qsizetype(length));
    return 0;
}

int HttpParser::onStatusThunk(http_parser *parser, const char *at, size_t length)
{
    self(parser)->m_head.reason.append(at, qsizetype(length));
    return 0;
}

// A field's name or value may arrive in several pieces (split across reads): a name piece after a value
// starts a new field, anything else continues the current one.
int HttpParser::onHeaderFieldThunk(http_parser *parser, const char *at, size_t length)
{
    HttpParser *that = self(parser);
    if (that->m_lastWasValue || that->m_head.fields.isEmpty())
        that->m_head.fields.append({QByteArray(), QByteArray()});
    that->m_head.fields.last().first.append(at, qsizetype(length));
    that->m_lastWasValue = false;
    return 0;
}

int HttpParser::onHeaderValueThunk(http_parser *parser, const char *at, size_t length)
{
    HttpParser *that = self(parser);
    if (that->m_head.fields.isEmpty())
        return 1;
    that->m_head.fields.last().second.append(at, qsizetype(length));
    that->m_lastWasValue = true;
    return 0;
}

int HttpParser::onHeadersCompleteThunk(http_parser *parser)
{
    HttpParser *that = self(parser);
    HttpHead &head = that->m_head;
    head.versionMajor = parser->http_major;
    head.versionMinor = parser->http_minor;
    if (parser->type == HTTP_REQUEST)
        head.method = http_method_str(http_method(parser->method));
    else
        head.status = int(parser->status_code);
    that->m_chunked = (parser->flags & F_CHUNKED) != 0;
    that->m_contentLength = (parser->flags & F_CONTENTLENGTH) != 0 ? qint64(parser->content_length) : -1;
    const bool skipBody = that->onHead && that->onHead(head);
    return skipBody ? 1 : 0;
}

int HttpParser::onBodyThunk(http_parser *parser, const char *at, size_t length)
{
    HttpParser *that = self(parser);
    if (that->onBody)
        that->onBody(at, qsizetype(length));
    return 0;
}

int HttpParser::onMessageCompleteThunk(http_parser *parser)
{
    HttpParser *that = self(parser);
    if (that->onMessageComplete)
        that->onMessageComplete();
    return 0;
}
