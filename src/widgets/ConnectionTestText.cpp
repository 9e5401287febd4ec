#include "ConnectionTestText.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>

ConnectionTestText::ConnectionTestText(ConnectionTest::Outcome outcome, const QString &server,
                                       std::optional<std::chrono::milliseconds> retryAfter, bool demo, bool withKey)
{
    // The dialog's context: these texts were translated as the dialog's own.
    switch (outcome) {
    case ConnectionTest::Outcome::KeyAccepted:
        m_error = false;
        m_text = demo ? QCoreApplication::translate("SettingsDialog", "Connected to the demo server.")
                      : QCoreApplication::translate("SettingsDialog", "Connected: the key was accepted.");
        break;
    case ConnectionTest::Outcome::KeyRejected:
        m_text = !withKey
            ? QCoreApplication::translate("SettingsDialog", "The server wants an API key: %1").arg(server)
            : QCoreApplication::translate("SettingsDialog", "The key was rejected: %1")
                  .arg(server.isEmpty() ? QCoreApplication::translate("SettingsDialog", "no reason given") : server);
        break;
    case ConnectionTest::Outcome::Unreachable:
        m_text = QCoreApplication::translate("SettingsDialog", "Could not reach the server: %1").arg(server);
        break;
    case ConnectionTest::Outcome::RateLimited: {
        if (retryAfter) {
            const int seconds = std::max(1, int(std::ceil(double(retryAfter->count()) / 1000.0)));
            m_text = QCoreApplication::translate(
                "SettingsDialog", "The server is limiting requests right now; try again in %n second(s).", nullptr,
                seconds);
        } else {
            m_text = QCoreApplication::translate("SettingsDialog",
                                                 "The server is limiting requests right now; try again in a moment.");
        }
        break;
    }
    case ConnectionTest::Outcome::ServerError:
        m_text =
            QCoreApplication::translate("SettingsDialog", "The server had a problem (%1); try again later.").arg(server);
        break;
    case ConnectionTest::Outcome::UnexpectedAnswer:
        m_text =
            QCoreApplication::translate("SettingsDialog", "Unexpected answer; is the API address right? %1").arg(server);
        break;
    }
    m_text = m_text.trimmed();
}
