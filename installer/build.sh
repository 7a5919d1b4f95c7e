#!/usr/bin/env bash
# Builds the one-folder bundle (dist/crm-desktop/) and, on Linux, a tarball beside it.
# Run on the platform you build for: PyInstaller cannot cross-build.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m pip install -q "pyinstaller>=6.10"
.venv/bin/python scripts/build_translations.py 2>/dev/null || true
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller installer/crm_desktop.spec
version=$(.venv/bin/python -c "import tomllib;print(tomllib.load(open('pyproject.toml','rb'))['project']['version'])")
if [ "$(uname -s)" = "Linux" ]; then
  cp installer/linux/crm-desktop.desktop dist/crm-desktop/
  cp crm_desktop/resources/icons/crm-desktop-256.png dist/crm-desktop/crm-desktop.png
  cp installer/linux/install.sh dist/crm-desktop/
  tar -C dist -czf "dist/crm-desktop-${version}-linux-$(uname -m).tar.gz" crm-desktop
  echo "Built dist/crm-desktop/ ($(du -sh dist/crm-desktop | cut -f1)) and dist/crm-desktop-${version}-linux-$(uname -m).tar.gz"
fi
