"""Where the real third-party sample files live (shared/samples beside the checkout)."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLES = Path(os.environ.get("CRM_SAMPLES_DIR", REPO.parent / "shared" / "samples"))
