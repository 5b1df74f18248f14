"""Shared fixtures: a real trained model served by real Rasa and action servers, and real databases.

The servers start once per test run (Rasa takes ~30 s to load TensorFlow); tests keep their conversations
apart by using a fresh sender id each (`new_sender`).
"""
from __future__ import annotations

import os
import socket
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Dict, Iterator, List, Optional

import pytest
import requests
from sqlalchemy import create_engine, text

from bot.launcher import Servers, server_environment
from bot.migrations import upgrade_database
from bot.settings import PROJECT_ROOT

MODEL = PROJECT_ROOT / "models" / "sendvoice.tar.gz"
POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
TEST_SECRET = "test-secret-key-for-pseudonymisation"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_consecutive_ports(count: int) -> int:
    """The first of `count` free consecutive ports: several instances listen on consecutive ports."""
    for _ in range(100):
        first = free_port()
        if all(_port_is_free(first + offset) for offset in range(1, count)):
            return first
    raise RuntimeError(f"no {count} consecutive free ports on 127.0.0.1")


class Assistant:
    """A running SEND Voice instance and a REST client for it."""

    def __init__(self, servers: Servers, database_url: str, log_dir: Path):
        self.servers = servers
        self.database_url = database_url
        self.log_dir = log_dir
        self.url = servers.rasa_url

    def send(self, sender: str, message: str, metadata: Dict = None) -> List[Dict]:
        response = requests.post(
            f"{self.url}/webhooks/rest/webhook",
            json={"sender": sender, "message": message, "metadata": metadata or {}},
            timeout=60,
        )
        response.raise_for_status()
        return response.json()

    def say(self, sender: str, message: str) -> str:
        """The bot's reply texts joined, for assertions on what a person would read."""
        return "\n".join(part.get("text", "") for part in self.send(sender, message))


@pytest.fixture(scope="session")
def trained_model() -> Path:
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run the tests with `make test`, which trains it first.")
    return MODEL


@contextmanager
def running_assistant(model: Path, database_url: str, workdir: Path, env: Optional[Dict[str, str]] = None):
    """Start one SEND Voice instance (Rasa + action server) on free ports against `database_url`."""
    upgrade_database(database_url)
    action_port = free_port()
    server_env = server_environment({
        "DATABASE_URL": database_url,
        "SENDVOICE_SECRET_KEY": TEST_SECRET,
        "RASA_PORT": str(free_port()),
        "ACTION_PORT": str(action_port),
        "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{action_port}/webhook",
        **(env or {}),
    })
    servers = Servers(int(server_env["RASA_PORT"]), action_port, server_env, model, log_dir=workdir / "logs")
    with servers:
        yield Assistant(servers, database_url, workdir / "logs")


@pytest.fixture(scope="session")
def assistant(trained_model, tmp_path_factory) -> Iterator[Assistant]:
    """The assistant on the SQLite default, shared by the whole run."""
    workdir = tmp_path_factory.mktemp("assistant")
    with running_assistant(trained_model, f"sqlite:///{workdir / 'sendvoice.db'}", workdir) as running:
        yield running


@pytest.fixture(scope="session")
def assistant_on_postgres(trained_model, postgres_url, tmp_path_factory) -> Iterator[Assistant]:
    """The assistant with PostgreSQL as tracker store and for our tables."""
    workdir = tmp_path_factory.mktemp("assistant_pg")
    with running_assistant(trained_model, postgres_url, workdir) as running:
        yield running


@pytest.fixture
def new_sender() -> str:
    return f"test-{uuid.uuid4().hex[:12]}"


@contextmanager
def new_postgres_database(prefix: str) -> Iterator[str]:
    """Create a PostgreSQL database of our own and drop it afterwards, whatever is still connected."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    # pre-ping: the fault tests restart PostgreSQL, which kills the pooled admin connection
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT", future=True, pool_pre_ping=True)
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:
        pytest.fail(f"PostgreSQL at {POSTGRES_ADMIN_URL} is needed (`.ci/run` starts it): {error}")
    url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield url
    finally:
        from bot.db import engine_for

        engine_for(url).dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test run, dropped afterwards."""
    with new_postgres_database("sendvoice_test") as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    """Our tables, migrated, on each database we support."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'sendvoice.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    upgrade_database(url)
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_database_url(request, tmp_path) -> Iterator[str]:
    """A migrated database of this test's own (SQLite file or new PostgreSQL database), for tests that empty
    tables or create Rasa's tracker table and must not touch the database a running assistant shares."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'fresh.db'}"
        upgrade_database(url)
        yield url
        return
    with new_postgres_database("sendvoice_fresh") as url:
        upgrade_database(url)
        yield url


def pytest_collection_modifyitems(config, items):
    """Fault tests stop the machine's PostgreSQL for a moment: run them after everything else."""
    items.sort(key=lambda item: item.get_closest_marker("faults") is not None)
