"""The SMS channel end to end: signed Twilio webhooks against the real running assistant (real model, real
Rasa and action servers, real database). Only Twilio's servers are simulated: requests are signed with the
twilio library's RequestValidator algorithm, exactly as Twilio signs them."""
from __future__ import annotations

import json
import uuid
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest
import requests
from sqlalchemy import create_engine, text
from twilio.request_validator import RequestValidator

from bot.privacy import sms_sender_id
from channels import sms_keywords
from channels.sms_text import is_gsm7, segment_count
from channels.twilio_sms import public_url
from tests.conftest import TEST_SECRET, running_assistant

pytestmark = pytest.mark.e2e

AUTH_TOKEN = "test-twilio-auth-token-0123456789ab"
PUBLIC_BASE_URL = "https://sendvoice.example-council.gov.uk"
WEBHOOK_PATH = "/webhooks/twilio/webhook"
SERVICE_NUMBER = "+447700900000"


@pytest.fixture(scope="module")
def sms_assistant(trained_model, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("sms_assistant")
    env = {"TWILIO_AUTH_TOKEN": AUTH_TOKEN, "PUBLIC_BASE_URL": PUBLIC_BASE_URL}
    with running_assistant(trained_model, f"sqlite:///{workdir / 'sendvoice.db'}", workdir, env) as running:
        yield running


@pytest.fixture
def phone() -> str:
    """A fresh sender per test (Ofcom's 07700 900xxx drama range has too few numbers to keep tests apart)."""
    return f"+4477{uuid.uuid4().int % 10**8:08d}"


def new_sid() -> str:
    return "SM" + uuid.uuid4().hex


def twilio_params(phone: str, body: str, sid: str = None, **extra) -> dict:
    sid = sid or new_sid()
    params = {
        "ToCountry": "GB", "ToState": "", "SmsMessageSid": sid, "NumMedia": "0", "ToCity": "", "FromZip": "",
        "SmsSid": sid, "FromState": "", "SmsStatus": "received", "FromCity": "", "Body": body,
        "FromCountry": "GB", "To": SERVICE_NUMBER, "ToZip": "", "NumSegments": "1", "MessageSid": sid,
        "AccountSid": "AC" + "0" * 32, "From": phone, "ApiVersion": "2010-04-01",
    }
    params.update(extra)
    return params


def post(assistant, params: dict, signature: str = None, headers: dict = None) -> requests.Response:
    all_headers = dict(headers or {})
    if signature is not None:
        all_headers["X-Twilio-Signature"] = signature
    return requests.post(assistant.url + WEBHOOK_PATH, data=params, headers=all_headers, timeout=30)


def sign(params: dict, url: str = PUBLIC_BASE_URL + WEBHOOK_PATH, token: str = AUTH_TOKEN) -> str:
    return RequestValidator(token).compute_signature(url, params)


def texts_of(response: requests.Response) -> list:
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.text)
    assert root.tag == "Response"
    return [message.text or "" for message in root.findall("Message")]


def sms(assistant, phone: str, body: str, **extra) -> list:
    params = twilio_params(phone, body, **extra)
    return texts_of(post(assistant, params, sign(params)))


def assert_fits_sms(texts: list) -> None:
    assert texts, "expected at least one reply"
    for reply in texts:
        assert reply.strip()
        assert is_gsm7(reply), reply
        assert segment_count(reply) <= 2, reply


def user_events(assistant, conversation_id: str) -> list:
    engine = create_engine(assistant.database_url, future=True)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT data FROM events WHERE sender_id = :sender AND type_name = 'user' ORDER BY id"),
            {"sender": conversation_id},
        ).scalars().all()
    engine.dispose()
    return [json.loads(row) for row in rows]


# --- signatures ---------------------------------------------------------------------------------------------

def test_signed_message_gets_a_twiml_reply_that_fits_two_segments(sms_assistant, phone):
    replies = sms(sms_assistant, phone, "hiya")
    assert_fits_sms(replies)
    assert "SEND Voice" in replies[0]


def test_unsigned_request_is_refused_and_not_processed(sms_assistant, phone):
    params = twilio_params(phone, "hello")
    response = post(sms_assistant, params)
    assert response.status_code == 403
    assert "<Message>" not in response.text
    assert user_events(sms_assistant, sms_sender_id(phone, TEST_SECRET)) == []
    # Not even its MessageSid was kept: the genuine delivery of the same message is processed normally.
    assert_fits_sms(texts_of(post(sms_assistant, params, sign(params))))
    assert len(user_events(sms_assistant, sms_sender_id(phone, TEST_SECRET))) == 1


@pytest.mark.parametrize("forgery", ["wrong token", "wrong url", "tampered body", "garbage"])
def test_bad_signatures_are_refused(sms_assistant, phone, forgery):
    params = twilio_params(phone, "hello")
    signature = {
        "wrong token": lambda: sign(params, token="not-the-councils-token"),
        "wrong url": lambda: sign(params, url="https://attacker.example.com" + WEBHOOK_PATH),
        "tampered body": lambda: sign({**params, "Body": "something else"}),
        "garbage": lambda: "bm90IGEgc2lnbmF0dXJl",
    }[forgery]()
    assert post(sms_assistant, params, signature).status_code == 403
    assert user_events(sms_assistant, sms_sender_id(phone, TEST_SECRET)) == []


