"""People give feedback over the REST webhook to the real trained model and both servers; then we read the rows
back from the database (SQLite and PostgreSQL) exactly as the participation officer's export would."""
import os
import subprocess
import sys

import pytest
from sqlalchemy import create_engine, select, text

from bot.models.feedback import FeedbackAnswer, FeedbackSubmission
from bot.privacy import respondent_key, sms_sender_id
from bot.settings import PROJECT_ROOT
from tests.conftest import TEST_SECRET

pytestmark = pytest.mark.e2e


@pytest.fixture(params=["sqlite", "postgresql"])
def running(request):
    """The assistant on each database we support."""
    return request.getfixturevalue("assistant" if request.param == "sqlite" else "assistant_on_postgres")


def submissions_of(assistant, sender):
    """Our rows for one conversation: [(submission, {question: answer})]."""
    engine = create_engine(assistant.database_url, future=True)
    key = respondent_key(sender, TEST_SECRET)
    with engine.connect() as connection:
        found = []
        for submission in connection.execute(
            select(FeedbackSubmission).where(FeedbackSubmission.respondent == key).order_by(FeedbackSubmission.id)
        ).all():
            answers = connection.execute(
                select(FeedbackAnswer).where(FeedbackAnswer.submission_id == submission.id)).all()
            found.append((submission, {answer.question: answer for answer in answers}))
    engine.dispose()
    return found


def converse(assistant, sender, *messages):
    """Send each message in turn; return the last reply."""
    reply = ""
    for message in messages:
        reply = assistant.say(sender, message)
    return reply


PARENT_ANSWERS = [
    "Mrs Patel the SENCO has been brilliant, she rings me back every time 😊",
    "stop the bus being late. He was 40 mins late 3 times this week and he gets so anxious!!!",
    "no",
]


def test_parent_completes_the_form_and_every_word_is_kept(running, new_sender):
    reply = running.say(new_sender, "FEEDBACK")
    assert "who are you" in reply.lower()
    assert "How old is your child" in running.say(new_sender, "parent or carer")
    assert "Which area" in running.say(new_sender, "5 to 10")
    assert "mostly about" in running.say(new_sender, "melton")
    assert "working well for your child with transport" in running.say(new_sender, "transport")
    for answer in PARENT_ANSWERS:
        reply = running.say(new_sender, answer)
    assert "May we use your words" in reply
    reply = running.say(new_sender, "yes")
    assert "Thank you" in reply and "3 answers" in reply

    [(submission, answers)] = submissions_of(running, new_sender)
    assert (submission.role, submission.age_band, submission.district, submission.topic) == (
        "parent", "5-10", "melton", "transport")
    assert submission.consent is True and submission.status == "complete"
    assert submission.channel == "rest"
    assert [answers[q].text for q in ("working_well", "not_working", "needs_to_happen")] == PARENT_ANSWERS
    assert new_sender not in submission.respondent  # a keyed hash, not the conversation id


def test_young_person_is_asked_in_their_own_words_and_can_skip(running, new_sender):
    running.say(new_sender, "i want to have my say")
    messages = running.send(new_sender, "2")  # 2 = young person
    assert messages[-1]["text"] == "How old are you?"
    assert [button["title"] for button in messages[-1]["buttons"]] == [
        "11 to 15", "16 to 18", "19 to 25", "Prefer not to say"]
    assert "Which area do you live in?" in running.say(new_sender, "im 16")
    assert "What do you want to tell us about?" in running.say(new_sender, "prefer not to say")
    assert "What is going well for you at school or college?" in running.say(new_sender, "school or college")
    assert "What is not going well" in running.say(new_sender, "my form tutor gets me. she lets me use the quiet room")
    assert "If you could change one thing" in running.say(new_sender, "skip")
    assert "Can we share what you said" in running.say(new_sender, "more time to do things & less shouting in class")
    assert "Thank you, that really helps." in running.say(new_sender, "yeah")

    [(submission, answers)] = submissions_of(running, new_sender)
    assert (submission.role, submission.age_band, submission.district, submission.topic, submission.consent) == (
        "young_person", "16-18", None, "education", True)
    assert answers["working_well"].text == "my form tutor gets me. she lets me use the quiet room"
    assert answers["not_working"].skipped and answers["not_working"].text is None
    assert answers["needs_to_happen"].text == "more time to do things & less shouting in class"


