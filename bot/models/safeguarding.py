"""Safeguarding alerts and their notification outbox: kept apart from consultation feedback, never in reports."""
from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint

from bot.db import Base

OPEN, CLOSED = "open", "closed"
WEBHOOK, EMAIL = "webhook", "email"


class SafeguardingAlert(Base):
    """A message that disclosed harm or risk, waiting for a person to act on it."""

    __tablename__ = "safeguarding_alerts"

    id = Column(Integer, primary_key=True)
    created_at = Column(DateTime(timezone=True), nullable=False, index=True)  # UTC
    channel = Column(String(40), nullable=False)  # Rasa input channel name, e.g. "twilio", "rest"
    respondent_key = Column(String(64), nullable=False, index=True)  # bot.privacy.respondent_key, never a number
    message = Column(Text, nullable=False)  # what the person wrote, unredacted: the duty officer needs it
    matched = Column(Text, nullable=False)  # what the detector matched ("suicide: want to die")
    # Rasa's message id: the action and the recovery sweep over the tracker store agree on one alert per message.
    source_message_id = Column(String(64), nullable=True, unique=True)
    raised_by = Column(String(20), nullable=False)  # "action", or "recovery" when the action server missed it
    status = Column(String(10), nullable=False, default=OPEN, index=True)
    closed_at = Column(DateTime(timezone=True), nullable=True)
    closed_note = Column(Text, nullable=True)


class SafeguardingNotification(Base):
    """Outbox: one row per alert per configured way of telling the duty officer, retried until delivered."""

    __tablename__ = "safeguarding_notifications"
    __table_args__ = (UniqueConstraint("alert_id", "transport", name="uq_safeguarding_notification"),)

    id = Column(Integer, primary_key=True)
    alert_id = Column(Integer, ForeignKey("safeguarding_alerts.id", ondelete="CASCADE"), nullable=False, index=True)
    transport = Column(String(10), nullable=False)  # WEBHOOK or EMAIL
    attempts = Column(Integer, nullable=False, default=0)
    next_attempt_at = Column(DateTime(timezone=True), nullable=False, index=True)
    last_attempt_at = Column(DateTime(timezone=True), nullable=True)
    last_error = Column(Text, nullable=True)
    delivered_at = Column(DateTime(timezone=True), nullable=True, index=True)