def test_signed_request_without_a_sender_is_a_bad_request(sms_assistant):
    params = {"MessageSid": new_sid(), "Body": "hello"}
    assert post(sms_assistant, params, sign(params)).status_code == 400


# --- Twilio retries ------------------------------------------------------------------------------------------

def test_a_retried_message_sid_is_answered_the_same_without_processing_twice(sms_assistant, phone):
    params = twilio_params(phone, "what can u do")
    first = texts_of(post(sms_assistant, params, sign(params)))
    again = texts_of(post(sms_assistant, params, sign(params)))
    assert again == first
    events = user_events(sms_assistant, sms_sender_id(phone, TEST_SECRET))
    assert [event["message_id"] for event in events] == [params["MessageSid"]]


def test_simultaneous_deliveries_of_one_message_are_processed_once(sms_assistant, phone):
    params = twilio_params(phone, "are you a robot")
    with ThreadPoolExecutor(max_workers=3) as pool:
        responses = list(pool.map(lambda _: post(sms_assistant, params, sign(params)), range(3)))
    answers = [texts_of(response) for response in responses]
    assert all(answer == answers[0] for answer in answers)
    assert "computer" in answers[0][0]
    assert len(user_events(sms_assistant, sms_sender_id(phone, TEST_SECRET))) == 1


# --- STOP / START / HELP --------------------------------------------------------------------------------------

def test_stop_silences_the_assistant_until_start(sms_assistant, phone):
    assert sms(sms_assistant, phone, "STOP") == [sms_keywords.STOP_REPLY]
    assert sms(sms_assistant, phone, "hello") == []  # nothing at all goes back
    assert sms(sms_assistant, phone, "what can you do") == []
    # The silenced texts still reached the assistant, so a disclosure of harm would still alert a person.
    assert len(user_events(sms_assistant, sms_sender_id(phone, TEST_SECRET))) == 2
    assert sms(sms_assistant, phone, "START") == [sms_keywords.START_REPLY]
    assert "SEND Voice" in sms(sms_assistant, phone, "hello")[0]


@pytest.mark.parametrize("word", ["stop", "Stop.", "STOPALL", "unsubscribe", "CANCEL", "end", "Quit!"])
def test_every_stop_synonym_opts_out(sms_assistant, phone, word):
    assert sms(sms_assistant, phone, word) == [sms_keywords.STOP_REPLY]
    assert sms(sms_assistant, phone, "hello") == []


@pytest.mark.parametrize("word", ["start", "YES", "Unstop"])
def test_every_start_synonym_opts_back_in(sms_assistant, phone, word):
    sms(sms_assistant, phone, "STOP")
    assert sms(sms_assistant, phone, word) == [sms_keywords.START_REPLY]
    assert sms(sms_assistant, phone, "hello") != []


def test_yes_is_an_ordinary_answer_for_someone_who_has_not_opted_out(sms_assistant, phone):
    replies = sms(sms_assistant, phone, "yes")
    assert replies != [sms_keywords.START_REPLY]
    assert len(user_events(sms_assistant, sms_sender_id(phone, TEST_SECRET))) == 1


@pytest.mark.parametrize("word", ["HELP", "info", "Help?"])
def test_help_says_what_the_service_is_and_how_to_stop(sms_assistant, phone, word):
    replies = sms(sms_assistant, phone, word)
    assert replies == [sms_keywords.HELP_REPLY]
    assert "STOP" in replies[0] and "SEND" in replies[0] and "999" in replies[0]
    assert_fits_sms(replies)


def test_help_is_answered_even_after_stop(sms_assistant, phone):
    sms(sms_assistant, phone, "STOP")
    assert sms(sms_assistant, phone, "HELP") == [sms_keywords.HELP_REPLY]
    assert sms(sms_assistant, phone, "hello") == []


def test_opt_out_is_stored_as_a_keyed_hash_never_the_number(sms_assistant, phone):
    sms(sms_assistant, phone, "STOP")
    engine = create_engine(sms_assistant.database_url, future=True)
    with engine.connect() as connection:
        keys = connection.execute(text("SELECT conversation_id FROM sms_opt_outs")).scalars().all()
    engine.dispose()
    assert sms_sender_id(phone, TEST_SECRET) in keys
    assert not any(phone[-9:] in key for key in keys)


# --- composing replies -----------------------------------------------------------------------------------------

def test_buttons_become_numbered_choices_and_a_number_picks_one(sms_assistant, phone):
    welcome = sms(sms_assistant, phone, "lets chat")
    assert_fits_sms(welcome)
    assert welcome[0].startswith("Hi, I'm SEND Voice from the council.")  # the SMS wording of the response
    assert welcome[-1].endswith("Reply 1 for Have my say, 2 for Find help.")
    chosen = sms(sms_assistant, phone, "2")
    assert "What kind of help are you looking for?" in chosen[0]
    # The choice was used up: "2" now is just a message, not the second button.
    assert "What kind of help are you looking for?" not in sms(sms_assistant, phone, "2")[0]


