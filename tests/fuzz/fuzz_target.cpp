// One libFuzzer entry point, built once per check: REPLIMON_FUZZ_CHECK names the FuzzChecks function.
#include "FuzzChecks.h"

#include <QByteArray>
#include <QString>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    // Raw data, not a copy: a copy would add a terminating zero and hide one-byte overreads from ASan.
    const QByteArray input = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const QString problem = FuzzChecks::REPLIMON_FUZZ_CHECK(input);
    if (!problem.isEmpty()) {
        std::fprintf(stderr, "broken invariant: %s\n", problem.toLocal8Bit().constData());
        std::abort(); // libFuzzer saves the input as a crash-* file
    }
    return 0;
}
