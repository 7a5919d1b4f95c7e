"""Which reports exist, rendering one by name, and writing the PDF safely."""

from __future__ import annotations

import importlib
import os
import tempfile
from pathlib import Path

from sqlalchemy.orm import Session

from crm_desktop.errors import CrmError
from crm_desktop.reports.base import build_pdf
from crm_desktop.reports.options import ReportOptions
from crm_desktop.services.progress import Progress

# name -> module with `build(session, options, progress) -> (ReportContext, story)`
REPORT_MODULES: dict[str, str] = {
    "customers": "crm_desktop.reports.customers",
    "profile": "crm_desktop.reports.profile",
    "agenda": "crm_desktop.reports.agenda",
    "pipeline": "crm_desktop.reports.pipeline",
    "service": "crm_desktop.reports.service",
    "insight": "crm_desktop.reports.insight",
}
REPORT_NAMES: tuple[str, ...] = tuple(REPORT_MODULES)


def render_report(
    session: Session, name: str, options: ReportOptions | None = None, progress: Progress | None = None
) -> bytes:
    """The PDF of report `name` with `options`; `CrmError` for an unknown name or bad options."""
    options = options or ReportOptions()
    if name not in REPORT_MODULES:
        raise CrmError("report.unknown", name=name, names=", ".join(REPORT_NAMES))
    options.check()
    module = importlib.import_module(REPORT_MODULES[name])
    ctx, story = module.build(session, options, progress)
    return build_pdf(story, ctx)


def save_pdf(data: bytes, path: str | os.PathLike[str]) -> Path:
    """Write `data` to `path` through a temporary file beside it, so a failure leaves nothing behind."""
    target = Path(path).expanduser()
    if target.is_dir():
        raise CrmError("report.cannot_write", path=target, detail="is a folder")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".report-", suffix=".pdf.part", dir=target.parent or ".")
    except OSError as exc:
        raise CrmError("report.cannot_write", path=target, detail=exc.strerror or str(exc)) from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes the file private; a report is an ordinary document
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise CrmError("report.cannot_write", path=target, detail=exc.strerror or str(exc)) from exc
    return target
