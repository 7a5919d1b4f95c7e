#!/usr/bin/env bash
# Quick start, step 1: set up (first run only) and start CRM Desktop.
# Extra arguments go to the app, e.g. ./start.sh --db ~/shop.db
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
exec .venv/bin/crm-desktop "$@"
