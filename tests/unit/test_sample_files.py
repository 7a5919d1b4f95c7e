"""The real sample spreadsheets travel with the repository, so a clone anywhere runs the tests."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
REPO = TESTS.parent


def samples_dir(env: dict[str, str]) -> Path:
    """`sample_files.SAMPLES` as a fresh interpreter sees it with `env`."""
    base = {k: v for k, v in os.environ.items() if k != "CRM_SAMPLES_DIR"}
    out = subprocess.run(
        [sys.executable, "-c", "from sample_files import SAMPLES; print(SAMPLES)"],
        cwd=TESTS,
        env={**base, **env, "PYTHONPATH": str(TESTS)},
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
        timeout=60,
    )
    return Path(out.stdout.strip())


def test_the_samples_are_in_the_repository_with_their_sources() -> None:
    samples = samples_dir({})
    assert samples == REPO / "tests" / "data" / "samples"
    readme = (samples / "README.md").read_text(encoding="utf-8")
    assert "MIT" in readme  # the licence of the vCards
    # every file the README lists is there, and every sample is listed
    listed = set(re.findall(r"^\| ([^|]+?) \|", readme, re.M)) - {"file", "---"}
    names = {n.strip() for entry in listed for n in entry.split(",")}
    assert names
    for name in names:
        if "*" in name:
            assert list(samples.glob(name)), name
        else:
            assert (samples / name).is_file(), name
    on_disk = {p.name for p in samples.iterdir() if p.is_file() and not p.name.startswith(".")} - {
        "README.md"
    }
    assert on_disk <= names


def test_crm_samples_dir_still_points_elsewhere(tmp_path: Path) -> None:
    assert samples_dir({"CRM_SAMPLES_DIR": str(tmp_path)}) == tmp_path
