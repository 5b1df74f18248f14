"""Schema migrations with Alembic. Features add their own branch from the base revision, so they never
conflict; `upgrade_database()` moves every branch to its head."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from bot import settings
from bot.db import get_engine

MIGRATIONS_DIR = Path(__file__).resolve().parent


def alembic_config(url: Optional[str] = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url or settings.load().database_url)
    return config


def upgrade_database(url: Optional[str] = None) -> None:
    command.upgrade(alembic_config(url), "heads")


def pending_migrations(url: Optional[str] = None) -> set:
    """Heads the database has not reached yet (empty when up to date)."""
    config = alembic_config(url)
    script_heads = set(ScriptDirectory.from_config(config).get_heads())
    with get_engine(config.get_main_option("sqlalchemy.url")).connect() as connection:
        current = set(MigrationContext.configure(connection).get_current_heads())
    return script_heads - current
