"""Makes the files in this folder: our .xlsx and .csv exports of `PEOPLE`, opened and saved
again by the real LibreOffice (as .ods, .xlsx and .csv). Run once where `soffice` is installed:

    .venv/bin/python tests/data/roundtrip/make_fixtures.py

See tests/unit/test_spreadsheet_roundtrip.py, which holds PEOPLE and the conversions.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent.parent), str(HERE.parent.parent / "unit")]

from test_spreadsheet_roundtrip import convert, make_exports  # noqa: E402


def main() -> int:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("LibreOffice (soffice) is not installed", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        make_exports(Path(tmp)).close()
        convert(soffice, Path(tmp), HERE)
    print("made", ", ".join(sorted(p.name for p in HERE.iterdir() if p.suffix != ".py")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
