"""Over SMS the form uses short texts and numbered choices, never buttons. Rasa's own SMS channel is another
feature's; here the real action server gets the conversation Rasa would send for a text message."""
import uuid

import pytest
import requests
from sqlalchemy import create_engine, select

from bot.constants import SMS_CHANNEL, SMS_REPLY_LIMIT
from bot.models.feedback import FeedbackSubmission
from bot.privacy import respondent_key
from tests.conftest import TEST_SECRET

pytestmark = pytest.mark.e2e


def run_action(assistant, action, text, slots=None, intent="nlu_fallback"):
    sender = f"sms-{uuid.uuid4().hex[:16]}"
    user = {"event": "user", "text": text, "input_channel": SMS_CHANNEL,
            "parse_data": {"intent": {"name": intent, "confidence": 0.9}, "entities": [], "text": text}}
    tracker = {
        "sender_id": sender, "slots": slots or {}, "latest_message": user["parse_data"],
        "events": [{"event": "action", "name": "action_listen"}, user,
                   {"event": "action", "name": "action_extract_slots"}],
        "paused": False, "followup_action": None, "active_loop": {"name": "feedback_form"},
        "latest_action_name": "action_extract_slots",
    }
    response = requests.post(f"{assistant.servers.action_url}/webhook", timeout=30, json={
        "next_action": action, "sender_id": sender, "tracker": tracker, "domain": {}, "version": "3.6.2"})
    response.raise_for_status()
    return sender, response.json()


def test_sms_start_and_questions_are_short_numbered_texts(assistant):
    _, start = run_action(assistant, "action_feedback_start", "FEEDBACK", intent="feedback_start")
    intro = start["responses"][0]["text"]
    assert "SKIP" in intro and len(intro) <= SMS_REPLY_LIMIT
    assert "STOP" not in intro  # STOP over SMS unsubscribes from Twilio; we say END
    _, asked = run_action(assistant, "action_ask_feedback_role", "FEEDBACK")
    [message] = asked["responses"]
    assert not message.get("buttons")
    assert "1 Parent or carer" in message["text"] and "Reply 1, 2, 3 or 4." in message["text"]


def test_sms_number_reply_is_saved_with_the_sms_channel(assistant):
    slots = {"requested_slot": "feedback_age_band", "feedback_role": "young_person",
             "feedback_submission_id": str(uuid.uuid4())}
    sender, result = run_action(assistant, "validate_feedback_form", "2", slots=slots)
    assert {"event": "slot", "name": "feedback_age_band", "value": "16-18", "timestamp": None} in [
        {key: event.get(key) for key in ("event", "name", "value", "timestamp")} for event in result["events"]]
    engine = create_engine(assistant.database_url, future=True)
    with engine.connect() as connection:
        row = connection.execute(select(FeedbackSubmission).where(
            FeedbackSubmission.public_id == slots["feedback_submission_id"])).one()
    engine.dispose()
    assert (row.age_band, row.channel) == ("16-18", SMS_CHANNEL)
    assert row.respondent == respondent_key(sender, TEST_SECRET)


def test_sms_unclear_reply_asks_for_a_number(assistant):
    _, result = run_action(assistant, "validate_feedback_form", "banana",
                           slots={"requested_slot": "feedback_role", "feedback_submission_id": "x"})
    assert result["responses"][0]["text"] == "Sorry, I didn't get that. Please reply with a number."


def test_a_safeguarding_disclosure_is_never_stored_as_an_answer(assistant):
    """The form steps aside (no slot set) so the safeguarding response runs; then the form asks again."""
    slots = {"requested_slot": "feedback_not_working", "feedback_role": "young_person",
             "feedback_submission_id": str(uuid.uuid4())}
    _, result = run_action(assistant, "validate_feedback_form", "my stepdad hits me when im home",
                           slots=slots, intent="safeguarding_disclosure")
    assert result["events"] == [] and result["responses"] == []
    engine = create_engine(assistant.database_url, future=True)
    with engine.connect() as connection:
        rows = connection.execute(select(FeedbackSubmission).where(
            FeedbackSubmission.public_id == slots["feedback_submission_id"])).all()
    engine.dispose()
    assert rows == []


def test_a_form_started_without_a_submission_id_keeps_its_answers_together(assistant):
    _, result = run_action(assistant, "validate_feedback_form", "3", slots={"requested_slot": "feedback_role"})
    [chosen] = [e["value"] for e in result["events"] if e.get("name") == "feedback_submission_id"]
    engine = create_engine(assistant.database_url, future=True)
    with engine.connect() as connection:
        row = connection.execute(select(FeedbackSubmission).where(FeedbackSubmission.public_id == chosen)).one()
    engine.dispose()
    assert row.role == "practitioner"
