"""The safeguarding alert store on SQLite and PostgreSQL: the record, closing it, and recovering missed ones."""
import asyncio

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from bot.constants import SAFEGUARDING_INTENT
from bot.db import session_scope
from bot.models.safeguarding import SafeguardingAlert, SafeguardingNotification
from bot.privacy import respondent_key, sms_sender_id
from bot.safeguarding.alerts import AlertError, close_alert, list_alerts, missed_disclosures, raise_alert, \
    recover_missed_alerts

from conftest import TEST_SECRET
from safeguarding_helpers import empty_safeguarding_tables, sendvoice


@pytest.fixture(autouse=True)
def secret(monkeypatch):
    monkeypatch.setenv("SENDVOICE_SECRET_KEY", TEST_SECRET)


@pytest.fixture
def database_url(database_url):
    """The shared test database, with no alerts or conversations left by an earlier test."""
    empty_safeguarding_tables(database_url)
    return database_url


def test_alert_record_keeps_what_the_duty_officer_needs_and_no_phone_number(database_url):
    sender = sms_sender_id("07700 900123", TEST_SECRET)
    alert_id = raise_alert(database_url, channel="twilio", sender_id=sender, message="my dad hits me",
                           matched="physical_abuse: hits me", transports=["webhook", "email"], message_id="m-1")
    [alert] = list_alerts(database_url)
    assert alert.id == alert_id
    assert (alert.channel, alert.message, alert.matched, alert.status) == ("twilio", "my dad hits me",
                                                                          "physical_abuse: hits me", "open")
    assert alert.respondent_key == respondent_key(sender, TEST_SECRET)
    assert "7700" not in alert.respondent_key and alert.created_at.tzinfo is not None
    assert alert.undelivered == 2  # one outbox row per transport, none sent yet


def test_the_same_message_never_makes_two_alerts(database_url):
    first = raise_alert(database_url, channel="rest", sender_id="web-1", message="kms", matched="suicide: kill myself",
                        transports=["webhook"], message_id="same")
    second = raise_alert(database_url, channel="rest", sender_id="web-1", message="kms", matched="suicide: kill myself",
                         transports=["webhook"], message_id="same")
    assert first == second
    with session_scope(database_url) as session:
        assert len(session.execute(select(SafeguardingNotification)).all()) == 1


def test_closing_needs_a_note_and_hides_the_alert_from_the_open_list(database_url):
    alert_id = raise_alert(database_url, channel="rest", sender_id="web-2", message="i wanna die",
                           matched="suicide: want to die", transports=[])
    with pytest.raises(AlertError, match="--note"):
        close_alert(database_url, alert_id, "   ")
    close_alert(database_url, alert_id, "Called the school DSL; referral made to the front door.")
    assert list_alerts(database_url) == []
    [closed] = list_alerts(database_url, include_closed=True)
    assert closed.status == "closed" and "DSL" in closed.closed_note
    with pytest.raises(AlertError, match="already closed"):
        close_alert(database_url, alert_id, "again")
    with pytest.raises(AlertError, match="no safeguarding alert #999999"):
        close_alert(database_url, 999999, "note")


def test_alerts_are_kept_apart_from_anything_else(database_url):
    raise_alert(database_url, channel="rest", sender_id="web-3", message="he touched me", matched="abuse: touched me",
                transports=[])
    assert SafeguardingAlert.__tablename__ == "safeguarding_alerts"
    assert {column.name for column in SafeguardingAlert.__table__.columns} >= {
        "created_at", "channel", "respondent_key", "message", "matched"}


def _save_conversation(database_url, sender_id, text, intent, entities=()):
    """Write a conversation with Rasa's own SQL tracker store, as the Rasa server does."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    url = make_url(database_url)
    store = SQLTrackerStore(dialect=url.get_backend_name(), host=url.host, port=url.port, db=url.database,
                            username=url.username, password=url.password)
    tracker = DialogueStateTracker.from_events(sender_id, [UserUttered(
        text, intent={"name": intent, "confidence": 1.0}, entities=list(entities), input_channel="twilio",
        message_id=f"msg-{sender_id}")])
    asyncio.run(store.save(tracker))
    store.engine.dispose()


def test_a_disclosure_the_action_server_never_recorded_is_recovered_from_the_tracker_store(database_url):
    _save_conversation(database_url, "sms-abc", "my stepdad hurts me", SAFEGUARDING_INTENT,
                       [{"entity": "safeguarding_match", "value": "physical_abuse: hurts me", "start": 0, "end": 19}])
    _save_conversation(database_url, "sms-def", "hiya", "greet")
    assert [missed["message"] for missed in missed_disclosures(database_url)] == ["my stepdad hurts me"]

    [alert_id] = recover_missed_alerts(database_url, ["webhook"])
    [alert] = list_alerts(database_url)
    assert (alert.id, alert.channel, alert.matched, alert.raised_by) == (alert_id, "twilio",
                                                                        "physical_abuse: hurts me", "recovery")
    assert alert.respondent_key == respondent_key("sms-abc", TEST_SECRET)
    assert recover_missed_alerts(database_url, ["webhook"]) == []  # once only
    assert missed_disclosures(database_url) == []


def test_duty_officer_lists_and_closes_alerts_from_the_command_line(database_url):
    def command(*args):
        return sendvoice({"DATABASE_URL": database_url, "SENDVOICE_SECRET_KEY": TEST_SECRET}, *args)

    alert_id = str(raise_alert(database_url, channel="twilio", sender_id="sms-x", message="im not safe at home",
                               matched="unsafe_or_neglect: not safe at home", transports=[]))
    listing = command("safeguarding", "list")
    assert listing.returncode == 0, listing.stderr
    assert f"#{alert_id}" in listing.stdout and "im not safe at home" in listing.stdout and "via twilio" in listing.stdout
    assert "no notification configured" in listing.stdout

    no_note = command("safeguarding", "close", alert_id, "--note", "")
    assert no_note.returncode == 2 and "--note" in no_note.stderr and "Traceback" not in no_note.stderr
    unknown = command("safeguarding", "close", "999999", "--note", "x")
    assert unknown.returncode == 2 and "no safeguarding alert #999999" in unknown.stderr

    closed = command("safeguarding", "close", alert_id, "--note", "Spoke to the family; MASH referral.")
    assert closed.returncode == 0 and "closed" in closed.stdout
    assert "No open safeguarding alerts" in command("safeguarding", "list").stdout
    assert "MASH referral" in command("safeguarding", "list", "--all").stdout
