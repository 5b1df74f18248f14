"""Twilio waits 15 s for a webhook: a slow or failing assistant still gets the sender a clear answer, once.

The assistant is replaced here by a coroutine that is slow or fails on purpose (a real model cannot be made
slow on demand); the channel, its database and the dedupe are the real ones."""
import asyncio

from bot.privacy import sms_sender_id
from channels import sms_keywords
from channels.twilio_sms import TwilioForm, TwilioSmsInput
from tests.conftest import TEST_SECRET

SENDER = sms_sender_id("+447700900321", TEST_SECRET)


def channel(database_url: str, deadline: float) -> TwilioSmsInput:
    sms = TwilioSmsInput("token", "https://bot.example", database_url, TEST_SECRET)
    sms.reply_deadline_seconds = deadline
    return sms


def form(body: str) -> TwilioForm:
    return TwilioForm({"Body": [body], "NumMedia": ["0"]})


def test_a_slow_answer_gets_a_holding_reply_in_time_and_is_not_redone_on_retry(database_url):
    calls = []

    async def slow_assistant(message):
        calls.append(message.text)
        await asyncio.sleep(1.0)
        await message.output_channel.send_text_message(message.sender_id, "Late answer.")

    async def scenario():
        sms = channel(database_url, deadline=0.2)
        first = await sms.answer_once(slow_assistant, form("hello"), "SMslow1", SENDER)
        retry = await sms.answer_once(slow_assistant, form("hello"), "SMslow1", SENDER)
        await asyncio.sleep(1.2)  # let the slow turn finish in the background
        return first, retry

    first, retry = asyncio.run(scenario())
    assert first == [sms_keywords.SLOW_REPLY]
    assert retry == first
    assert calls == ["hello"]


def test_a_failing_assistant_gets_an_apology_not_a_silent_error(database_url):
    async def broken_assistant(message):
        raise RuntimeError("action server down")

    replies = asyncio.run(channel(database_url, deadline=5).answer_once(
        broken_assistant, form("hello"), "SMfail1", SENDER))
    assert replies == [sms_keywords.ERROR_REPLY]


def test_a_retry_after_a_failure_is_processed_once_not_taken_as_done(database_url):
    calls = []

    async def broken_assistant(message):
        raise RuntimeError("database restarting")

    async def working_assistant(message):
        calls.append(message.text)
        await message.output_channel.send_text_message(message.sender_id, "Answer.")

    async def scenario():
        sms = channel(database_url, deadline=5)
        failed = await sms.answer_once(broken_assistant, form("my answer"), "SMretry1", SENDER)
        retried = await sms.answer_once(working_assistant, form("my answer"), "SMretry1", SENDER)
        again = await sms.answer_once(working_assistant, form("my answer"), "SMretry1", SENDER)
        return failed, retried, again

    failed, retried, again = asyncio.run(scenario())
    assert failed == [sms_keywords.ERROR_REPLY]
    assert retried == ["Answer."] and again == ["Answer."]
    assert calls == ["my answer"]