def test_a_number_that_was_not_offered_gets_a_clear_answer(sms_assistant, phone):
    sms(sms_assistant, phone, "lets chat")
    assert sms(sms_assistant, phone, "7") == [sms_keywords.choice_reply(2)]
    assert "who are you" in " ".join(sms(sms_assistant, phone, "1.")).lower()  # 1 = Have my say


# --- awkward messages -------------------------------------------------------------------------------------------

def test_empty_message_gets_a_prompt(sms_assistant, phone):
    assert sms(sms_assistant, phone, "   ") == [sms_keywords.EMPTY_REPLY]


def test_picture_only_message_asks_for_words(sms_assistant, phone):
    replies = sms(sms_assistant, phone, "", NumMedia="1", MediaContentType0="image/jpeg",
                  MediaUrl0="https://api.twilio.com/2010-04-01/Accounts/AC0/Messages/MM0/Media/ME0")
    assert replies == [sms_keywords.MEDIA_ONLY_REPLY]


@pytest.mark.parametrize("body", [
    "my son has autism and " * 73,  # 1,606 characters: Twilio's longest inbound message is 1,600
    "\U0001F44D\U0001F64F\U0001F60A",
    "Potrzebuj\u0119 pomocy dla mojego syna w szkole",
    "\u0645\u06cc\u0631\u06d2 \u0628\u06cc\u0679\u06d2 \u06a9\u0648 \u0645\u062f\u062f \u0686\u0627\u06c1\u06cc\u06d2",
    "<script>alert(1)</script> ' OR 1=1; --",
])
def test_long_emoji_foreign_and_hostile_texts_get_a_sensible_reply(sms_assistant, phone, body):
    replies = sms(sms_assistant, phone, body[:1600])
    assert_fits_sms(replies)
    assert len(user_events(sms_assistant, sms_sender_id(phone, TEST_SECRET))) == 1


def test_no_raw_phone_number_reaches_the_tracker_store_or_logs(sms_assistant, phone):
    sms(sms_assistant, phone, "hello")
    sms(sms_assistant, phone, "what can you do")
    engine = create_engine(sms_assistant.database_url, future=True)
    with engine.connect() as connection:
        stored = "\n".join(str(row) for row in connection.execute(text("SELECT * FROM events")).all())
    engine.dispose()
    logs = "\n".join(path.read_text(errors="replace") for path in sms_assistant.log_dir.glob("*.log"))
    national = "0" + phone[3:]
    for spelling in (phone, phone[1:], national):
        assert spelling not in stored
        assert spelling not in logs
    assert sms_sender_id(phone, TEST_SECRET) in stored


# --- behind a proxy, and after a restart -------------------------------------------------------------------------

def test_public_url_prefers_the_configured_base_then_forwarded_headers():
    request = SimpleNamespace(path=WEBHOOK_PATH, query_string="a=1", scheme="http", host="127.0.0.1:5005",
                              headers={"x-forwarded-proto": "https, http", "x-forwarded-host": "sms.council.gov.uk"})
    assert public_url(request, "https://bot.council.gov.uk/") == f"https://bot.council.gov.uk{WEBHOOK_PATH}?a=1"
    assert public_url(request, "") == f"https://sms.council.gov.uk{WEBHOOK_PATH}?a=1"
    request.headers = {}
    assert public_url(request, "") == f"http://127.0.0.1:5005{WEBHOOK_PATH}?a=1"


def test_after_a_restart_behind_a_proxy_retries_are_still_caught(sms_assistant, trained_model, tmp_path, phone):
    """A second server process on the same database (as after a restart), with no PUBLIC_BASE_URL: it checks
    signatures against the URL the proxy reports, and knows the MessageSids the first process answered."""
    params = twilio_params(phone, "what can you do")
    first = texts_of(post(sms_assistant, params, sign(params)))
    proxy = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "chat.example-council.gov.uk"}
    proxied_url = "https://chat.example-council.gov.uk" + WEBHOOK_PATH
    env = {"TWILIO_AUTH_TOKEN": AUTH_TOKEN, "PUBLIC_BASE_URL": ""}
    with running_assistant(trained_model, sms_assistant.database_url, tmp_path, env) as restarted:
        replayed = texts_of(post(restarted, params, sign(params, url=proxied_url), headers=proxy))
        assert replayed == first
        assert len(user_events(restarted, sms_sender_id(phone, TEST_SECRET))) == 1

        fresh = twilio_params(phone, "are you a bot")
        internal_url = restarted.url + WEBHOOK_PATH  # what the server sees, not what Twilio called
        assert post(restarted, fresh, sign(fresh, url=internal_url), headers=proxy).status_code == 403
        assert "computer" in texts_of(post(restarted, fresh, sign(fresh, url=proxied_url), headers=proxy))[0]
