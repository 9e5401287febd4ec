#pragma once

#include <QByteArray>
#include <QString>

/// What the fuzz targets check, shared with tst_fuzzregressions so that every input the fuzzer ever
/// found (tests/fixtures/fuzz/<target>/) is checked again by the ordinary suite, with or without
/// sanitizers. Each function runs one input through the code under test and returns the first broken
/// invariant in words, or "" when the input was handled correctly. Crashes and memory errors are
/// left to the sanitizers.
namespace FuzzChecks {

/// Prediction::fromJson, PredictionPage::fromJson and every accessor of what they return.
QString prediction(const QByteArray &data);

/// ApiEndpoint::extractIds on @p data read as UTF-8 pasted text.
QString extractIds(const QByteArray &data);

/// RetryPolicy::parseRetryAfter on @p data as a header value, and retryAfterFromBody on it as JSON.
QString retryAfter(const QByteArray &data);

/// ImageMetadata::read on @p data as a file's bytes; when ImageMetadata::embed accepts it, reading the
/// result gives back what was embedded.
QString imageMetadata(const QByteArray &data);

} // namespace FuzzChecks
