"""Schema upgrades with Alembic, run when a file is opened.

Alembic is imported only when a file needs creating or upgrading, so an up-to-date file opens
without paying for it. Its INFO lines ("Context impl SQLiteImpl", "Running upgrade ...") are kept
out of the app's log and the command line's stderr; its warnings and errors still get through.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

# Every revision this build knows, oldest first. A test checks this against Alembic's scripts.
REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004", "0005", "0006", "0007")
HEAD = REVISIONS[-1]
# Revisions that change data only (derived keys), never the schema: a file short of only these
# can still be opened read-only, as it is, where it cannot be upgraded (a CD, a read-only share).
DATA_ONLY: frozenset[str] = frozenset({"0003"})


def schema_current(revision: str | None) -> bool:
    """True when every revision after `revision` is data-only (the tables are HEAD's)."""
    if revision is None or revision not in REVISIONS:
        return False
    return all(r in DATA_ONLY for r in REVISIONS[REVISIONS.index(revision) + 1 :])


def quiet_alembic_logging() -> None:
    """Alembic logs at WARNING and above, unless someone set its level on purpose (a developer)."""
    logger = logging.getLogger("alembic")
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.WARNING)


def alembic_config() -> Config:
    quiet_alembic_logging()  # before alembic is imported: it logs as it sets up its plugins
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def upgrade(connection: Connection, revision: str = "head") -> None:
    """Run the migrations up to `revision` on an open connection, in its transaction."""
    cfg = alembic_config()  # quiets Alembic's logging first
    cfg.attributes["connection"] = connection
    from alembic import command

    command.upgrade(cfg, revision)
