# Builds the Windows one-folder bundle and the setup program. Run in PowerShell on Windows
# with Python 3.11+ and Inno Setup 6 (iscc on PATH) installed.
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")
if (-not (Test-Path .venv)) { py -3.11 -m venv .venv }
.\.venv\Scripts\python -m pip install -e ".[test]" "pyinstaller>=6.10"
.\.venv\Scripts\python scripts\build_translations.py
.\.venv\Scripts\pyinstaller --noconfirm --clean --distpath dist --workpath build\pyinstaller installer\crm_desktop.spec
$version = .\.venv\Scripts\python -c "import tomllib;print(tomllib.load(open('pyproject.toml','rb'))['project']['version'])"
iscc "/DAppVersion=$version" installer\windows\crm_desktop.iss
Write-Host "Built dist\crm-desktop-$version-setup.exe"
