#!/usr/bin/env bash
# Fails when a C++ file of the project differs from .clang-format, naming each file and the first lines
# that differ. packaging/dev.sh format fixes them.
set -euo pipefail
top=${1:?usage: check-format.sh SOURCE_DIR}
cd "$top"
command -v clang-format >/dev/null || { echo "clang-format is not installed (packaging/dev.sh deps installs it)"; exit 1; }
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    mapfile -t files < <(git ls-files --cached --others --exclude-standard -- '*.cpp' '*.h')
else
    mapfile -t files < <(find src tests -name '*.cpp' -o -name '*.h')
fi
# One clang-format run over every file; it names each file that differs in its "error:" lines.
mapfile -t bad < <(clang-format --dry-run -Werror "${files[@]}" 2>&1 | sed -n 's/^\([^:]*\):[0-9]*:[0-9]*: error:.*/\1/p' | sort -u)
if [ ${#bad[@]} -gt 0 ]; then
    echo "${#bad[@]} file(s) differ from .clang-format (run packaging/dev.sh format):"
    for f in "${bad[@]}"; do
        echo "  $f"
        diff -u "$f" <(clang-format "$f") | sed -n '3,12p' | sed 's/^/      /'
    done
    exit 1
fi
echo "${#files[@]} files formatted as .clang-format says"
