#!/usr/bin/env bash
# Installs the unpacked bundle for the current user: a launcher, a menu entry and an icon.
# The customer database stays in the user data folder and is never touched by this script.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
prefix="${PREFIX:-$HOME/.local}"
mkdir -p "$prefix/bin" "$prefix/share/applications" "$prefix/share/icons/hicolor/256x256/apps"
ln -sf "$here/crm-desktop" "$prefix/bin/crm-desktop"
cp "$here/crm-desktop.png" "$prefix/share/icons/hicolor/256x256/apps/crm-desktop.png"
sed "s|^Exec=crm-desktop|Exec=$here/crm-desktop|" "$here/crm-desktop.desktop" > "$prefix/share/applications/crm-desktop.desktop"
echo "CRM Desktop installed: run 'crm-desktop' or pick it from the Office menu."
