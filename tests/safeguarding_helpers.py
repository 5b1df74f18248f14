"""A local HTTP receiver standing in for the council's alert webhook: fails a set number of times, then accepts."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import List

from sqlalchemy import inspect, text

from bot.db import get_engine
from bot.settings import PROJECT_ROOT


def sendvoice(env: dict, *args: str) -> subprocess.CompletedProcess:
    """Run the `sendvoice` command of this tree, as the duty officer or cron would, with only `env` set."""
    full_env = {"PATH": os.environ["PATH"], "SQLALCHEMY_SILENCE_UBER_WARNING": "1", **env}
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], cwd=PROJECT_ROOT, env=full_env,
                          capture_output=True, text=True, timeout=120)


def empty_safeguarding_tables(database_url: str) -> None:
    """PostgreSQL test databases last the whole run: start each test without earlier alerts or conversations."""
    engine = get_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM safeguarding_notifications"))
        connection.execute(text("DELETE FROM safeguarding_alerts"))
        if inspect(connection).has_table("events"):
            connection.execute(text("DELETE FROM events"))


class WebhookReceiver:
    def __init__(self, failures: int = 0):
        self.failures_left = failures
        self.received: List[dict] = []  # accepted payloads
        self.attempts = 0
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's naming
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with receiver._lock:
                    receiver.attempts += 1
                    failing = receiver.failures_left > 0
                    if failing:
                        receiver.failures_left -= 1
                    else:
                        receiver.received.append(json.loads(body))
                self.send_response(503 if failing else 200)
                self.end_headers()
                self.wfile.write(b"busy" if failing else b"ok")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/alerts"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "WebhookReceiver":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
