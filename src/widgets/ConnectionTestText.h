#pragma once

#include "ConnectionTest.h"

#include <QString>

#include <chrono>
#include <optional>

/// What the settings dialog says about a Test connection's outcome, in the user's language.
class ConnectionTestText final
{
public:
    /// @p server: the server's own words (the key already scrubbed out); @p demo: the demo server was
    /// tested; @p withKey: the test carried a key.
    ConnectionTestText(ConnectionTest::Outcome outcome, const QString &server,
                       std::optional<std::chrono::milliseconds> retryAfter, bool demo, bool withKey);

    QString text() const { return m_text; }
    /// Whether it reports a problem (shown in the error colour).
    bool isError() const { return m_error; }

private:
    QString m_text;
    bool m_error = true;
};
