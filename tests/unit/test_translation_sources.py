"""Every UI source with translatable text is in a set the translation build reads: a module left
out (ui/file_dialogs.py once, ui/pages/reports.py before it) shows English in the Chinese window."""

from __future__ import annotations

import importlib.util
import re
from fnmatch import fnmatch

from sample_files import REPO


def _build_script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "build_translations", REPO / "scripts" / "build_translations.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_ui_source_with_text_is_translated() -> None:
    patterns = [p for sources in _build_script().SOURCE_SETS.values() for p in sources]
    speaks = re.compile(r"\btr\(|QCoreApplication\.translate\(")
    missing = []
    for path in sorted((REPO / "crm_desktop" / "ui").rglob("*.py")):
        relative = path.relative_to(REPO).as_posix()
        if speaks.search(path.read_text(encoding="utf-8")) and not any(
            fnmatch(relative, p) for p in patterns
        ):
            missing.append(relative)
    assert missing == [], f"add these to SOURCE_SETS in scripts/build_translations.py: {missing}"
