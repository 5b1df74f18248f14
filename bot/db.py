"""Database engine and sessions for our own tables (SQLAlchemy 2.0 style, no Rasa imports)."""
from __future__ import annotations

from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Optional

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, declarative_base, sessionmaker

from bot import settings


# Rasa 3.6 pins SQLAlchemy 1.4, which has no DeclarativeBase; declarative_base() works on 1.4 and 2.0 alike.
# Every model of ours inherits from Base, so Alembic sees one metadata.
Base = declarative_base()


def _enable_sqlite_concurrency(engine: Engine) -> None:
    # The Rasa server, action server and CLI share one SQLite file: WAL lets readers run beside a writer,
    # and a busy timeout makes a writer wait instead of failing with "database is locked".
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # pragma: no cover - exercised by every SQLite test
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def build_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, future=True, connect_args={"timeout": 15})
        _enable_sqlite_concurrency(engine)
        return engine
    return create_engine(url, future=True, pool_pre_ping=True)


@lru_cache(maxsize=8)
def engine_for(url: str) -> Engine:
    return build_engine(url)


def get_engine(url: Optional[str] = None) -> Engine:
    return engine_for(url or settings.load().database_url)


@contextmanager
def session_scope(url: Optional[str] = None) -> Iterator[Session]:
    """A unit of work: commits on success, rolls back on any error, always closes."""
    factory = sessionmaker(bind=get_engine(url), future=True, expire_on_commit=False)
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
