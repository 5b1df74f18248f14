"""Tell the duty officer about safeguarding alerts through a webhook and/or email, from a durable outbox.

Each alert gets one outbox row per configured transport when it is raised (bot/safeguarding/alerts.py).
`deliver_due()` tries every row whose time has come; a failure is logged and retried later with backoff,
for ever, until it is delivered: a retry pass runs every time an alert is raised, and `sendvoice safeguarding
retry` runs it from cron. `sendvoice doctor` lists what is still undelivered.

A notification carries no personal content (not the message, not the respondent key): it says that alert #N
needs a person, with its time, channel and kind of risk. The message stays in the database, read with
`sendvoice safeguarding list`.
"""
from __future__ import annotations

import json
import logging
import smtplib
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import List, Optional

from sqlalchemy import select, update

from bot.db import session_scope
from bot.models.safeguarding import EMAIL, WEBHOOK, SafeguardingAlert, SafeguardingNotification
from bot.safeguarding.alerts import as_utc, recover_missed_alerts, utc_now
from bot.settings import Settings

logger = logging.getLogger(__name__)

# Minutes to wait after the 1st, 2nd, ... failed attempt; the last figure repeats for ever.
BACKOFF_MINUTES = (1, 2, 5, 15, 30, 60)
# A pass claims a row for this long, so two passes at once (two alerts together, cron) never send it twice.
CLAIM_SECONDS = 120
REQUEST_TIMEOUT_SECONDS = 10


class DeliveryError(RuntimeError):
    pass


def configured_transports(config: Settings) -> List[str]:
    transports = []
    if config.safeguarding_webhook_url:
        transports.append(WEBHOOK)
    if config.safeguarding_email:
        transports.append(EMAIL)
    return transports


def backoff(attempts: int) -> timedelta:
    return timedelta(minutes=BACKOFF_MINUTES[min(attempts, len(BACKOFF_MINUTES)) - 1])


def summary(alert: SafeguardingAlert) -> str:
    kinds = sorted({part.split(":", 1)[0].strip().replace("_", " ") for part in alert.matched.split(";")})
    return (f"SEND Voice safeguarding alert #{alert.id}: someone may be at risk ({', '.join(kinds)}). "
            f"Received {as_utc(alert.created_at):%Y-%m-%d %H:%M} UTC by {alert.channel}. "
            f"Read it with `sendvoice safeguarding list` and act on it now.")


def _send_webhook(config: Settings, alert: SafeguardingAlert) -> None:
    if not config.safeguarding_webhook_url:
        raise DeliveryError("SAFEGUARDING_WEBHOOK_URL is empty now (it was set when the alert was raised)")
    # "text" makes the payload readable by Teams and Slack incoming webhooks as well as by a council system.
    body = json.dumps({
        "text": summary(alert),
        "alert_id": alert.id,
        "created_at": as_utc(alert.created_at).isoformat(),
        "channel": alert.channel,
        "matched_categories": sorted({part.split(":", 1)[0].strip() for part in alert.matched.split(";")}),
    }).encode("utf-8")
    try:
        request = urllib.request.Request(config.safeguarding_webhook_url, data=body, method="POST",
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT_SECONDS) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        raise DeliveryError(f"webhook answered HTTP {error.code}") from error
    except (urllib.error.URLError, OSError, ValueError) as error:  # ValueError: not a URL at all
        raise DeliveryError(f"webhook unreachable: {getattr(error, 'reason', error)}") from error
    if not 200 <= status < 300:
        raise DeliveryError(f"webhook answered HTTP {status}")


def _send_email(config: Settings, alert: SafeguardingAlert) -> None:
    if not config.smtp_host:
        raise DeliveryError("SAFEGUARDING_EMAIL is set but SMTP_HOST is empty")
    email = EmailMessage()
    email["Subject"] = f"SEND Voice safeguarding alert #{alert.id}"
    email["From"] = config.smtp_from
    email["To"] = config.safeguarding_email
    email.set_content(summary(alert))
    try:
        with smtplib.SMTP(config.smtp_host, config.smtp_port, timeout=REQUEST_TIMEOUT_SECONDS) as smtp:
            if config.smtp_starttls:
                smtp.starttls()
            if config.smtp_username:
                smtp.login(config.smtp_username, config.smtp_password)
            smtp.send_message(email)
    except (smtplib.SMTPException, OSError) as error:
        raise DeliveryError(f"email not sent: {type(error).__name__}: {error}") from error


