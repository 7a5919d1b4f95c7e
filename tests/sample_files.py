"""Where the real third-party sample files live: tests/data/samples in the repository (see its
README.md for sources and licences); CRM_SAMPLES_DIR points elsewhere when set."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLES = Path(os.environ.get("CRM_SAMPLES_DIR") or REPO / "tests" / "data" / "samples")
