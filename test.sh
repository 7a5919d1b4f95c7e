#!/usr/bin/env bash
# Quick start, step 2: set up (first run only) and run the whole test suite headless.
set -euo pipefail
cd "$(dirname "$0")"
export QT_QPA_PLATFORM=offscreen
bash scripts/setup.sh --tests
.venv/bin/ruff check crm_desktop tests
.venv/bin/ruff format --check --quiet crm_desktop tests
.venv/bin/lint-imports
.venv/bin/mypy
set +e
.venv/bin/python -m pytest "$@"
status=$?
set -e
# pytest exits 5 when it collected no test: that is a failure, not a pass.
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests" >&2
  exit 1
fi
exit "$status"
