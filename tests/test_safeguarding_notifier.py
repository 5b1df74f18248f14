"""Telling the duty officer: webhook and email from a durable outbox, retried with backoff until delivered."""
import asyncore
import smtpd
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot import settings
from bot.db import session_scope
from bot.doctor import FAIL, OK
from bot.models.safeguarding import SafeguardingNotification
from bot.safeguarding.alerts import raise_alert, utc_now
from bot.safeguarding.health import check_safeguarding
from bot.safeguarding.notifier import configured_transports, deliver_due, undelivered

from conftest import TEST_SECRET, free_port
from safeguarding_helpers import WebhookReceiver, empty_safeguarding_tables


@pytest.fixture
def database_url(database_url, monkeypatch):
    monkeypatch.setenv("SENDVOICE_SECRET_KEY", TEST_SECRET)
    empty_safeguarding_tables(database_url)
    return database_url


def config_for(database_url, **overrides):
    base = settings.load({"DATABASE_URL": database_url, "SENDVOICE_SECRET_KEY": TEST_SECRET,
                          "COUNCIL_SOCIAL_CARE_NUMBER": "0116 305 0005"})
    return replace(base, **overrides)


def raise_one(database_url, config, message="my dad hits me", matched="physical_abuse: hits me"):
    return raise_alert(database_url, channel="twilio", sender_id="sms-1", message=message, matched=matched,
                       transports=configured_transports(config))


def test_a_failed_webhook_is_retried_with_backoff_until_it_is_delivered(database_url):
    with WebhookReceiver(failures=2) as receiver:
        config = config_for(database_url, safeguarding_webhook_url=receiver.url)
        alert_id = raise_one(database_url, config)
        start = utc_now()

        first = deliver_due(database_url, config, now=start)
        assert first.delivered == [] and "HTTP 503" in first.failed[0]
        [waiting] = undelivered(database_url)
        assert (waiting.alert_id, waiting.attempts) == (alert_id, 1)

        # Not due again until the backoff has passed: a pass straight after does not hammer the receiver.
        assert deliver_due(database_url, config, now=start + timedelta(seconds=30)).failed == []
        assert receiver.attempts == 1

        second = deliver_due(database_url, config, now=start + timedelta(minutes=1, seconds=1))
        assert len(second.failed) == 1 and receiver.attempts == 2
        third = deliver_due(database_url, config, now=start + timedelta(minutes=4))
        assert len(third.delivered) == 1 and undelivered(database_url) == []

    [payload] = receiver.received
    assert payload["alert_id"] == alert_id and payload["channel"] == "twilio"
    assert payload["matched_categories"] == ["physical_abuse"]
    assert "sendvoice safeguarding list" in payload["text"]
    # Nothing personal leaves the database: not the message, not the respondent key.
    assert "hits me" not in str(payload) and "sms-1" not in str(payload)


def test_an_unreachable_webhook_is_visible_in_doctor_until_a_retry_gets_through(database_url):
    dead_url = f"http://127.0.0.1:{free_port()}/alerts"
    config = config_for(database_url, safeguarding_webhook_url=dead_url)
    alert_id = raise_one(database_url, config)
    report = deliver_due(database_url, config)
    assert "unreachable" in report.failed[0]
    findings = check_safeguarding(config)
    failing = [finding.message for finding in findings if finding.status == FAIL]
    assert any(f"alert #{alert_id}" in message and "not delivered" in message for message in failing)

    with WebhookReceiver() as receiver:
        fixed = replace(config, safeguarding_webhook_url=receiver.url)
        assert len(deliver_due(database_url, fixed, now=utc_now() + timedelta(minutes=2)).delivered) == 1
    assert not [finding for finding in check_safeguarding(fixed) if finding.status == FAIL]


def test_a_transport_switched_off_later_is_reported_and_does_not_block_the_others(database_url):
    with WebhookReceiver() as receiver:
        both = config_for(database_url, safeguarding_webhook_url=receiver.url,
                          safeguarding_email="duty@council.example", smtp_host="")
        raise_one(database_url, both)
        only_email = replace(both, safeguarding_webhook_url="", smtp_host="")
        report = deliver_due(database_url, only_email)
    assert len(report.failed) == 2
    assert any("SAFEGUARDING_WEBHOOK_URL is empty now" in failure for failure in report.failed)
    assert any("SMTP_HOST is empty" in failure for failure in report.failed)
    not_a_url = replace(both, safeguarding_webhook_url="council alerts please", smtp_host="")
    report = deliver_due(database_url, not_a_url, now=utc_now() + timedelta(minutes=2))
    assert any("webhook unreachable" in failure for failure in report.failed)
    assert len(undelivered(database_url)) == 2  # both still queued for the next pass


def test_two_passes_at_once_send_a_notification_only_once(database_url):
    with WebhookReceiver() as receiver:
        config = config_for(database_url, safeguarding_webhook_url=receiver.url)
        raise_one(database_url, config)
        with ThreadPoolExecutor(max_workers=4) as pool:
            reports = list(pool.map(lambda _: deliver_due(database_url, config), range(4)))
    assert sum(len(report.delivered) for report in reports) == 1
    assert len(receiver.received) == 1


class _Mailbox(smtpd.SMTPServer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.messages = []

    def process_message(self, peer, mailfrom, rcpttos, data, **kwargs):
        self.messages.append((rcpttos, data.decode("utf-8") if isinstance(data, bytes) else data))


def test_email_goes_to_the_safeguarding_address_through_the_councils_mail_relay(database_url):
    sockets = {}  # this server's own socket map, so no other test's asyncore loop can touch it
    mailbox = _Mailbox(("127.0.0.1", 0), None, map=sockets)
    port = mailbox.socket.getsockname()[1]
    loop = threading.Thread(target=asyncore.loop, kwargs={"timeout": 0.1, "map": sockets}, daemon=True)
    loop.start()
    try:
        config = config_for(database_url, safeguarding_email="duty@council.example", smtp_host="127.0.0.1",
                            smtp_port=port, smtp_starttls=False, smtp_from="sendvoice@council.example")
        alert_id = raise_one(database_url, config, message="i wanna die", matched="suicide: want to die")
        report = deliver_due(database_url, config)
    finally:
        mailbox.close()
    assert len(report.delivered) == 1, report.failed
    [(recipients, body)] = mailbox.messages
    assert recipients == ["duty@council.example"]
    assert f"alert #{alert_id}" in body and "suicide" in body and "wanna die" not in body


def test_email_without_a_mail_relay_is_a_doctor_failure_and_stays_queued(database_url):
    config = config_for(database_url, safeguarding_email="duty@council.example", smtp_host="")
    raise_one(database_url, config)
    assert "SMTP_HOST is empty" in deliver_due(database_url, config).failed[0]
    assert any("SMTP_HOST is empty" in finding.message and finding.status == FAIL
               for finding in check_safeguarding(config))
    with session_scope(database_url) as session:
        [row] = session.execute(select(SafeguardingNotification)).scalars().all()
    assert row.delivered_at is None and row.attempts == 1


def test_doctor_is_quiet_when_everything_was_delivered_and_closed(database_url):
    from bot.safeguarding.alerts import close_alert

    with WebhookReceiver() as receiver:
        config = config_for(database_url, safeguarding_webhook_url=receiver.url)
        alert_id = raise_one(database_url, config)
        deliver_due(database_url, config)
    assert any("open safeguarding alert" in finding.message for finding in check_safeguarding(config))
    close_alert(database_url, alert_id, "handled")
    assert [finding.status for finding in check_safeguarding(config)] == [OK]
