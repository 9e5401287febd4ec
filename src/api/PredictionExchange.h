#pragma once

// PredictionWorker's request in flight, shared by its two source files (the connections in
// PredictionWorker.cpp, the answers in PredictionWorkerAnswers.cpp). Not for anyone else.
#include "PredictionWorker.h"

#include <QByteArray>
#include <QUrl>

/// One request from the client's command to its outcome: what goes out (a followed redirect changes the
/// address, and a 301–303 the verb), and what has come back of the answer so far.
struct PredictionWorker::Exchange
{
    PredictionRequest request;
    QUrl url; ///< Where the request goes now (a followed redirect changes it).
    QByteArray verb;
    QByteArray body;
    int redirects = 0;
    bool retried = false;
    bool answerStarted = false;
    bool tooLarge = false;
    int status = 0;
    QByteArray reason;
    QByteArray contentType;
    QByteArray retryAfter;
    QByteArray location;
    QByteArray answer;
};
