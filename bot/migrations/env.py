"""Alembic environment: runs migrations on our engine, and ignores Rasa's tracker tables in the same database."""
from alembic import context

import bot.models  # noqa: F401  (registers every table on Base.metadata)
from bot.db import Base, get_engine

config = context.config
target_metadata = Base.metadata


def include_object(obj, name, type_, reflected, compare_to):
    # Rasa's SQL tracker store keeps its `events` table in the same database; it is not ours to migrate.
    return not (type_ == "table" and reflected and compare_to is None)


def run_migrations() -> None:
    engine = get_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            include_object=include_object,
            render_as_batch=connection.dialect.name == "sqlite",  # SQLite needs batch mode for ALTER
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations()
