#!/usr/bin/env bash
# README's test command: install what is missing (Debian packages), then run every test.
# The last line is "N passed, N failed"; the exit status is non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec make -s test
