"""SMS channel storage on SQLite and PostgreSQL: MessageSid claims, opt-outs, numbered choices, erasure."""
import uuid
from datetime import datetime, timedelta, timezone

from sqlalchemy import update

from bot.db import session_scope
from bot.models.sms import SmsProcessedMessage
from bot.privacy import sms_sender_id
from channels.sms_store import CLAIMED, DUPLICATE, SmsStore
from tests.conftest import TEST_SECRET

SENDER = sms_sender_id("+447700900123", TEST_SECRET)


def test_a_message_sid_is_claimed_once(database_url):
    store = SmsStore(database_url)
    assert store.claim("SM0001", SENDER) == CLAIMED
    assert store.claim("SM0001", SENDER) == DUPLICATE
    assert store.stored_replies("SM0001") is None  # still being processed
    store.record_replies("SM0001", ["Hello"])
    assert store.claim("SM0001", SENDER) == DUPLICATE
    assert store.stored_replies("SM0001") == ["Hello"]


def test_a_claim_abandoned_by_a_dead_instance_can_be_taken_over(database_url):
    store = SmsStore(database_url)
    store.claim("SM0002", SENDER)
    with session_scope(database_url) as session:
        session.execute(update(SmsProcessedMessage).where(SmsProcessedMessage.message_sid == "SM0002")
                        .values(received_at=datetime.now(timezone.utc) - timedelta(minutes=5)))
    assert store.claim("SM0002", SENDER) == CLAIMED
    assert store.claim("SM0002", SENDER) == DUPLICATE  # and only by one retry


def test_a_finished_message_is_never_taken_over_however_old(database_url):
    store = SmsStore(database_url)
    store.claim("SM0003", SENDER)
    store.record_replies("SM0003", ["Done"])
    with session_scope(database_url) as session:
        session.execute(update(SmsProcessedMessage).where(SmsProcessedMessage.message_sid == "SM0003")
                        .values(received_at=datetime.now(timezone.utc) - timedelta(days=5)))
    assert store.claim("SM0003", SENDER) == DUPLICATE


def test_opt_out_and_back_in(database_url):
    store = SmsStore(database_url)
    assert not store.sender_state(SENDER)[0]
    store.opt_out(SENDER)
    store.opt_out(SENDER)  # STOP twice is still one opt-out
    assert store.sender_state(SENDER)[0]
    assert store.opt_in(SENDER) is True
    assert not store.sender_state(SENDER)[0]
    assert store.opt_in(SENDER) is False


def test_offered_choices_are_replaced_and_cleared(database_url):
    store = SmsStore(database_url)
    store.offer_choices(SENDER, ["/a", "/b"])
    assert store.sender_state(SENDER)[1] == ["/a", "/b"]
    store.offer_choices(SENDER, ["/c"])
    assert store.sender_state(SENDER)[1] == ["/c"]
    store.offer_choices(SENDER, [])
    assert store.sender_state(SENDER)[1] == []


def test_forget_removes_messages_and_choices_but_keeps_the_opt_out(database_url):
    store = SmsStore(database_url)
    sender = sms_sender_id(f"+4477009{uuid.uuid4().int % 10**5:05d}", TEST_SECRET)
    other = sms_sender_id("+447700900999", TEST_SECRET)
    store.opt_out(sender)
    store.claim(f"SM{sender[-8:]}", sender)
    store.offer_choices(sender, ["/a"])
    store.claim(f"SM{other[-8:]}", other)
    assert store.forget(sender) == 2
    assert store.claim(f"SM{sender[-8:]}", sender) == CLAIMED  # gone, so claimable again
    assert store.claim(f"SM{other[-8:]}", other) == DUPLICATE  # someone else's untouched
    assert store.sender_state(sender)[0]  # their STOP is still honoured


def test_purge_drops_old_message_sids_only(database_url):
    store = SmsStore(database_url)
    store.claim("SM0006", SENDER)
    store.claim("SM0007", SENDER)
    with session_scope(database_url) as session:
        session.execute(update(SmsProcessedMessage).where(SmsProcessedMessage.message_sid == "SM0006")
                        .values(received_at=datetime.now(timezone.utc) - timedelta(days=800)))
    assert store.purge_processed_before(datetime.now(timezone.utc) - timedelta(days=730)) == 1
    assert store.claim("SM0007", SENDER) == DUPLICATE


def test_doctor_warns_until_sms_is_configured():
    from bot import settings
    from bot.doctor import OK, WARN
    from channels.checks import check_sms

    unset = check_sms(settings.load({}))
    assert [f.status for f in unset] == [WARN, WARN]
    assert "TWILIO_AUTH_TOKEN" in unset[0].message and "PUBLIC_BASE_URL" in unset[1].message
    plain_http = check_sms(settings.load({"TWILIO_AUTH_TOKEN": "t", "PUBLIC_BASE_URL": "http://bot.example"}))
    assert [f.status for f in plain_http] == [WARN]
    ready = check_sms(settings.load({"TWILIO_AUTH_TOKEN": "t", "PUBLIC_BASE_URL": "https://bot.example/"}))
    assert ready[0].status == OK and "https://bot.example/webhooks/twilio/webhook" in ready[0].message
