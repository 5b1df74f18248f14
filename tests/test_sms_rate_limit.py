"""Per-sender rate limit on the SMS webhook: a flood stops costing money, and still nothing is lost."""
import uuid

import pytest
from sqlalchemy import create_engine, text

from bot.privacy import sms_sender_id
from channels import sms_keywords
from tests.conftest import REDIS_URL, TEST_SECRET, running_assistant
from tests.test_sms_channel import AUTH_TOKEN, PUBLIC_BASE_URL, phone, sms  # noqa: F401  (fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.redis]


@pytest.fixture(scope="module")
def limited_assistant(trained_model, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("sms_limited")
    env = {"TWILIO_AUTH_TOKEN": AUTH_TOKEN, "PUBLIC_BASE_URL": PUBLIC_BASE_URL, "SMS_RATE_LIMIT": "3",
           "SMS_RATE_WINDOW_SECONDS": "3600", "LOCK_STORE_URL": REDIS_URL}
    with running_assistant(trained_model, f"sqlite:///{workdir / 'sendvoice.db'}", workdir, env) as running:
        yield running


def user_messages_stored(assistant, conversation_id: str) -> int:
    engine = create_engine(assistant.database_url, future=True)
    with engine.connect() as connection:
        count = connection.execute(text("SELECT count(*) FROM events WHERE sender_id = :id AND type_name = 'user'"),
                                   {"id": conversation_id}).scalar_one()
    engine.dispose()
    return count


def test_flooding_sender_gets_one_notice_then_silence_but_every_text_is_kept(limited_assistant, phone):
    replies = [sms(limited_assistant, phone, message) for message in ("hi", "what can you do", "thanks", "hello", "hello again")]
    assert all(replies[index] for index in range(3))
    assert replies[3] == [sms_keywords.RATE_LIMITED_REPLY]
    assert replies[4] == []
    assert user_messages_stored(limited_assistant, sms_sender_id(phone, TEST_SECRET)) == 5


def test_other_senders_are_still_answered(limited_assistant, phone):
    for message in ("hi", "what can you do", "thanks", "hello"):
        sms(limited_assistant, phone, message)
    other = f"+4477{uuid.uuid4().int % 10**8:08d}"  # fresh: Redis keeps counts between test runs
    assert sms(limited_assistant, other, "hello")


def test_help_and_stop_always_work_over_the_limit(limited_assistant, phone):
    for message in ("hi", "help me", "thanks", "hello", "hiya"):
        sms(limited_assistant, phone, message)
    assert sms(limited_assistant, phone, "HELP") == [sms_keywords.HELP_REPLY]
    assert sms(limited_assistant, phone, "STOP") == [sms_keywords.STOP_REPLY]


def test_a_disclosure_over_the_limit_still_gets_signposting(limited_assistant, phone):
    for message in ("hi", "what can you do", "thanks", "hello"):
        sms(limited_assistant, phone, message)
    reply = " ".join(sms(limited_assistant, phone, "my dad hits me and i dont feel safe at home"))
    assert "0800 1111" in reply or "999" in reply
