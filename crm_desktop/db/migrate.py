"""Schema upgrades with Alembic, run when a file is opened.

Alembic is imported only when a file needs creating or upgrading, so an up-to-date file opens
without paying for it.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

# Every revision this build knows, oldest first. A test checks this against Alembic's scripts.
REVISIONS: tuple[str, ...] = ("0001", "0002")
HEAD = REVISIONS[-1]


def alembic_config():  # type: ignore[no-untyped-def]
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def upgrade(connection: Connection, revision: str = "head") -> None:
    """Run the migrations up to `revision` on an open connection, in its transaction."""
    from alembic import command

    cfg = alembic_config()
    cfg.attributes["connection"] = connection
    command.upgrade(cfg, revision)
