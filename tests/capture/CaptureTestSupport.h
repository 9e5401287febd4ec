#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

/// What one curl run gave: its exit code, every response head it saw (100 Continue included) and the body.
struct CurlResult
{
    int exitCode = -1;
    QByteArray heads;
    QByteArray body;
    QByteArray error;
};

/// Runs curl (from PATH), processing this thread's events until it ends, with @p arguments plus `-sS -D <file> -o <file>`; the test's key goes in a header file
/// (`-H @file`), never on the command line.
CurlResult runCurl(const QStringList &arguments, const QString &authorization = {});

/// Sends @p request as raw bytes to 127.0.0.1:@p port and returns everything read until the peer closes
/// (or @p timeoutMs passes).
QByteArray rawExchange(quint16 port, const QByteArray &request, int timeoutMs = 10000);

/// The resident set of this process, in MiB (from /proc/self/status).
double residentMiB();
