"""All configuration comes from environment variables; defaults suit one machine with SQLite.

One place reads the environment so every part (Rasa server, action server, CLI, tests) agrees.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# A fixed development secret keeps `make run` working out of the box; `sendvoice doctor` warns when it is
# in use, because anyone with the repo could then reverse a pseudonymised phone number by brute force.
DEVELOPMENT_SECRET = "sendvoice-development-secret-change-me"
SAMPLE_FRONT_DOOR_NUMBER = "0116 496 0100"
SAMPLE_OUT_OF_HOURS_NUMBER = "0116 496 0199"
SAMPLE_LOCAL_OFFER_URL = "https://localoffer.example.org.uk"


class ConfigurationError(ValueError):
    """A setting has a value we cannot use; the message names the variable."""


def _env(name: str, default: str = "", environ: Optional[Mapping[str, str]] = None) -> str:
    value = (os.environ if environ is None else environ).get(name)
    return default if value is None or value == "" else value


def _int(name: str, default: int, environ: Optional[Mapping[str, str]] = None) -> int:
    raw = _env(name, str(default), environ)
    try:
        return int(raw)
    except ValueError as error:
        raise ConfigurationError(f"{name} must be a whole number, not {raw!r}") from error


@dataclass(frozen=True)
class Settings:
    database_url: str
    secret_key: str
    rasa_port: int
    action_port: int
    rasa_auth_token: str
    lock_store_url: str
    public_base_url: str
    twilio_account_sid: str
    twilio_auth_token: str
    twilio_from_number: str
    social_care_front_door: str
    social_care_out_of_hours: str
    safeguarding_webhook_url: str
    safeguarding_email: str
    retention_days: int
    action_endpoint_url: str
    request_max_bytes: int
    sms_rate_limit: int
    sms_rate_window_seconds: int
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_from: str = ""
    smtp_starttls: bool = True
    local_offer_url: str = ""
    analytics_max_input_mb: int = 25

    @property
    def uses_development_secret(self) -> bool:
        return self.secret_key == DEVELOPMENT_SECRET


def default_database_url() -> str:
    return f"sqlite:///{PROJECT_ROOT / 'var' / 'sendvoice.db'}"


def load(environ: Optional[Mapping[str, str]] = None) -> Settings:
    """Read settings now (not at import) so tests and launchers can change the environment first."""

    def env(name: str, default: str = "") -> str:
        return _env(name, default, environ)

    action_port = _int("ACTION_PORT", 5055, environ)
    return Settings(
        database_url=env("DATABASE_URL", default_database_url()),
        secret_key=env("SENDVOICE_SECRET_KEY", DEVELOPMENT_SECRET),
        rasa_port=_int("RASA_PORT", 5005, environ),
        action_port=action_port,
        action_endpoint_url=env("ACTION_ENDPOINT_URL", f"http://127.0.0.1:{action_port}/webhook"),
        rasa_auth_token=env("RASA_AUTH_TOKEN"),
        lock_store_url=env("LOCK_STORE_URL"),
        public_base_url=env("PUBLIC_BASE_URL"),
        twilio_account_sid=env("TWILIO_ACCOUNT_SID"),
        twilio_auth_token=env("TWILIO_AUTH_TOKEN"),
        twilio_from_number=env("TWILIO_FROM_NUMBER"),
        # Defaults are Ofcom drama-range numbers (0116 496 0xxx): obviously not real until a council sets them.
        social_care_front_door=env("COUNCIL_SOCIAL_CARE_NUMBER", SAMPLE_FRONT_DOOR_NUMBER),
        social_care_out_of_hours=env("COUNCIL_OUT_OF_HOURS_NUMBER", SAMPLE_OUT_OF_HOURS_NUMBER),
        safeguarding_webhook_url=env("SAFEGUARDING_WEBHOOK_URL"),
        safeguarding_email=env("SAFEGUARDING_EMAIL"),
        retention_days=_int("RETENTION_DAYS", 730, environ),
        # Email for safeguarding alerts (SAFEGUARDING_EMAIL): the council's own mail relay.
        smtp_host=env("SMTP_HOST"),
        smtp_port=_int("SMTP_PORT", 587, environ),
        smtp_username=env("SMTP_USERNAME"),
        smtp_password=env("SMTP_PASSWORD"),
        smtp_from=env("SMTP_FROM", "sendvoice@localhost"),
        smtp_starttls=env("SMTP_STARTTLS", "true").lower() not in ("0", "false", "no", "off"),
        # Twilio posts ~1-2 KB and chat messages are short: anything far larger is a mistake or an attack (413).
        request_max_bytes=_int("REQUEST_MAX_BYTES", 64 * 1024, environ),
        # A parent filling in feedback by SMS sends ~10 messages in 10 minutes; 20 leaves room, a flood is stopped.
        sms_rate_limit=_int("SMS_RATE_LIMIT", 20, environ),
        sms_rate_window_seconds=_int("SMS_RATE_WINDOW_SECONDS", 600, environ),
        local_offer_url=env("LOCAL_OFFER_URL", SAMPLE_LOCAL_OFFER_URL),
        # ~100k statements of survey export is under 15 MB; far larger is usually the wrong file.
        analytics_max_input_mb=_int("ANALYTICS_MAX_INPUT_MB", 25, environ),
    )
