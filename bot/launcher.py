"""Start the Rasa server and the action server together, wait until both answer, stop both cleanly.

`make run` and the end-to-end tests use this same code, so what the tests prove is what a council runs.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Mapping, Optional

from bot import settings
from bot.settings import PROJECT_ROOT

MODELS_DIR = PROJECT_ROOT / "models"
STARTUP_TIMEOUT_SECONDS = 300


class ServerStartError(RuntimeError):
    pass


def server_environment(overrides: Optional[Mapping[str, str]] = None) -> Dict[str, str]:
    """The environment both servers need: endpoints.yml reads these variables and has no defaults of its own."""
    env = dict(os.environ)
    env.update(overrides or {})
    resolved = settings.load(env)
    env["DATABASE_URL"] = resolved.database_url
    env["ACTION_ENDPOINT_URL"] = resolved.action_endpoint_url
    env["LOCK_STORE_URL"] = resolved.lock_store_url
    env["SENDVOICE_SECRET_KEY"] = resolved.secret_key
    env["SANIC_REQUEST_MAX_SIZE"] = str(resolved.request_max_bytes)  # Sanic reads SANIC_* into its config: 413 above
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH", "")]))
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # TensorFlow's start-up chatter hides the lines people need
    env.setdefault("RASA_TELEMETRY_ENABLED", "false")  # no calls home from a council's server
    env.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
    return env


def latest_model(models_dir: Path = MODELS_DIR) -> Path:
    models = sorted(models_dir.glob("*.tar.gz"), key=lambda path: path.stat().st_mtime)
    if not models:
        raise ServerStartError(f"No trained model in {models_dir}: run `make train` first.")
    return models[-1]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


@dataclass
class Servers:
    """The two processes of one assistant instance."""

    rasa_port: int
    action_port: int
    env: Dict[str, str]
    model: Path
    log_dir: Optional[Path] = None
    start_action_server: bool = True
    name_suffix: str = ""
    processes: List[subprocess.Popen] = field(default_factory=list)

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def action_url(self) -> str:
        return f"http://127.0.0.1:{self.action_port}"

    def _spawn(self, name: str, command: List[str], env: Optional[Dict[str, str]] = None) -> subprocess.Popen:
        stdout = None
        if self.log_dir is not None:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            stdout = open(self.log_dir / f"{name}{self.name_suffix}.log", "ab")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=env or self.env, stdout=stdout, stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C in a terminal reaches us; we stop the children in order
        )
        process.name = name + self.name_suffix  # type: ignore[attr-defined]
        self.processes.append(process)
        return process

    def start(self) -> "Servers":
        if self.start_action_server:
            # Rasa posts the whole conversation to the action server, so that request grows with every turn:
            # the size limit meant for people's messages would break long conversations (e.g. feedback forms).
            action_env = {key: value for key, value in self.env.items() if key != "SANIC_REQUEST_MAX_SIZE"}
            self._spawn("actions", [sys.executable, "-m", "rasa_sdk", "--actions", "actions",
                                    "--port", str(self.action_port)], env=action_env)
        rasa_command = [
            sys.executable, "-m", "rasa", "run", "--model", str(self.model), "--endpoints", "endpoints.yml",
            "--credentials", "credentials.yml", "--port", str(self.rasa_port),
        ]
        token = settings.load(self.env).rasa_auth_token
        if token:
            # Rasa's HTTP API (trackers, model swaps) only ever runs behind a token.
            rasa_command += ["--enable-api", "--auth-token", token]
        self._spawn("rasa", rasa_command)
        try:
            self.wait_until_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def wait_until_ready(self, timeout: float = STARTUP_TIMEOUT_SECONDS) -> None:
        checks = {"rasa": f"{self.rasa_url}/"}
        if self.start_action_server:
            checks["actions"] = f"{self.action_url}/health"
        deadline = time.monotonic() + timeout
        pending = dict(checks)
        while pending:
            for process in self.processes:
                if process.poll() is not None:
                    raise ServerStartError(
                        f"The {process.name} server stopped while starting (exit {process.returncode})"
                        + (f"; see {self.log_dir / (process.name + '.log')}" if self.log_dir else "")
                    )
            for name, url in list(pending.items()):
                if _answers(url):
                    del pending[name]
            if time.monotonic() > deadline:
                raise ServerStartError(f"Timed out after {timeout:.0f}s waiting for: {', '.join(pending)}")
            time.sleep(0.5)

    def dead(self) -> List[str]:
        return [process.name for process in self.processes if process.poll() is not None]

    def stop(self, grace: float = 15.0) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + grace
        for process in self.processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.processes.clear()

    def __enter__(self) -> "Servers":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()


def check_configuration(config: settings.Settings, instances: int = 1) -> None:
    """Refuse a configuration that cannot work, with a sentence saying what to change."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        backend = make_url(config.database_url).get_backend_name()
    except ArgumentError as error:
        raise ServerStartError(f"DATABASE_URL is not a database URL ({error}).") from error
    if config.lock_store_url and not config.lock_store_url.startswith(("redis://", "rediss://")):
        raise ServerStartError("LOCK_STORE_URL must start with redis:// or rediss:// (or be empty for one instance).")
    if instances > 1:
        if backend == "sqlite":
            raise ServerStartError("Several instances must share a PostgreSQL database: set DATABASE_URL=postgresql://...")
        if not config.lock_store_url:
            raise ServerStartError("Several instances need a shared Redis lock store: set LOCK_STORE_URL=redis://...")


