// Runs a command and writes what it cost as one JSON object: wall time, CPU seconds (user + system, the
// child and everything it waited for) and peak resident memory. The benchmarks measure every client the same
// way through it, whatever language the client is written in.
//
//   bench_measure OUT.json COMMAND [ARGS…]
//
// The command's stdin, stdout and stderr are inherited; bench_measure exits with the command's exit code.
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>

namespace {

double seconds(const timeval &tv)
{
    return double(tv.tv_sec) + double(tv.tv_usec) / 1e6;
}

double monotonicSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

} // namespace

int main(int argc, char *argv[])
{
    if (argc < 3) {
        std::fprintf(stderr, "usage: bench_measure OUT.json COMMAND [ARGS...]\n");
        return 2;
    }
    const double start = monotonicSeconds();
    const pid_t pid = fork();
    if (pid < 0) {
        std::perror("fork");
        return 2;
    }
    if (pid == 0) {
        execvp(argv[2], argv + 2);
        std::fprintf(stderr, "bench_measure: cannot run %s: %s\n", argv[2], std::strerror(errno));
        _exit(127);
    }
    int status = 0;
    rusage usage{};
    // wait4 gives the usage of this child alone (with the children it waited for), not of bench_measure.
    while (wait4(pid, &status, 0, &usage) < 0) {
        if (errno != EINTR) {
            std::perror("wait4");
            return 2;
        }
    }
    const double wall = monotonicSeconds() - start;
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);

    std::FILE *out = std::fopen(argv[1], "w");
    if (!out) {
        std::perror(argv[1]);
        return 2;
    }
    std::fprintf(out,
                 "{\"wall_s\": %.3f, \"cpu_s\": %.3f, \"user_s\": %.3f, \"sys_s\": %.3f, \"maxrss_kb\": %ld, "
                 "\"exit\": %d}\n",
                 wall, seconds(usage.ru_utime) + seconds(usage.ru_stime), seconds(usage.ru_utime),
                 seconds(usage.ru_stime), usage.ru_maxrss, code);
    std::fclose(out);
    return code;
}
