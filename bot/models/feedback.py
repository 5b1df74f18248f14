"""Consultation feedback: one submission per go at the form, one answer row per question.

No phone number or conversation id is stored: `respondent` is `bot.privacy.respondent_key(sender_id)`,
a keyed hash, so `sendvoice forget` can find a person's rows only when given their number or session id.
"""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint

from bot.db import Base

QUESTIONS = ("working_well", "not_working", "needs_to_happen")
STATUS_PARTIAL = "partial"
STATUS_COMPLETE = "complete"


def utcnow() -> datetime:
    # Naive UTC: SQLite has no time zones, and one convention for both databases keeps comparisons honest.
    return datetime.now(timezone.utc).replace(tzinfo=None)


class FeedbackSubmission(Base):
    __tablename__ = "feedback_submissions"

    id = Column(Integer, primary_key=True, autoincrement=True)
    # Chosen by the conversation (kept in a slot), so replayed messages update this row instead of adding one.
    public_id = Column(String(36), nullable=False, unique=True)
    respondent = Column(String(64), nullable=False, index=True)
    channel = Column(String(32), nullable=True)
    role = Column(String(20), nullable=True)
    age_band = Column(String(10), nullable=True)
    district = Column(String(40), nullable=True)
    topic = Column(String(30), nullable=True)
    consent = Column(Boolean, nullable=True)  # None until asked: unconsented words never leave the database
    status = Column(String(10), nullable=False, default=STATUS_PARTIAL)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    updated_at = Column(DateTime, nullable=False, default=utcnow, index=True)


class FeedbackAnswer(Base):
    __tablename__ = "feedback_answers"
    __table_args__ = (UniqueConstraint("submission_id", "question", name="uq_feedback_answer_question"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    submission_id = Column(Integer, ForeignKey("feedback_submissions.id", ondelete="CASCADE"), nullable=False)
    question = Column(String(20), nullable=False)
    text = Column(Text, nullable=True)  # the person's exact words; None when skipped
    skipped = Column(Boolean, nullable=False, default=False)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    updated_at = Column(DateTime, nullable=False, default=utcnow)


class FeedbackExportLog(Base):
    """Every export is recorded; an export with raw (unredacted) text must say why."""

    __tablename__ = "feedback_export_log"

    id = Column(Integer, primary_key=True, autoincrement=True)
    exported_at = Column(DateTime, nullable=False, default=utcnow)
    operator = Column(String(100), nullable=True)
    include_raw = Column(Boolean, nullable=False, default=False)
    reason = Column(Text, nullable=True)
    row_count = Column(Integer, nullable=False, default=0)
