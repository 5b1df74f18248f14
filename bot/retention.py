"""Erasure and retention across everything we store about a person, including Rasa's conversation history.

`sendvoice forget SENDER` (UK GDPR right to erasure) and `sendvoice purge --older-than DAYS` (retention limit).
Each feature that stores personal data adds one "module:function" line to FORGETTERS and PURGERS:
  forgetter(session, sender_id, respondent_key) -> {"what": rows removed}
  purger(session, cutoff_utc_naive_datetime) -> {"what": rows removed}
All run in one transaction: either everything of that person goes, or nothing does.
"""
from __future__ import annotations

import importlib
import time
from datetime import datetime, timedelta, timezone
from typing import Dict, Optional

from bot import settings

FORGETTERS = [
    "bot.feedback.storage:forget_respondent",
    "bot.retention:forget_conversation",
]
PURGERS = [
    "bot.feedback.storage:purge_before",
    "bot.retention:purge_conversations",
]
# Rasa's SQL tracker store keeps every conversation event in this table of the same database.
TRACKER_EVENTS_TABLE = "events"
CONVERSATION_EVENTS = "conversation events"


def _resolve(reference: str):
    module, function = reference.split(":")
    return getattr(importlib.import_module(module), function)


def _has_tracker_events(session) -> bool:
    from sqlalchemy import inspect

    return inspect(session.connection()).has_table(TRACKER_EVENTS_TABLE)


def forget_conversation(session, sender_id: str, respondent: str) -> Dict[str, int]:
    from sqlalchemy import text

    if not _has_tracker_events(session):
        return {CONVERSATION_EVENTS: 0}
    removed = session.execute(text(f"DELETE FROM {TRACKER_EVENTS_TABLE} WHERE sender_id = :sender"),
                              {"sender": sender_id}).rowcount
    return {CONVERSATION_EVENTS: removed}


def purge_conversations(session, cutoff: datetime) -> Dict[str, int]:
    """Whole conversations whose last event is older than the cutoff (a half-deleted history would confuse
    Rasa if the person came back, so a conversation still in use is kept whole)."""
    from sqlalchemy import text

    if not _has_tracker_events(session):
        return {CONVERSATION_EVENTS: 0}
    epoch = cutoff.replace(tzinfo=timezone.utc).timestamp()
    removed = session.execute(text(
        f"DELETE FROM {TRACKER_EVENTS_TABLE} WHERE sender_id IN ("
        f"SELECT sender_id FROM {TRACKER_EVENTS_TABLE} GROUP BY sender_id HAVING MAX(timestamp) < :cutoff)"
    ), {"cutoff": epoch}).rowcount
    return {CONVERSATION_EVENTS: removed}


def _run_all(references, *arguments, database_url: Optional[str] = None) -> Dict[str, int]:
    from bot.db import session_scope

    removed: Dict[str, int] = {}
    with session_scope(database_url or settings.load().database_url) as session:
        for reference in references:
            for what, count in _resolve(reference)(session, *arguments).items():
                removed[what] = removed.get(what, 0) + count
    return removed


def forget(sender: str, database_url: Optional[str] = None, secret: Optional[str] = None) -> Dict[str, int]:
    """Remove everything stored about the person behind a phone number or web chat session id."""
    from bot.privacy import respondent_key, sender_id_for

    sender_id = sender_id_for(sender, secret)
    return _run_all(FORGETTERS, sender_id, respondent_key(sender_id, secret), database_url=database_url)


def purge(older_than_days: int, database_url: Optional[str] = None, now: Optional[datetime] = None) -> Dict[str, int]:
    cutoff = (now or datetime.now(timezone.utc)).replace(tzinfo=None) - timedelta(days=older_than_days)
    return _run_all(PURGERS, cutoff, database_url=database_url)


def check_retention(config) -> list:
    """`sendvoice doctor`: say when feedback is being kept longer than RETENTION_DAYS allows."""
    from sqlalchemy import func, select
    from sqlalchemy.exc import SQLAlchemyError

    from bot.db import session_scope
    from bot.doctor import OK, WARN, Finding
    from bot.models.feedback import FeedbackSubmission

    cutoff = datetime.now(timezone.utc).replace(tzinfo=None) - timedelta(days=config.retention_days)
    try:
        with session_scope(config.database_url) as session:
            overdue = session.execute(select(func.count()).select_from(FeedbackSubmission)
                                      .where(FeedbackSubmission.updated_at < cutoff)).scalar_one()
    except SQLAlchemyError:
        return []  # check_database already says what is wrong with the database
    if overdue:
        return [Finding(WARN, f"{overdue} feedback submission(s) are older than RETENTION_DAYS "
                              f"({config.retention_days}): run `sendvoice purge` (daily, e.g. from cron).")]
    return [Finding(OK, f"No feedback is older than RETENTION_DAYS ({config.retention_days}).")]


def _summary(removed: Dict[str, int]) -> str:
    return ", ".join(f"{count} {what}" for what, count in removed.items())


def _forget(args) -> int:
    from bot.cli import CommandError

    if not args.sender.strip():
        raise CommandError("give the phone number or web chat session id of the person to forget.")
    removed = forget(args.sender)
    if not any(removed.values()):
        print("Nothing was stored for that sender (check the number or session id, and that "
              "SENDVOICE_SECRET_KEY is the one the assistant runs with).")
        return 0
    print(f"Removed: {_summary(removed)}.")
    return 0


def _purge(args) -> int:
    from bot.cli import CommandError

    days = settings.load().retention_days if args.older_than is None else args.older_than
    if days < 1:
        raise CommandError("--older-than must be at least 1 day.")
    started = time.monotonic()
    removed = purge(days)
    print(f"Removed everything older than {days} days: {_summary(removed)} ({time.monotonic() - started:.1f}s).")
    return 0


def register(subparsers) -> None:
    forget_parser = subparsers.add_parser(
        "forget", help="erase one person's feedback and conversation history (right to erasure)")
    forget_parser.add_argument("sender", help="their phone number (any format) or web chat session id")
    forget_parser.set_defaults(handler=_forget)
    purge_parser = subparsers.add_parser(
        "purge", help="delete feedback and conversations older than the retention period")
    purge_parser.add_argument("--older-than", type=int, metavar="DAYS",
                              help="age in days (default: the RETENTION_DAYS setting)")
    purge_parser.set_defaults(handler=_purge)
