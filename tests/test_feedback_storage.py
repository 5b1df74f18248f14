"""Feedback rows are saved as each answer arrives, on SQLite and PostgreSQL, and a replay never adds a row."""
import pytest
from sqlalchemy import func, select

from bot.db import session_scope
from bot.feedback import storage
from bot.models.feedback import FeedbackAnswer, FeedbackSubmission


def _rows(url):
    with session_scope(url) as session:
        submissions = session.execute(select(FeedbackSubmission)).scalars().all()
        answers = session.execute(select(FeedbackAnswer).order_by(FeedbackAnswer.question)).scalars().all()
        return submissions, answers


def test_answers_are_upserted_so_a_replayed_message_adds_nothing(fresh_database_url):
    for _ in range(3):  # the same message delivered three times
        storage.save_details(fresh_database_url, "sub-1", "key-a", "twilio", role="parent")
        storage.save_answer(fresh_database_url, "sub-1", "key-a", "twilio", "working_well", "The bus is on time now")
    submissions, answers = _rows(fresh_database_url)
    assert len(submissions) == 1 and len(answers) == 1
    assert submissions[0].role == "parent" and submissions[0].status == "partial"
    assert answers[0].text == "The bus is on time now"


def test_a_changed_answer_replaces_the_old_one_and_keeps_other_fields(fresh_database_url):
    storage.save_details(fresh_database_url, "sub-2", "key-b", "rest", role="young_person", topic="health")
    storage.save_answer(fresh_database_url, "sub-2", "key-b", "rest", "not_working", "CAMHS waiting list")
    storage.save_answer(fresh_database_url, "sub-2", "key-b", "rest", "not_working", "CAMHS took 18 months")
    storage.save_details(fresh_database_url, "sub-2", "key-b", "rest", district="melton")
    storage.save_answer(fresh_database_url, "sub-2", "key-b", "rest", "needs_to_happen", None)
    submissions, answers = _rows(fresh_database_url)
    assert (submissions[0].role, submissions[0].topic, submissions[0].district) == ("young_person", "health", "melton")
    assert [(a.question, a.text, a.skipped) for a in answers] == [
        ("needs_to_happen", None, True), ("not_working", "CAMHS took 18 months", False)]


def test_complete_and_discard(fresh_database_url):
    storage.save_answer(fresh_database_url, "sub-3", "key-c", "rest", "working_well", "x")
    storage.mark_complete(fresh_database_url, "sub-3", "key-c", "rest")
    assert _rows(fresh_database_url)[0][0].status == "complete"
    assert storage.discard(fresh_database_url, "sub-3") == 2
    assert _rows(fresh_database_url) == ([], [])
    assert storage.discard(fresh_database_url, "no-such-submission") == 0


def test_unknown_question_or_field_is_refused(fresh_database_url):
    with pytest.raises(ValueError):
        storage.save_answer(fresh_database_url, "sub-4", "k", "rest", "favourite_colour", "blue")
    with pytest.raises(ValueError):
        storage.save_details(fresh_database_url, "sub-4", "k", "rest", phone="07700900123")
    with session_scope(fresh_database_url) as session:
        assert session.execute(select(func.count()).select_from(FeedbackSubmission)).scalar_one() == 0
