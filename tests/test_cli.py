"""The `sendvoice` command and the setup scripts, as a council developer meets them."""
import os
import subprocess
import sys

from bot import doctor, settings
from bot.settings import PROJECT_ROOT


def run_cli(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args], cwd=PROJECT_ROOT, capture_output=True, text=True,
        env={**os.environ, **(env or {})}, timeout=120,
    )


def test_help_lists_the_commands():
    result = run_cli("--help")
    assert result.returncode == 0
    for command in ("doctor", "run", "db"):
        assert command in result.stdout


def test_doctor_names_a_missing_database_in_a_sentence(tmp_path):
    unreachable = "postgresql://nobody@127.0.0.1:1/nothing"
    result = run_cli("doctor", env={"DATABASE_URL": unreachable})
    assert result.returncode == 1
    assert "Cannot use the database postgresql://nobody@127.0.0.1:1/nothing" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_doctor_says_when_migrations_are_pending(tmp_path):
    findings = doctor.check_database(settings.load({"DATABASE_URL": f"sqlite:///{tmp_path / 'new.db'}"}))
    assert findings[0].status == doctor.FAIL
    assert "sendvoice db upgrade" in findings[0].message


def test_doctor_passes_a_migrated_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'ok.db'}"
    assert run_cli("db", "upgrade", env={"DATABASE_URL": url}).returncode == 0
    findings = doctor.check_database(settings.load({"DATABASE_URL": url}))
    assert findings[0].status == doctor.OK


def test_doctor_notices_rasa_running_without_its_action_server(tmp_path):
    # Rasa answers on a port while nothing listens where the action server should be.
    import http.server
    import threading

    server = http.server.HTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        config = settings.load({"RASA_PORT": str(server.server_port), "ACTION_PORT": "1",
                                "ACTION_ENDPOINT_URL": "http://127.0.0.1:1/webhook"})
        messages = [finding.message for finding in doctor.check_servers(config) if finding.status == doctor.FAIL]
    finally:
        server.shutdown()
    assert any("action server" in message and "fail silently" in message for message in messages)


def test_doctor_warns_about_the_development_secret():
    findings = doctor.check_secrets(settings.load({}))
    assert any("SENDVOICE_SECRET_KEY" in finding.message for finding in findings)


def test_bad_setting_is_a_clear_error():
    result = run_cli("doctor", env={"RASA_PORT": "five"})
    assert result.returncode != 0
    assert "RASA_PORT must be a whole number" in result.stderr


def test_setup_explains_how_to_get_python_310_when_there_is_none(tmp_path):
    env = {"PATH": str(tmp_path), "HOME": str(tmp_path)}  # nothing to find anywhere
    result = subprocess.run(["/bin/bash", str(PROJECT_ROOT / "scripts" / "find-python310")], env=env,
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "needs Python 3.10" in result.stderr and "pyenv install 3.10" in result.stderr


def test_setup_finds_this_python_310():
    result = subprocess.run([str(PROJECT_ROOT / "scripts" / "find-python310")], capture_output=True, text=True)
    assert result.returncode == 0
    found = result.stdout.strip()
    version = subprocess.run([found, "-c", "import sys; print(sys.version_info[:2])"], capture_output=True, text=True)
    assert version.stdout.strip() == "(3, 10)"