def test_stopping_half_way_keeps_what_was_said_and_resumes_later(running, new_sender):
    converse(running, new_sender, "feedback", "1", "skip", "skip", "health")
    running.say(new_sender, "CAMHS were kind when we finally got seen")
    reply = running.say(new_sender, "stop")
    assert "stopped" in reply and "FEEDBACK" in reply
    [(submission, answers)] = submissions_of(running, new_sender)
    assert submission.status == "partial" and submission.consent is None
    assert answers["working_well"].text == "CAMHS were kind when we finally got seen"

    assert "hi" in running.say(new_sender, "hello").lower()  # something else in between
    reply = running.say(new_sender, "FEEDBACK")
    assert "carry on" in reply and "not working well for your child with health" in reply
    converse(running, new_sender, "the wait was 18 months", "skip", "no")
    [(submission, answers)] = submissions_of(running, new_sender)  # still one submission
    assert submission.status == "complete" and submission.consent is False
    assert answers["working_well"].text == "CAMHS were kind when we finally got seen"
    assert answers["not_working"].text == "the wait was 18 months"
    assert answers["needs_to_happen"].skipped and answers["needs_to_happen"].text is None


TRICKY_ANSWERS = [
    "no",
    "NO. Nothing. Absolutely nothing is working and I am exhausted 😭😭",
    "Stop making us fight for everything",
    "start again the EHCP from scratch because the draft was wrong",
    "more help",
    "2",
    "<script>alert('x')</script> our school said no",
    "'); DROP TABLE feedback_answers; --",
    "Mae angen mwy o gymorth yn Gymraeg",
    "His 4 hours of SALT a week became 1 hour, then 0. Why??",
    "x" * 5000,
]


def test_free_text_is_stored_verbatim_not_misread_as_a_command_or_intent(assistant, new_sender):
    converse(assistant, new_sender, "FEEDBACK", "1", "skip", "skip", "something else")
    for answer in TRICKY_ANSWERS:
        reply = assistant.say(new_sender, answer)
        assert "Sorry" not in reply and "I didn't understand" not in reply
        if "May we use your words" in reply:  # three answers per go: finish and start another
            converse(assistant, new_sender, "yes", "feedback", "1", "skip", "skip", "something else")
    found = [answers for _, answers in submissions_of(assistant, new_sender)]
    texts = [answers[q].text for answers in found for q in ("working_well", "not_working", "needs_to_happen")
             if q in answers]
    assert texts == TRICKY_ANSWERS


def test_back_changes_the_last_answer_and_start_again_begins_afresh(assistant, new_sender):
    reply = converse(assistant, new_sender, "feedback", "3", "11 to 15", "Charnwood", "4")
    assert "What is working well with transport for the children and families you work with?" in reply
    assert "What is not working well with transport?" in assistant.say(new_sender, "The new routes")
    reply = assistant.say(new_sender, "go back")
    assert "let's go back" in reply and "What is working well with transport" in reply
    assistant.say(new_sender, "The new routes are shorter")
    [(submission, answers)] = submissions_of(assistant, new_sender)
    assert submission.role == "practitioner" and submission.district == "charnwood"
    assert answers["working_well"].text == "The new routes are shorter"

    reply = assistant.say(new_sender, "start again")
    assert "start your feedback again" in reply and "who are you" in reply.lower()
    assert submissions_of(assistant, new_sender) == []  # the person chose to throw that go away
    assistant.say(new_sender, "im his mum")
    [(submission, answers)] = submissions_of(assistant, new_sender)
    assert submission.role == "parent" and answers == {}


def test_changing_the_subject_mid_form_is_answered_then_the_question_comes_back(assistant, new_sender):
    converse(assistant, new_sender, "feedback", "1", "skip", "skip")
    reply = assistant.say(new_sender, "hello")
    assert "SEND Voice" in reply and "mostly about" in reply  # greeted, then asked again
    reply = assistant.say(new_sender, "are you a robot")
    assert "computer assistant" in reply and "mostly about" in reply
    assert "working well" in assistant.say(new_sender, "information")
    reply = assistant.say(new_sender, "what do you mean?")
    assert "in your own words" in reply and "working well" in reply
    reply = assistant.say(new_sender, "wait am i talking to a real person or a bot?")
    assert "computer assistant" in reply and "working well" in reply
    assert submissions_of(assistant, new_sender)[0][1] == {}  # none of that was taken as an answer


def test_repeated_feedback_messages_never_make_a_second_submission(assistant, new_sender):
    converse(assistant, new_sender, "FEEDBACK", "FEEDBACK", "1")
    reply = assistant.say(new_sender, "feedback")
    assert "doing your feedback now" in reply and "How old is your child" in reply
    converse(assistant, new_sender, "0 to 4", "blaby", "1", "Nursery is great")
    reply = assistant.say(new_sender, "Nursery is great")  # sent twice: a double tap, not the next answer
    assert "I already have that answer" in reply and "What is not working well" in reply
    reply = converse(assistant, new_sender, "no", "no", "yes")  # the same short answer twice is fine
    assert "Thank you" in reply
    [(submission, answers)] = submissions_of(assistant, new_sender)
    assert submission.status == "complete"
    assert {q: a.text for q, a in answers.items()} == {
        "working_well": "Nursery is great", "not_working": "no", "needs_to_happen": "no"}


