"""Saving a submission as it is given: each call is an upsert, so a replayed message never adds a row."""
from __future__ import annotations

from typing import Optional

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite

from bot.db import session_scope
from bot.models.feedback import (
    QUESTIONS, STATUS_COMPLETE, STATUS_PARTIAL, FeedbackAnswer, FeedbackSubmission, utcnow,
)

SUBMISSION_FIELDS = ("role", "age_band", "district", "topic", "consent")


def _insert_for(session, table):
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(table)
    if dialect == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"Feedback storage supports SQLite and PostgreSQL, not {dialect}")


def _upsert_submission(session, public_id: str, respondent: str, channel: Optional[str], values: dict) -> int:
    now = utcnow()
    insert = _insert_for(session, FeedbackSubmission.__table__).values(
        public_id=public_id, respondent=respondent, channel=channel, status=STATUS_PARTIAL,
        created_at=now, updated_at=now, **values,
    )
    # The first channel a submission came in on is kept; later messages only change what they answered.
    insert = insert.on_conflict_do_update(index_elements=["public_id"], set_={**values, "updated_at": now})
    session.execute(insert)
    return session.execute(
        select(FeedbackSubmission.id).where(FeedbackSubmission.public_id == public_id)
    ).scalar_one()


def save_details(database_url: str, public_id: str, respondent: str, channel: Optional[str], **values) -> None:
    """Record who the person is and what it is about (role, age_band, district, topic, consent)."""
    unknown = set(values) - set(SUBMISSION_FIELDS)
    if unknown:
        raise ValueError(f"Not a submission field: {', '.join(sorted(unknown))}")
    with session_scope(database_url) as session:
        _upsert_submission(session, public_id, respondent, channel, values)


def save_answer(database_url: str, public_id: str, respondent: str, channel: Optional[str],
                question: str, text: Optional[str]) -> None:
    """Store the person's exact words for one question (None = they skipped it)."""
    if question not in QUESTIONS:
        raise ValueError(f"Unknown question {question!r}; expected one of {', '.join(QUESTIONS)}")
    with session_scope(database_url) as session:
        submission_id = _upsert_submission(session, public_id, respondent, channel, {})
        now = utcnow()
        values = {"text": text, "skipped": text is None, "updated_at": now}
        insert = _insert_for(session, FeedbackAnswer.__table__).values(
            submission_id=submission_id, question=question, created_at=now, **values,
        )
        session.execute(insert.on_conflict_do_update(index_elements=["submission_id", "question"], set_=values))


def mark_complete(database_url: str, public_id: str, respondent: str, channel: Optional[str]) -> None:
    with session_scope(database_url) as session:
        _upsert_submission(session, public_id, respondent, channel, {})
        submission = session.execute(
            select(FeedbackSubmission).where(FeedbackSubmission.public_id == public_id)
        ).scalar_one()
        submission.status = STATUS_COMPLETE
        submission.updated_at = utcnow()


def discard(database_url: str, public_id: str) -> int:
    """Delete an unfinished submission the person chose to start again; returns rows removed."""
    with session_scope(database_url) as session:
        submission = session.execute(
            select(FeedbackSubmission).where(FeedbackSubmission.public_id == public_id)
        ).scalar_one_or_none()
        if submission is None:
            return 0
        answers = session.execute(
            delete(FeedbackAnswer).where(FeedbackAnswer.submission_id == submission.id)).rowcount
        session.delete(submission)
        return answers + 1


def forget_respondent(session, sender_id: str, respondent: str) -> dict:
    """Erasure: every submission and answer of one person (found by their respondent key)."""
    ids = select(FeedbackSubmission.id).where(FeedbackSubmission.respondent == respondent)
    answers = session.execute(delete(FeedbackAnswer).where(FeedbackAnswer.submission_id.in_(ids))
                              .execution_options(synchronize_session=False)).rowcount
    submissions = session.execute(
        delete(FeedbackSubmission).where(FeedbackSubmission.respondent == respondent)).rowcount
    return {"feedback submissions": submissions, "feedback answers": answers}


def purge_before(session, cutoff) -> dict:
    """Retention: submissions (and their answers) untouched since before `cutoff` (naive UTC datetime)."""
    old = select(FeedbackSubmission.id).where(FeedbackSubmission.updated_at < cutoff)
    answers = session.execute(delete(FeedbackAnswer).where(FeedbackAnswer.submission_id.in_(old))
                              .execution_options(synchronize_session=False)).rowcount
    submissions = session.execute(delete(FeedbackSubmission).where(FeedbackSubmission.updated_at < cutoff)).rowcount
    return {"feedback submissions": submissions, "feedback answers": answers}
