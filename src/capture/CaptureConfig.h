#pragma once

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QUrl>

#include "Prediction.h"
#include "Settings.h"

/// What the capture endpoint is started with.
struct CaptureConfig final
{
    /// The documented default port (`http://127.0.0.1:5088/v1`); 0 asks the system for a free one.
    static constexpr quint16 defaultPort = Settings::defaultCapturePort;

    quint16 port = defaultPort;
    /// The provider's API root every call is forwarded to, e.g. `https://api.replicate.com/v1`.
    QUrl upstreamRoot;
    /// Browser origins (`https://app.example`) that may call the endpoint; empty = no CORS headers at all.
    QStringList allowedOrigins;
    /// How long the upstream may stay silent (connecting, before its answer, between body bytes) before the
    /// caller gets a 504. Longer than the 60 s a `Prefer: wait` create may be held.
    int upstreamTimeoutMs = 90000;
    /// How long a caller's connection may sit idle between requests (or mid-head) before it is closed.
    int callerIdleTimeoutMs = 120000;
    /// The most of one answer kept for recording; a larger prediction answer is a recording failure.
    qsizetype recordCap = 8 * 1024 * 1024;
};

/// Which API call a forwarded request was, as far as recording is concerned.
enum class CaptureCallKind {
    None,   ///< Not a prediction call: forwarded, never recorded.
    Create, ///< POST /predictions, /models/{o}/{n}/predictions, /deployments/{o}/{n}/predictions
    Get,    ///< GET /predictions/{id}
    Cancel, ///< POST /predictions/{id}/cancel
    List,   ///< GET /predictions (one page)
};

/// Predictions read from one forwarded answer.
struct CapturedPredictions final
{
    CaptureCallKind kind = CaptureCallKind::None;
    QString userAgent; ///< The caller's User-Agent, as sent (empty when it sent none).
    QList<Prediction> predictions;
};

/// An answer that should have been recorded but could not be (too large, compressed oddly, not parsing).
/// The caller got it unchanged all the same.
struct CaptureRecordingFailure final
{
    CaptureCallKind kind = CaptureCallKind::None;
    QString userAgent;
    QString message;
};

/// One forwarded answer meant for recording, as the forwarding thread hands it on: the body's bytes
/// (inflated), read into predictions on CaptureReader's thread; or why they could not be kept.
struct CapturedAnswer final
{
    CaptureCallKind kind = CaptureCallKind::None;
    QString userAgent;
    QByteArray body;
    QString failure; ///< "" when body holds the answer.
};

Q_DECLARE_METATYPE(CapturedPredictions)
Q_DECLARE_METATYPE(CaptureRecordingFailure)
Q_DECLARE_METATYPE(CapturedAnswer)
