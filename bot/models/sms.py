"""SMS channel storage: opt-outs, processed Twilio MessageSids, and the numbered choices a sender was offered.

No phone number is stored: every key is the SMS conversation id, a keyed hash of the number
(`bot.privacy.sms_sender_id`), the same id Rasa's tracker store uses, so erasure and purge can find the rows.
"""
from __future__ import annotations

from sqlalchemy import Column, DateTime, String, Text

from bot.db import Base

CONVERSATION_ID_LENGTH = 64


class SmsOptOut(Base):
    """A sender who texted STOP (or a synonym). The row is deleted when they text START."""

    __tablename__ = "sms_opt_outs"

    conversation_id = Column(String(CONVERSATION_ID_LENGTH), primary_key=True)
    opted_out_at = Column(DateTime(timezone=True), nullable=False)


class SmsProcessedMessage(Base):
    """One inbound Twilio message, claimed before processing so a retry is answered but never processed again.

    `replies` is NULL while the first delivery is still being processed, then the JSON list of texts sent back.
    """

    __tablename__ = "sms_processed_messages"

    message_sid = Column(String(64), primary_key=True)
    conversation_id = Column(String(CONVERSATION_ID_LENGTH), nullable=False, index=True)
    received_at = Column(DateTime(timezone=True), nullable=False, index=True)
    replies = Column(Text, nullable=True)


class SmsPendingChoice(Base):
    """Button payloads the last reply offered as "Reply 1 for ..., 2 for ...", so "2" means the second one."""

    __tablename__ = "sms_pending_choices"

    conversation_id = Column(String(CONVERSATION_ID_LENGTH), primary_key=True)
    payloads = Column(Text, nullable=False)
    offered_at = Column(DateTime(timezone=True), nullable=False)
