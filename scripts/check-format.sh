#!/usr/bin/env bash
# Fails when a C++ file of the repository differs from what clang-format (Debian's, with
# .clang-format) makes of it, and names the files:  bash scripts/check-format.sh [--fix]
# (--fix rewrites them in place). Run by scripts/run-tests.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/install-missing.sh clang-format
# the C++ sources of the repository (not build trees); `find`, so that no git is needed
mapfile -t files < <(find include src tests bench fuzz bindings/python/src -type f \
                       \( -name '*.hpp' -o -name '*.ipp' -o -name '*.cpp' \) | sort)
if [ "${1:-}" = "--fix" ]; then
  clang-format -i --style=file "${files[@]}"
  exit 0
fi
unformatted=()
for f in "${files[@]}"; do
  clang-format --style=file --dry-run --Werror "$f" >/dev/null 2>&1 || unformatted+=("$f")
done
if ((${#unformatted[@]})); then
  echo "check-format: ${#unformatted[@]} of ${#files[@]} files are not clang-formatted:" >&2
  printf '  %s\n' "${unformatted[@]}" >&2
  echo "fix them with: bash scripts/check-format.sh --fix" >&2
  exit 1
fi
echo "check-format: ${#files[@]} files formatted"
