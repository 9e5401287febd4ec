#pragma once

#include "HttpHead.h"

#include <QByteArray>

#include <functional>
#include <memory>

struct http_parser;
struct http_parser_settings;

/// http-parser (nodejs/http-parser 2.9, Debian's libhttp-parser-dev) for one direction of one connection:
/// requests from a caller or responses from the upstream, several messages in a row (keep-alive).
///
/// Bodies are handed out as they arrive, already de-chunked; nothing is kept beyond the current head.
/// pause() from inside a callback stops feed() right after that callback; the bytes not consumed stay with
/// the caller of feed(), who offers them again after resume().
class HttpParser final
{
public:
    enum class Kind {
        Request,
        Response
    };

    /// The head is complete. Return true to parse no body (a response to HEAD).
    std::function<bool(HttpHead &head)> onHead;
    std::function<void(const char *data, qsizetype size)> onBody;
    std::function<void()> onMessageComplete;

    explicit HttpParser(Kind kind);
    ~HttpParser();
    HttpParser(const HttpParser &) = delete;
    HttpParser &operator=(const HttpParser &) = delete;

    /// Parses up to @p size bytes; returns how many were consumed (fewer when paused or on an error).
    qsizetype feed(const char *data, qsizetype size);
    /// Tells the parser the connection ended (completes a body that runs until the close).
    void finish();
    void pause();
    void resume();
    bool isPaused() const;
    bool hasError() const;
    QByteArray errorText() const;

    /// For the current message, valid from onHead on.
    bool isChunked() const;
    /// -1 when the head gave no Content-Length.
    qint64 contentLength() const;
    /// Whether the connection may carry another message after this one (HTTP version and Connection).
    bool keepAlive() const;

private:
    static int onMessageBeginThunk(http_parser *parser);
    static int onUrlThunk(http_parser *parser, const char *at, size_t length);
    static int onStatusThunk(http_parser *parser, const char *at, size_t length);
    static int onHeaderFieldThunk(http_parser *parser, const char *at, size_t length);
    static int onHeaderValueThunk(http_parser *parser, const char *at, size_t length);
    static int onHeadersCompleteThunk(http_parser *parser);
    static int onBodyThunk(http_parser *parser, const char *at, size_t length);
    static int onMessageCompleteThunk(http_parser *parser);

    std::unique_ptr<http_parser> m_parser;
    std::unique_ptr<http_parser_settings> m_settings;
    HttpHead m_head;
    bool m_lastWasValue = false;
    qint64 m_contentLength = -1;
    bool m_chunked = false;
};