SENDERS = {WEBHOOK: _send_webhook, EMAIL: _send_email}


@dataclass
class DeliveryReport:
    delivered: List[int] = field(default_factory=list)  # notification ids
    failed: List[str] = field(default_factory=list)  # one sentence each


def _claim(database_url: str, notification_id: int, seen_next_attempt: datetime, now: datetime) -> bool:
    with session_scope(database_url) as session:
        claimed = session.execute(
            update(SafeguardingNotification)
            .where(SafeguardingNotification.id == notification_id,
                   SafeguardingNotification.next_attempt_at == seen_next_attempt,
                   SafeguardingNotification.delivered_at.is_(None))
            .values(next_attempt_at=now + timedelta(seconds=CLAIM_SECONDS))
        )
        return claimed.rowcount == 1


def deliver_due(database_url: str, config: Settings, now: Optional[datetime] = None) -> DeliveryReport:
    """Try every undelivered notification whose next attempt is due; record each outcome."""
    now = now or utc_now()
    report = DeliveryReport()
    with session_scope(database_url) as session:
        due = session.execute(
            select(SafeguardingNotification, SafeguardingAlert)
            .join(SafeguardingAlert, SafeguardingAlert.id == SafeguardingNotification.alert_id)
            .where(SafeguardingNotification.delivered_at.is_(None), SafeguardingNotification.next_attempt_at <= now)
            .order_by(SafeguardingNotification.id)
        ).all()
    for notification, alert in due:
        if not _claim(database_url, notification.id, notification.next_attempt_at, now):
            continue  # another pass has it
        sender = SENDERS.get(notification.transport)
        error: Optional[str] = None
        try:
            if sender is None:
                raise DeliveryError(f"unknown transport {notification.transport!r}")
            sender(config, alert)
        except DeliveryError as failure:
            error = str(failure)
        except Exception as failure:  # one broken notification must not stop the others in this pass
            error = f"{type(failure).__name__}: {failure}"
        attempts = notification.attempts + 1
        with session_scope(database_url) as session:
            row = session.get(SafeguardingNotification, notification.id)
            row.attempts = attempts
            row.last_attempt_at = now
            if error is None:
                row.delivered_at = now
                row.last_error = None
            else:
                row.last_error = error
                row.next_attempt_at = now + backoff(attempts)
        if error is None:
            report.delivered.append(notification.id)
            logger.info("Safeguarding alert #%s sent by %s.", alert.id, notification.transport)
        else:
            sentence = (f"alert #{alert.id} by {notification.transport}: {error} "
                        f"(attempt {attempts}, next in {backoff(attempts).seconds // 60} min)")
            report.failed.append(sentence)
            logger.error("Safeguarding notification failed: %s", sentence)
    return report


def retry_pass(database_url: str, config: Settings) -> "tuple[List[int], DeliveryReport]":
    """Raise alerts for disclosures the action server missed, then send everything due. Returns both."""
    recovered = recover_missed_alerts(database_url, configured_transports(config))
    return recovered, deliver_due(database_url, config)


@dataclass(frozen=True)
class Undelivered:
    alert_id: int
    transport: str
    attempts: int
    last_error: Optional[str]
    created_at: datetime


def undelivered(database_url: str) -> List[Undelivered]:
    with session_scope(database_url) as session:
        rows = session.execute(
            select(SafeguardingNotification, SafeguardingAlert.created_at)
            .join(SafeguardingAlert, SafeguardingAlert.id == SafeguardingNotification.alert_id)
            .where(SafeguardingNotification.delivered_at.is_(None))
            .order_by(SafeguardingNotification.alert_id)
        ).all()
    return [Undelivered(row.alert_id, row.transport, row.attempts, row.last_error, as_utc(created_at))
            for row, created_at in rows]