def start_instances(env: Dict[str, str], model: Path, instances: int, log_dir: Optional[Path] = None) -> List[Servers]:
    """One action server and `instances` Rasa servers on consecutive ports from RASA_PORT."""
    config = settings.load(env)
    check_configuration(config, instances)
    started: List[Servers] = []
    try:
        for index in range(instances):
            started.append(Servers(config.rasa_port + index, config.action_port, env, model, log_dir=log_dir,
                                   start_action_server=index == 0, name_suffix=f"-{index + 1}" if instances > 1 else "")
                           .start())
    except BaseException:
        for servers in started:
            servers.stop()
        raise
    return started


def _run(args) -> int:
    from bot.cli import CommandError
    from bot.migrations import upgrade_database

    env = server_environment()
    resolved = settings.load(env)
    try:
        check_configuration(resolved, args.instances)
        upgrade_database(resolved.database_url)
        model = Path(args.model) if args.model else latest_model()
        running = start_instances(env, model, args.instances)
    except ServerStartError as error:
        raise CommandError(str(error)) from error
    print(f"\nSEND Voice is running (model {model.name}).")
    for servers in running:
        print(f"  REST webhook:  {servers.rasa_url}/webhooks/rest/webhook")
    first = running[0]
    print(f"  Web chat:      {first.rasa_url}/webhooks/webchat/")
    print(f"  SMS webhook:   {first.rasa_url}/webhooks/twilio/webhook")
    print(f"  Action server: {first.action_url}/health")
    print("Press Ctrl-C to stop.\n", flush=True)
    try:
        while not any(servers.dead() for servers in running):
            time.sleep(1)
        dead = [name for servers in running for name in servers.dead()]
        print(f"The {', '.join(dead)} server stopped unexpectedly; stopping the rest.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nStopping SEND Voice...", flush=True)
        return 0
    finally:
        for servers in reversed(running):
            servers.stop()
        print("Stopped.", flush=True)


def register(subparsers) -> None:
    run = subparsers.add_parser("run", help="start the Rasa server(s) and the action server (used by `make run`)")
    run.add_argument("--model", help="model archive to serve (default: the newest in models/)")
    run.add_argument("--instances", type=int, default=1,
                     help="Rasa instances on consecutive ports (more than 1 needs PostgreSQL and Redis)")
    run.set_defaults(handler=_run)