def test_empty_and_unclear_replies_get_a_clear_answer_and_lose_nothing(assistant, new_sender):
    converse(assistant, new_sender, "feedback")
    reply = assistant.say(new_sender, "banana")
    assert "Sorry, I didn't get that" in reply and "who are you" in reply.lower()
    converse(assistant, new_sender, "1", "skip", "skip", "1")
    reply = assistant.say(new_sender, "   ")
    assert "working well" in reply
    assert submissions_of(assistant, new_sender)[0][1] == {}


def test_forget_leaves_nothing_of_that_person_in_our_tables_or_the_tracker_store(running):
    phone = "07700 900123"
    sender = sms_sender_id(phone, TEST_SECRET)  # the conversation id our SMS channel gives this number
    other = sms_sender_id("07700 900999", TEST_SECRET)
    for person in (sender, other):
        converse(running, person, "FEEDBACK", "1", "5 to 10", "melton", "transport", "The driver is kind",
                 "Late again", "skip", "yes")
    assert len(submissions_of(running, sender)) == 1

    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "forget", "+44 7700 900123"], cwd=PROJECT_ROOT, capture_output=True,
        text=True, timeout=120,
        env={**os.environ, "DATABASE_URL": running.database_url, "SENDVOICE_SECRET_KEY": TEST_SECRET},
    )
    assert result.returncode == 0, result.stderr
    assert "1 feedback submissions, 3 feedback answers" in result.stdout
    assert "conversation events" in result.stdout

    engine = create_engine(running.database_url, future=True)
    with engine.connect() as connection:
        events_left = connection.execute(
            text("SELECT COUNT(*) FROM events WHERE sender_id = :s"), {"s": sender}).scalar_one()
        other_events = connection.execute(
            text("SELECT COUNT(*) FROM events WHERE sender_id = :s"), {"s": other}).scalar_one()
        mentions = connection.execute(text(
            "SELECT COUNT(*) FROM feedback_submissions WHERE respondent = :key"
        ), {"key": respondent_key(sender, TEST_SECRET)}).scalar_one()
    engine.dispose()
    assert events_left == 0 and mentions == 0
    assert submissions_of(running, sender) == []
    assert other_events > 0 and len(submissions_of(running, other)) == 1  # nobody else was touched

    again = subprocess.run(
        [sys.executable, "-m", "bot.cli", "forget", "07700900123"], cwd=PROJECT_ROOT, capture_output=True,
        text=True, timeout=120,
        env={**os.environ, "DATABASE_URL": running.database_url, "SENDVOICE_SECRET_KEY": TEST_SECRET},
    )
    assert "Nothing was stored" in again.stdout


def test_the_web_chat_button_starts_the_form_with_buttons(assistant, new_sender):
    messages = assistant.send(new_sender, "/feedback_start")
    assert "Thanks for having your say" in messages[0]["text"]
    assert [button["payload"] for button in messages[-1]["buttons"]] == [
        "parent or carer", "young person", "i work with children", "other"]
    messages = assistant.send(new_sender, messages[-1]["buttons"][0]["payload"])
    assert messages[-1]["text"] == "How old is your child?"
    assistant.say(new_sender, "/feedback_start")  # pressed again: same submission, same question
    assert len(submissions_of(assistant, new_sender)) == 1


def test_a_disclosure_mid_form_is_signposted_alerted_and_never_stored_as_feedback(running, new_sender):
    converse(running, new_sender, "feedback", "young person", "1", "skip", "school or college")
    reply = running.say(new_sender, "my stepdad hits me when mum is at work")
    assert "Childline" in reply and "999" in reply
    assert "What is going well for you at school or college?" in reply  # the form asks its question again
    assistant_reply = running.say(new_sender, "my friends at lunch")
    assert "What is not going well" in assistant_reply
    [(submission, answers)] = submissions_of(running, new_sender)
    assert {q: a.text for q, a in answers.items()} == {"working_well": "my friends at lunch"}
    engine = create_engine(running.database_url, future=True)
    with engine.connect() as connection:
        alerts = connection.execute(text("SELECT message FROM safeguarding_alerts WHERE respondent_key = :key"),
                                    {"key": respondent_key(new_sender, TEST_SECRET)}).scalars().all()
    engine.dispose()
    assert alerts == ["my stepdad hits me when mum is at work"]
