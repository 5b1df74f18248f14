"""Over SMS the form sends short GSM-7 texts; the SMS channel numbers its choices. Most tests give the real action
server the conversation Rasa would send for a text message; the last goes through the signed Twilio webhook."""
import uuid

import pytest
import requests
from sqlalchemy import create_engine, select

from bot.constants import SMS_CHANNEL, SMS_REPLY_LIMIT
from bot.models.feedback import FeedbackAnswer, FeedbackSubmission
from bot.privacy import respondent_key, sms_sender_id
from channels.sms_keywords import STOP_WORDS
from tests.conftest import TEST_SECRET
from tests.test_sms_channel import assert_fits_sms, phone, sms, sms_assistant  # noqa: F401  (fixtures)

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
    # STOP, END, CANCEL or QUIT over SMS unsubscribe the person from every text: we say LATER.
    assert "LATER" in intro and not STOP_WORDS & set(intro.upper().replace(",", " ").split())
    _, asked = run_action(assistant, "action_ask_feedback_working_well", "1", slots={"feedback_role": "parent"})
    [message] = asked["responses"]
    assert not message.get("buttons")  # a numbered skip button would turn the answer "1" into "skip"
    assert message["text"].endswith("Or reply SKIP.")


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


def test_a_parent_gives_feedback_by_text_through_the_signed_twilio_webhook(sms_assistant, phone):
    """The whole form over the real SMS channel: numbered choices answered with digits, words kept exactly."""
    texts = sms(sms_assistant, phone, "FEEDBACK")
    assert_fits_sms(texts)
    assert "Reply 1 for Parent or carer" in texts[-1]
    assert "How old is your child?" in sms(sms_assistant, phone, "1")[-1]
    assert "Which area" in sms(sms_assistant, phone, "2")[-1]  # 2 = 5 to 10
    assert "mostly about" in sms(sms_assistant, phone, "5")[-1]  # 5 = Melton
    reply = sms(sms_assistant, phone, "4")[-1]  # 4 = Transport
    assert reply.endswith("Or reply SKIP.") and "transport" in reply
    assert "not working" in sms(sms_assistant, phone, "1")[-1]  # "1" is an answer here, not a choice
    sms(sms_assistant, phone, "Stop the bus being late, 3 times this week!")
    reply = sms(sms_assistant, phone, "later")
    assert "stopped" in " ".join(reply) and "FEEDBACK" in " ".join(reply)
    reply = sms(sms_assistant, phone, "feedback")
    assert "carry on" in reply[0] and "What needs to happen" in reply[-1]
    assert "Reply YES or NO" in sms(sms_assistant, phone, "skip")[-1]
    texts = sms(sms_assistant, phone, "YES")
    assert_fits_sms(texts)
    assert "Thank you" in texts[-1]

    conversation = sms_sender_id(phone, TEST_SECRET)
    engine = create_engine(sms_assistant.database_url, future=True)
    with engine.connect() as connection:
        [row] = connection.execute(select(FeedbackSubmission).where(
            FeedbackSubmission.respondent == respondent_key(conversation, TEST_SECRET))).all()
        answers = dict(connection.execute(select(FeedbackAnswer.question, FeedbackAnswer.text).where(
            FeedbackAnswer.submission_id == row.id)).all())
    engine.dispose()
    assert (row.role, row.age_band, row.district, row.topic, row.channel, row.status, row.consent) == (
        "parent", "5-10", "melton", "transport", SMS_CHANNEL, "complete", True)
    assert answers == {"working_well": "1", "not_working": "Stop the bus being late, 3 times this week!",
                       "needs_to_happen": None}
    assert phone not in row.respondent and phone.lstrip("+") not in row.respondent
