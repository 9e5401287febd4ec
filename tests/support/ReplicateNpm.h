#pragma once

#include <QJsonObject>
#include <QString>
#include <QUrl>

/// Where the tests install the official `replicate` npm client (one copy under the build tree serves all).
QString replicateNpmPrefix();

/// Makes sure the official `replicate` npm client 1.4.0 is installed under @p prefix (installing it with npm
/// when it is not). Returns "" when it is ready, or why it cannot be (node or npm not on PATH, the npm
/// registry unreachable), for QSKIP.
QString prepareReplicateNpm(const QString &prefix = replicateNpmPrefix());

/// What the official client's `predictions.get` gave: the prediction's model, version and input, or why
/// there is none (node's error output, or that it did not end).
struct NpmPrediction
{
    QJsonObject prediction;
    QString error;
};

/// Reads prediction @p id from @p apiRoot with the official client installed by prepareReplicateNpm().
/// @p token goes to node in its environment, never on a command line.
NpmPrediction npmGetPrediction(const QUrl &apiRoot, const QString &token, const QString &id);
