"""`sendvoice doctor`: check the installation and say what is wrong in a sentence a council developer can act on.

Features add checks by appending a function to CHECKS: it takes the settings and returns a list of Findings.
"""
from __future__ import annotations

import socket
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from importlib import metadata
from typing import Callable, List

from bot import settings as settings_module
from bot.settings import PROJECT_ROOT, Settings

OK, WARN, FAIL = "ok", "warn", "FAIL"


@dataclass(frozen=True)
class Finding:
    status: str
    message: str


def check_python(_: Settings) -> List[Finding]:
    version = sys.version_info
    if (version.major, version.minor) != (3, 10):
        return [Finding(FAIL, f"Python is {version.major}.{version.minor}; Rasa 3.6 needs Python 3.10 (see README).")]
    return [Finding(OK, f"Python {sys.version.split()[0]}.")]


def check_packages(_: Settings) -> List[Finding]:
    findings = []
    for package, wanted in (("rasa", "3.6.21"), ("rasa-sdk", "3.6.2")):
        try:
            installed = metadata.version(package)
        except metadata.PackageNotFoundError:
            findings.append(Finding(FAIL, f"{package} is not installed: run `make install`."))
            continue
        status = OK if installed == wanted else WARN
        findings.append(Finding(status, f"{package} {installed} installed" + ("." if status == OK else f", {wanted} expected.")))
    return findings


def check_database(config: Settings) -> List[Finding]:
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from bot.db import get_engine
    from bot.migrations import pending_migrations

    shown = make_url(config.database_url).render_as_string(hide_password=True)
    try:
        with get_engine(config.database_url).connect() as connection:
            connection.execute(text("SELECT 1"))
        pending = pending_migrations(config.database_url)
    except Exception as error:  # any driver error is a finding, not a crash
        return [Finding(FAIL, f"Cannot use the database {shown}: {type(error).__name__}: {str(error).splitlines()[0]}")]
    if pending:
        return [Finding(FAIL, f"The database {shown} needs migrating: run `sendvoice db upgrade`.")]
    return [Finding(OK, f"Database {shown} reachable and up to date.")]


def _training_inputs() -> List:
    files = [PROJECT_ROOT / "config.yml"]
    for folder in ("data", "bot/domain"):
        files += [path for path in (PROJECT_ROOT / folder).rglob("*.yml")]
    return files


def check_model(_: Settings) -> List[Finding]:
    models = sorted((PROJECT_ROOT / "models").glob("*.tar.gz"), key=lambda path: path.stat().st_mtime)
    if not models:
        return [Finding(FAIL, "No trained model in models/: run `make train`.")]
    newest = models[-1]
    changed = [path for path in _training_inputs() if path.stat().st_mtime > newest.stat().st_mtime]
    if changed:
        names = ", ".join(str(path.relative_to(PROJECT_ROOT)) for path in changed[:3])
        return [Finding(WARN, f"Model {newest.name} is older than {names}: run `make train`.")]
    return [Finding(OK, f"Model {newest.name} is up to date with the training data.")]


def _port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=3) as response:
        return response.read().decode("utf-8", "replace")


def check_servers(config: Settings) -> List[Finding]:
    findings = []
    rasa_up = _port_in_use(config.rasa_port)
    if rasa_up:
        try:
            banner = _get(f"http://127.0.0.1:{config.rasa_port}/")
            findings.append(Finding(OK, f"Rasa server answers on port {config.rasa_port} ({banner.strip()})."))
        except (urllib.error.URLError, OSError):
            findings.append(Finding(FAIL, f"Port {config.rasa_port} is taken by something that is not Rasa."))
    else:
        findings.append(Finding(OK, f"Port {config.rasa_port} is free for the Rasa server (not running now)."))
    action_health = config.action_endpoint_url.rsplit("/webhook", 1)[0] + "/health"
    try:
        _get(action_health)
        findings.append(Finding(OK, f"Action server answers at {action_health}."))
    except (urllib.error.URLError, OSError):
        if rasa_up:
            findings.append(Finding(FAIL, f"Rasa is running but the action server at {action_health} is down: "
                                          "forms and directory answers will fail silently. Start it with `make run`."))
        elif _port_in_use(config.action_port):
            findings.append(Finding(FAIL, f"Port {config.action_port} is taken by something that is not the action server."))
        else:
            findings.append(Finding(OK, f"Port {config.action_port} is free for the action server (not running now)."))
    return findings


def check_secrets(config: Settings) -> List[Finding]:
    findings = []
    if config.uses_development_secret:
        findings.append(Finding(WARN, "SENDVOICE_SECRET_KEY is the development default: set a long random secret "
                                      "before real people use this, or phone numbers can be guessed from their keys."))
    if config.social_care_front_door == settings_module.SAMPLE_FRONT_DOOR_NUMBER:
        findings.append(Finding(WARN, "COUNCIL_SOCIAL_CARE_NUMBER is a sample number: set your children's social care front door."))
    if not findings:
        findings.append(Finding(OK, "Secrets and council numbers are configured."))
    return findings


def check_directory(config: Settings) -> List[Finding]:
    from bot.directory.importer import service_count

    try:
        total, sample = service_count(config.database_url)
    except Exception:  # no tables yet: check_database already says to migrate
        return []
    if total == 0:
        return [Finding(WARN, "The service directory is empty: `sendvoice run` loads the sample, or run "
                              "`sendvoice directory import FILE` with your Open Referral UK export.")]
    if sample == total:
        return [Finding(WARN, f"Only the SAMPLE service directory is loaded ({total} invented services): import your "
                              "council's Local Offer with `sendvoice directory import FILE`.")]
    findings = [Finding(OK, f"Service directory has {total - sample} service(s) from your own import.")]
    if config.local_offer_url == settings_module.SAMPLE_LOCAL_OFFER_URL:
        findings.append(Finding(WARN, "LOCAL_OFFER_URL is the sample address: set your council's Local Offer website."))
    return findings


CHECKS: List[Callable[[Settings], List[Finding]]] = [
    check_python, check_packages, check_database, check_model, check_servers, check_secrets, check_directory,
]


def run_checks(config: Settings) -> List[Finding]:
    findings = []
    for check in CHECKS:
        try:
            findings += check(config)
        except Exception as error:  # a broken check must not hide the others
            findings.append(Finding(FAIL, f"{check.__name__} could not run: {type(error).__name__}: {error}"))
    return findings


def _doctor(_args) -> int:
    findings = run_checks(settings_module.load())
    for finding in findings:
        print(f"[{finding.status:>4}] {finding.message}")
    failed = sum(finding.status == FAIL for finding in findings)
    print(f"\n{failed} problem(s) found." if failed else "\nNo problems found.")
    return 1 if failed else 0


def register(subparsers) -> None:
    doctor = subparsers.add_parser("doctor", help="check Python, database, model, ports and configuration")
    doctor.set_defaults(handler=_doctor)


# Feature checks import Finding from this module, so they are added after it is defined (one line each).
from bot.retention import check_retention  # noqa: E402
from bot.safeguarding.health import check_safeguarding  # noqa: E402
from channels.checks import check_sms  # noqa: E402

CHECKS += [check_retention, check_sms, check_safeguarding]
