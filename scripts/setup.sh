#!/usr/bin/env bash
# Sets up everything CRM Desktop needs on a Debian/Ubuntu machine: the system libraries Qt
# loads, a CJK font, a virtual environment in .venv and the package with its test extras.
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

need=(libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0 fonts-wqy-microhei)
# A real window (not offscreen) also needs the xcb platform libraries.
if [ "${QT_QPA_PLATFORM:-}" != "offscreen" ]; then
  need+=(libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0)
fi
# The test suite also mounts a real network file system (sshfs served by a local
# sftp-server through socat, only on 127.0.0.1) to prove a database on a share is refused.
# LibreOffice (Calc, no GUI) opens our exports and saves them again as .xlsx/.ods/.csv, the
# round trip a user makes (tests/unit/test_spreadsheet_roundtrip.py): ~70 s to install, 90 MB.
if [ "${1:-}" = "--tests" ]; then
  need+=(sshfs openssh-sftp-server socat libreoffice-calc-nogui)
fi
missing=()
for pkg in "${need[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ] && command -v apt-get >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
stamp=.venv/.crm-desktop-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q -e '.[test]'
  touch "$stamp"
fi
