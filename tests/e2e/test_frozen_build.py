"""The frozen one-folder build works: hidden imports, data files and Qt plugins that break
only when frozen (reportlab fonts, SQLAlchemy dialects, Alembic scripts, Qt platform plugins)
are caught here by running the built program the way a user's double-click would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from sample_files import REPO, SAMPLES

import crm_desktop

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="CI builds the Linux bundle")


@pytest.fixture(scope="module")
def frozen(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build dist/crm-desktop once for this module (about a minute or two)."""
    out = tmp_path_factory.mktemp("frozen")
    pyinstaller = Path(sys.executable).with_name("pyinstaller")
    result = subprocess.run(
        [
            str(pyinstaller), "--noconfirm", "--log-level", "WARN",
            "--distpath", str(out / "dist"), "--workpath", str(out / "build"),
            str(REPO / "installer" / "crm_desktop.spec"),
        ],
        cwd=REPO, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    exe = out / "dist" / "crm-desktop" / "crm-desktop"
    assert exe.exists()
    return exe


def _run(exe: Path, *args: str, home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {
        k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "CRM_DESKTOP_DB"))
    }
    environ.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"))
    environ.update(env)
    return subprocess.run(
        [str(exe), *args], capture_output=True, text=True, timeout=180, env=environ, cwd=home
    )


def test_frozen_program_runs_every_layer(frozen: Path, tmp_path: Path) -> None:
    db = tmp_path / "shop.db"

    version = _run(frozen, "--version", home=tmp_path)
    assert version.returncode == 0, version.stderr
    assert crm_desktop.__version__ in version.stdout

    demo = _run(frozen, "demo", "--db", str(db), "--customers", "40", "--lang", "zh", home=tmp_path)
    assert demo.returncode == 0, demo.stderr
    assert db.exists()

    listed = _run(frozen, "customers", "list", "--db", str(db), "--json", "--limit", "3", home=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert '"name"' in listed.stdout

    pdf = tmp_path / "customers.pdf"
    report = _run(frozen, "report", "customers", str(pdf), "--db", str(db), "--lang", "zh", home=tmp_path)
    assert report.returncode == 0, report.stderr
    text = "".join(page.extract_text() or "" for page in PdfReader(pdf).pages)
    assert "客户" in text  # the embedded CJK font made it into the bundle

    imported = _run(
        frozen, "import", "customers", str(SAMPLES / "odoo_res_partner_import_template.xlsx"),
        "--db", str(db), home=tmp_path,
    )  # fmt: skip
    assert imported.returncode == 0, imported.stderr

    window = _run(
        frozen, "--db", str(db), "--lang", "zh", home=tmp_path,
        QT_QPA_PLATFORM="offscreen", CRM_DESKTOP_QUIT_AFTER_MS="500",
    )  # fmt: skip
    assert window.returncode == 0, window.stderr[-3000:]
    assert "window shown" in window.stdout


def test_frozen_program_refuses_a_damaged_file_with_one_line(frozen: Path, tmp_path: Path) -> None:
    bad = tmp_path / "broken.db"
    bad.write_bytes(b"not a database at all" * 10)
    result = _run(frozen, "customers", "list", "--db", str(bad), home=tmp_path)
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
