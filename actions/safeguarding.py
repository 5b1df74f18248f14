"""action_safeguarding_response: record a disclosure for the duty officer, tell them, offer to carry on.

By the time this runs the Rasa server has already sent the signposting (utter_safeguarding_signpost and
utter_safeguarding_tell_someone, see data/rules/safeguarding.yml), so the person is helped even if this
action fails. If it never runs, `sendvoice safeguarding retry` recovers the alert from the tracker store.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot import settings
from bot.safeguarding.alerts import MATCH_ENTITY, raise_alert
from bot.safeguarding.notifier import configured_transports, retry_pass

logger = logging.getLogger(__name__)


def _latest_user_event(tracker: Tracker) -> Dict[Text, Any]:
    return next((event for event in reversed(tracker.events) if event.get("event") == "user"), {})


def _matched(tracker: Tracker) -> str:
    entities = (tracker.latest_message or {}).get("entities") or []
    return next((str(entity.get("value")) for entity in entities if entity.get("entity") == MATCH_ENTITY),
                "intent only")


def _notify_in_background(database_url: str, config: settings.Settings) -> None:
    # The reply must not wait for a webhook or a mail server; the outbox row is already committed, so a
    # failure here only delays the notification until the next pass.
    def run() -> None:
        try:
            retry_pass(database_url, config)
        except Exception:  # logged, and the outbox keeps the work for the next pass
            logger.exception("Safeguarding retry pass failed")

    try:
        asyncio.get_running_loop().run_in_executor(None, run)
    except RuntimeError:  # no event loop (called outside the action server)
        run()


class ActionSafeguardingResponse(Action):
    def name(self) -> Text:
        return "action_safeguarding_response"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        config = settings.load()
        user_event = _latest_user_event(tracker)
        alert_id: Optional[int] = None
        try:
            alert_id = raise_alert(
                config.database_url,
                channel=tracker.get_latest_input_channel() or user_event.get("input_channel") or "unknown",
                sender_id=tracker.sender_id,
                message=(tracker.latest_message or {}).get("text") or user_event.get("text") or "",
                matched=_matched(tracker),
                transports=configured_transports(config),
                message_id=user_event.get("message_id"),
            )
        except Exception:
            # The tracker store still holds the message: the next retry pass (cron) recovers the alert.
            logger.exception("Could not store a safeguarding alert for conversation %s", tracker.sender_id)
        if alert_id is not None:
            _notify_in_background(config.database_url, config)
        in_form = bool((tracker.active_loop or {}).get("name"))
        dispatcher.utter_message(response="utter_safeguarding_carry_on_form" if in_form else "utter_safeguarding_carry_on")
        return []
