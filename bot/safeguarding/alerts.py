"""The safeguarding alert store: raise, list and close alerts, and recover any the action server missed.

No Rasa imports: the action server, the `sendvoice` command and `sendvoice doctor` all use this module.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Iterable, List, Optional

from sqlalchemy import func, inspect, select, text
from sqlalchemy.exc import IntegrityError

from bot.constants import SAFEGUARDING_INTENT
from bot.db import get_engine, session_scope
from bot.models.safeguarding import CLOSED, OPEN, SafeguardingAlert, SafeguardingNotification
from bot.privacy import respondent_key

logger = logging.getLogger(__name__)

MATCH_ENTITY = "safeguarding_match"  # entity the NLU component adds (bot/safeguarding/nlu_component.py)


class AlertError(ValueError):
    """An alert cannot be changed as asked; the message says why."""


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def as_utc(moment: Optional[datetime]) -> Optional[datetime]:
    """SQLite hands back naive datetimes, PostgreSQL aware ones: compare them all as aware UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=timezone.utc)


@dataclass(frozen=True)
class AlertView:
    id: int
    created_at: datetime
    channel: str
    respondent_key: str
    message: str
    matched: str
    raised_by: str
    status: str
    closed_at: Optional[datetime]
    closed_note: Optional[str]
    notifications: int  # outbox rows (one per transport configured when it was raised)
    undelivered: int  # of those, not delivered yet


def raise_alert(
    database_url: str,
    *,
    channel: str,
    sender_id: str,
    message: str,
    matched: str,
    transports: Iterable[str],
    message_id: Optional[str] = None,
    raised_by: str = "action",
    created_at: Optional[datetime] = None,
) -> int:
    """Store an alert (once per Rasa message id) with an outbox row per transport; returns the alert id."""
    if message_id:
        existing = _alert_id_for_message(database_url, message_id)
        if existing is not None:
            return existing
    moment = created_at or utc_now()
    try:
        with session_scope(database_url) as session:
            alert = SafeguardingAlert(
                created_at=moment,
                channel=channel or "unknown",
                respondent_key=respondent_key(sender_id),
                message=message or "",
                matched=matched or "unknown",
                source_message_id=message_id or None,
                raised_by=raised_by,
                status=OPEN,
            )
            session.add(alert)
            session.flush()
            for transport in transports:
                session.add(SafeguardingNotification(alert_id=alert.id, transport=transport, attempts=0,
                                                     next_attempt_at=moment))
            alert_id = alert.id
    except IntegrityError:
        # The action and a recovery sweep raced for the same message: the other one stored it.
        existing = _alert_id_for_message(database_url, message_id) if message_id else None
        if existing is None:
            raise
        return existing
    logger.warning("Safeguarding alert #%s raised (%s, channel %s).", alert_id, matched, channel)
    return alert_id


def _alert_id_for_message(database_url: str, message_id: str) -> Optional[int]:
    with session_scope(database_url) as session:
        return session.execute(
            select(SafeguardingAlert.id).where(SafeguardingAlert.source_message_id == message_id)
        ).scalar_one_or_none()


def list_alerts(database_url: str, include_closed: bool = False) -> List[AlertView]:
    counts = (
        select(SafeguardingNotification.alert_id, func.count().label("total"),
               func.count(SafeguardingNotification.delivered_at).label("delivered"))
        .group_by(SafeguardingNotification.alert_id)
        .subquery()
    )
    query = (
        select(SafeguardingAlert, func.coalesce(counts.c.total, 0), func.coalesce(counts.c.delivered, 0))
        .outerjoin(counts, counts.c.alert_id == SafeguardingAlert.id)
        .order_by(SafeguardingAlert.created_at, SafeguardingAlert.id)
    )
    if not include_closed:
        query = query.where(SafeguardingAlert.status == OPEN)
    with session_scope(database_url) as session:
        return [
            AlertView(alert.id, as_utc(alert.created_at), alert.channel, alert.respondent_key, alert.message,
                      alert.matched, alert.raised_by, alert.status, as_utc(alert.closed_at), alert.closed_note,
                      total, total - delivered)
            for alert, total, delivered in session.execute(query).all()
        ]


def close_alert(database_url: str, alert_id: int, note: str) -> None:
    note = (note or "").strip()
    if not note:
        raise AlertError("say what was done in --note: the record must show how the alert was handled")
    with session_scope(database_url) as session:
        alert = session.get(SafeguardingAlert, alert_id)
        if alert is None:
            raise AlertError(f"there is no safeguarding alert #{alert_id}")
        if alert.status == CLOSED:
            raise AlertError(f"alert #{alert_id} was already closed on {as_utc(alert.closed_at):%Y-%m-%d %H:%M} UTC")
        alert.status = CLOSED
        alert.closed_at = utc_now()
        alert.closed_note = note
    logger.info("Safeguarding alert #%s closed.", alert_id)


# --- recovery -------------------------------------------------------------------------------------------------
# Rasa's SQL tracker store (same database) keeps every user message with the intent the NLU pipeline gave it.
# A disclosure whose action never ran (action server down, crashed, timed out) is still there; these functions
# find such messages and raise their alerts, so the record is never lost.

def _tracker_disclosures(database_url: str) -> List[dict]:
    engine = get_engine(database_url)
    if not inspect(engine).has_table("events"):
        return []
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT sender_id, timestamp, data FROM events WHERE type_name = 'user' AND intent_name = :intent"),
            {"intent": SAFEGUARDING_INTENT},
        ).all()
    disclosures = []
    for sender_id, timestamp, data in rows:
        try:
            event = json.loads(data)
        except (TypeError, ValueError):
            event = {}
        entities = (event.get("parse_data") or {}).get("entities") or []
        matched = next((str(entity.get("value")) for entity in entities if entity.get("entity") == MATCH_ENTITY),
                       "intent only")
        disclosures.append({
            "sender_id": sender_id,
            "created_at": datetime.fromtimestamp(float(timestamp or 0), timezone.utc),
            "channel": event.get("input_channel") or "unknown",
            "message": event.get("text") or "",
            "message_id": event.get("message_id") or f"{sender_id}@{timestamp}",
            "matched": matched,
        })
    return disclosures


def missed_disclosures(database_url: str) -> List[dict]:
    """Disclosures in the tracker store that have no alert."""
    disclosures = _tracker_disclosures(database_url)
    if not disclosures:
        return []
    with session_scope(database_url) as session:
        known = set(session.execute(
            select(SafeguardingAlert.source_message_id).where(SafeguardingAlert.source_message_id.is_not(None))
        ).scalars())
    return [disclosure for disclosure in disclosures if disclosure["message_id"] not in known]


def recover_missed_alerts(database_url: str, transports: Iterable[str]) -> List[int]:
    """Raise an alert for every missed disclosure; returns the new alert ids."""
    transports = list(transports)
    recovered = []
    for disclosure in missed_disclosures(database_url):
        recovered.append(raise_alert(
            database_url, channel=disclosure["channel"], sender_id=disclosure["sender_id"],
            message=disclosure["message"], matched=disclosure["matched"], transports=transports,
            message_id=disclosure["message_id"], raised_by="recovery", created_at=disclosure["created_at"],
        ))
    if recovered:
        logger.error("Recovered %d safeguarding alert(s) the action server did not record: %s", len(recovered),
                     ", ".join(f"#{alert_id}" for alert_id in recovered))
    return recovered
