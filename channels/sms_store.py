"""Database operations of the SMS channel (blocking; the channel runs them in a worker thread).

Every row is keyed by the SMS conversation id (a keyed hash of the phone number), never by the number itself.
Works on SQLite and PostgreSQL, and across several Rasa instances sharing one database.
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import List, Optional, Tuple

from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import IntegrityError

from bot.db import session_scope
from bot.models.sms import SmsOptOut, SmsPendingChoice, SmsProcessedMessage

# A claim older than this with no reply belongs to an instance that died mid-message: a retry may take it over.
ABANDONED_CLAIM_AFTER = timedelta(seconds=60)

CLAIMED, DUPLICATE = "claimed", "duplicate"


def _commit_without_waiting_for_disk(session) -> None:
    """Dedupe rows are written on every text, in the path Twilio waits on. PostgreSQL may acknowledge them
    before they reach disk: a crash could lose the last fraction of a second of claims, which at worst lets a
    retry of one message be processed again, while every text gets its answer a few milliseconds sooner."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL synchronous_commit TO OFF"))


def _now() -> datetime:
    return datetime.now(timezone.utc)


class SmsStore:
    def __init__(self, database_url: str):
        self.database_url = database_url

    # --- MessageSid dedupe -------------------------------------------------------------------------------
    def claim(self, message_sid: str, conversation_id: str) -> str:
        """CLAIMED if this delivery is ours to process; DUPLICATE if another delivery already has it."""
        try:
            with session_scope(self.database_url) as session:
                _commit_without_waiting_for_disk(session)
                session.add(SmsProcessedMessage(
                    message_sid=message_sid, conversation_id=conversation_id, received_at=_now()))
            return CLAIMED
        except IntegrityError:
            pass
        # The unique key said someone has it; take it over only if that someone stopped long ago.
        with session_scope(self.database_url) as session:
            taken_over = session.execute(
                update(SmsProcessedMessage)
                .where(SmsProcessedMessage.message_sid == message_sid,
                       SmsProcessedMessage.replies.is_(None),
                       SmsProcessedMessage.received_at < _now() - ABANDONED_CLAIM_AFTER)
                .values(received_at=_now())
            ).rowcount
        return CLAIMED if taken_over else DUPLICATE

    def release(self, message_sid: str) -> None:
        """Give up an unanswered claim, so Twilio's retry of a failed delivery is processed, not taken as done."""
        with session_scope(self.database_url) as session:
            session.execute(delete(SmsProcessedMessage).where(SmsProcessedMessage.message_sid == message_sid,
                                                              SmsProcessedMessage.replies.is_(None)))

    def record_replies(self, message_sid: str, replies: List[str]) -> None:
        with session_scope(self.database_url) as session:
            _commit_without_waiting_for_disk(session)
            session.execute(update(SmsProcessedMessage)
                            .where(SmsProcessedMessage.message_sid == message_sid)
                            .values(replies=json.dumps(replies)))

    def stored_replies(self, message_sid: str) -> Optional[List[str]]:
        """The texts first sent for this MessageSid, or None while the first delivery is still being processed."""
        with session_scope(self.database_url) as session:
            raw = session.execute(select(SmsProcessedMessage.replies)
                                  .where(SmsProcessedMessage.message_sid == message_sid)).scalar_one_or_none()
        return None if raw is None else json.loads(raw)

    # --- STOP / START ------------------------------------------------------------------------------------
    def opt_out(self, conversation_id: str) -> None:
        with session_scope(self.database_url) as session:
            if session.get(SmsOptOut, conversation_id) is None:
                session.add(SmsOptOut(conversation_id=conversation_id, opted_out_at=_now()))
            session.execute(delete(SmsPendingChoice).where(SmsPendingChoice.conversation_id == conversation_id))

    def opt_in(self, conversation_id: str) -> bool:
        """Remove an opt-out; True if the sender had opted out."""
        with session_scope(self.database_url) as session:
            return session.execute(
                delete(SmsOptOut).where(SmsOptOut.conversation_id == conversation_id)).rowcount > 0

    def sender_state(self, conversation_id: str) -> Tuple[bool, List[str]]:
        """(opted out?, payloads of the choices last offered) in one round trip, read for every message."""
        with session_scope(self.database_url) as session:
            opted_out = session.get(SmsOptOut, conversation_id) is not None
            raw = session.execute(select(SmsPendingChoice.payloads)
                                  .where(SmsPendingChoice.conversation_id == conversation_id)).scalar_one_or_none()
        return opted_out, [] if raw is None else json.loads(raw)

    # --- numbered choices --------------------------------------------------------------------------------
    def offer_choices(self, conversation_id: str, payloads: List[str]) -> None:
        """Remember the payloads behind "Reply 1, 2 ..." (an empty list forgets the last offer)."""
        with session_scope(self.database_url) as session:
            session.execute(delete(SmsPendingChoice).where(SmsPendingChoice.conversation_id == conversation_id))
            if payloads:
                session.add(SmsPendingChoice(conversation_id=conversation_id, payloads=json.dumps(payloads),
                                             offered_at=_now()))

    # --- erasure and retention (for `sendvoice forget` / `purge`) -----------------------------------------
    def forget(self, conversation_id: str) -> int:
        """Erase what this sender's texts left here. The opt-out stays: it is what keeps their STOP honoured."""
        removed = 0
        with session_scope(self.database_url) as session:
            for model in (SmsProcessedMessage, SmsPendingChoice):
                removed += session.execute(delete(model).where(model.conversation_id == conversation_id)).rowcount
        return removed

    def purge_processed_before(self, cutoff: datetime) -> int:
        """MessageSids older than Twilio's retry window are only needed as long as the retention period."""
        with session_scope(self.database_url) as session:
            return session.execute(
                delete(SmsProcessedMessage).where(SmsProcessedMessage.received_at < cutoff)).rowcount
