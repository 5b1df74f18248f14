"""The Local Offer actions as the action server runs them, against a real database: SMS replies stay within two
segments and GSM-7, web replies keep their buttons, and every fact has a source, a date and a link."""
import asyncio

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.local_offer import ActionExplainSend, ActionFindService
from bot.constants import SMS_CHANNEL, SMS_REPLY_LIMIT
from bot.directory import facts
from bot.directory.answers import gsm
from bot.directory.sample import load_sample_if_empty
from bot.migrations import upgrade_database
from bot.settings import PROJECT_ROOT

INTENTS = yaml.safe_load((PROJECT_ROOT / "bot" / "domain" / "local_offer.yml").read_text())["intents"]


@pytest.fixture(scope="module")
def sample_database(tmp_path_factory, monkeypatch_module):
    url = f"sqlite:///{tmp_path_factory.mktemp('actions') / 'sendvoice.db'}"
    upgrade_database(url)
    load_sample_if_empty(url)
    monkeypatch_module.setenv("DATABASE_URL", url)
    return url


@pytest.fixture(scope="module")
def monkeypatch_module():
    patcher = pytest.MonkeyPatch()
    yield patcher
    patcher.undo()


def tracker(intent, entities=(), channel=SMS_CHANNEL, slots=None):
    message = {"intent": {"name": intent, "confidence": 0.9}, "text": "", "entities": [
        {"entity": name, "value": value} for name, value in entities]}
    events = [{"event": "user", "text": "", "parse_data": message, "input_channel": channel}]
    return Tracker("someone", slots or {}, message, events, False, None, {}, "action_listen")


def run(action, tracker_):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker_, {}))
    return dispatcher.messages, {event["name"]: event["value"] for event in events if event.get("event") == "slot"}


def assert_fits_sms(messages):
    assert len(messages) == 1
    text = messages[0]["text"]
    assert len(text) <= SMS_REPLY_LIMIT, text
    assert text == gsm(text), "a non-GSM character would cut the SMS segment to 67 characters"
    assert not messages[0].get("buttons")


SEARCHES = [
    [("need", "autism"), ("district", "Melton")],
    [("category", "short breaks"), ("district", "Hinckley and Bosworth"), ("age", "7yo")],
    [("need", "hearing"), ("district", "Charnwood"), ("age", "13 years old")],
    [("category", "activities"), ("need", "learning difficulties")],
    [("category", "special school"), ("need", "complex needs")],
    [("category", "therapy")],
    [("need", "mental health"), ("age", "year 9")],
]


@pytest.mark.parametrize("entities", SEARCHES)
def test_sms_search_replies_fit_two_segments_with_a_number_to_call(sample_database, entities):
    messages, _ = run(ActionFindService(), tracker("find_service", entities))
    assert_fits_sms(messages)
    assert "0116 496 0" in messages[0]["text"] or "0808" in messages[0]["text"]


@pytest.mark.parametrize("intent", [name for name in INTENTS if name.startswith("ask_")])
def test_every_explanation_fits_an_sms_and_names_a_contact_or_link(sample_database, intent):
    messages, _ = run(ActionExplainSend(), tracker(intent))
    assert_fits_sms(messages)
    fact = facts.for_intent(intent)
    assert messages[0]["text"].startswith(gsm(fact.sms))
    assert "Call " in messages[0]["text"] or "https://" in messages[0]["text"]


def test_every_topic_has_source_date_and_link_and_an_intent_in_the_domain():
    loaded = facts.load()
    assert {fact.intent for fact in loaded.values()} == {name for name in INTENTS if name.startswith("ask_")}
    for fact in loaded.values():
        assert fact.checked[:4] == "2026" and fact.source
        assert fact.link.startswith("https://") or fact.link == "{local_offer_url}"
        assert all(topic in loaded for topic in fact.related)


def test_web_answer_is_longer_with_buttons_from_the_same_fact(sample_database):
    messages, _ = run(ActionExplainSend(), tracker("ask_ehc_assessment", channel="rest"))
    text = messages[0]["text"]
    assert "6 weeks" in text and "20 weeks" in text and "15 days" in text
    assert len(text) > SMS_REPLY_LIMIT
    assert "SEN Assessment and Commissioning" in text  # the contact comes from the directory
    assert [button["payload"] for button in messages[0]["buttons"]] == ["/ask_ehc_plan", "/ask_disagreement",
                                                                        "/ask_sendiass"]


def test_too_broad_asks_one_question_then_offers_sendiass(sample_database):
    messages, slots = run(ActionFindService(), tracker("find_service", [("district", "Melton")]))
    assert "What kind of help" in messages[0]["text"]
    assert slots["service_question_asked"] is True and slots["service_district"] == "Melton"
    # The parent answers with a need only: the district they gave first still counts.
    messages, slots = run(ActionFindService(), tracker("find_service", [("need", "autism")], slots=slots))
    assert "autism in Melton" in messages[0]["text"]
    # Nothing recognisable twice running: no second question, a person to talk to instead.
    asked = {"service_question_asked": True}
    messages, _ = run(ActionFindService(), tracker("find_service", [], slots=asked))
    assert "SENDIASS" in messages[0]["text"] and "What kind of help" not in messages[0]["text"]


def test_nothing_matching_is_said_honestly_with_sendiass_number(sample_database):
    messages, _ = run(ActionFindService(), tracker("find_service", [("category", "careers"), ("age", "5 years old")]))
    text = messages[0]["text"]
    assert text.startswith("Sorry, I couldn't find careers")
    assert "SENDIASS" in text and "0116 496 0" in text
    assert_fits_sms(messages)


def test_answer_to_the_follow_up_question_searches_even_if_it_reads_like_a_question(sample_database):
    # "short breaks" on its own is classified as ask_short_breaks; after our question it means "find me some".
    messages, _ = run(ActionExplainSend(), tracker("ask_short_breaks", [("category", "short breaks")],
                                                   slots={"service_question_asked": True,
                                                          "service_district": "Melton"}))
    assert "Melton holiday and after-school short breaks" in messages[0]["text"]
