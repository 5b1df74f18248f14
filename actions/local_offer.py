"""Local Offer answers: find services in the directory, and explain the SEND system from the facts file.

The work is done by bot.directory (search, facts, reply wording); these actions only read the conversation and
send the reply in the shape the channel needs (short, no buttons, on SMS).
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot import settings
from bot.constants import SMS_CHANNEL
from bot.db import session_scope
from bot.directory import answers, facts
from bot.directory.search import Match, Query, age_from_text, query_from_words, search

logger = logging.getLogger(__name__)


def _is_sms(tracker: Tracker) -> bool:
    return tracker.get_latest_input_channel() == SMS_CHANNEL


def _entity(tracker: Tracker, name: str) -> Optional[str]:
    values = [entity.get("value") for entity in tracker.latest_message.get("entities", []) if entity.get("entity") == name]
    return str(values[0]) if values and values[0] else None


def _send(dispatcher: CollectingDispatcher, reply: answers.Reply, sms: bool) -> None:
    if sms or not reply.buttons:
        dispatcher.utter_message(text=reply.text)
    else:
        dispatcher.utter_message(text=reply.text, buttons=reply.buttons)


def _best(query: Query, limit: int = 3) -> List[Match]:
    with session_scope(settings.load().database_url) as session:
        return search(session, query, limit=limit)


def sendiass_contact() -> Optional[Match]:
    found = _best(Query(category="SENDIASS"), limit=1)
    return found[0] if found else None


class ActionFindService(Action):
    def name(self) -> Text:
        return "action_find_service"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        sms = _is_sms(tracker)
        config = settings.load()
        said = {name: _entity(tracker, name) for name in ("need", "category", "district", "age")}
        # Where and how old carry over from earlier in the conversation; what kind of help carries over only when
        # this message names none (e.g. "and in Melton?" or "what about for a 15 year old").
        district = said["district"] or tracker.get_slot("service_district")
        age = age_from_text(said["age"])
        if age is None and tracker.get_slot("child_age") is not None:
            age = int(tracker.get_slot("child_age"))
        need, category = said["need"], said["category"]
        if not (need or category):
            need, category = tracker.get_slot("service_need"), tracker.get_slot("service_category")
        elif category and not need:
            need = tracker.get_slot("service_need")
        query = query_from_words(need, category, district, age)
        remembered = [SlotSet("service_district", query.district),
                      SlotSet("child_age", float(age) if age is not None else None)]

        if query.too_broad:
            if tracker.get_slot("service_question_asked"):
                # One follow-up question only: a second would feel like a quiz. Offer a person instead.
                _send(dispatcher, answers.nothing_found(None, sendiass_contact(), sms, config.local_offer_url), sms)
                return remembered + [SlotSet("service_question_asked", False)]
            _send(dispatcher, answers.follow_up_question(sms), sms)
            return remembered + [SlotSet("service_question_asked", True)]

        matches = _best(query)
        logger.info("directory search %s -> %d match(es)", query, len(matches))
        if matches:
            reply = answers.services_reply(matches, query, sms, config.local_offer_url)
        else:
            reply = answers.nothing_found(query, sendiass_contact(), sms, config.local_offer_url)
        _send(dispatcher, reply, sms)
        return remembered + [SlotSet("service_need", query.need), SlotSet("service_category", query.category),
                             SlotSet("service_question_asked", False)]


class ActionExplainSend(Action):
    def name(self) -> Text:
        return "action_explain_send"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        if tracker.get_slot("service_question_asked") and (_entity(tracker, "need") or _entity(tracker, "category")):
            # "short breaks" in answer to "what kind of help?" asks for services, not for an explanation.
            return await ActionFindService().run(dispatcher, tracker, domain)
        sms = _is_sms(tracker)
        config = settings.load()
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        fact = facts.for_intent(intent)
        if fact is None:  # a rule points here for an intent the facts file lacks: say so, don't guess
            logger.error("no fact in %s for intent %s", facts.FACTS_FILE, intent)
            dispatcher.utter_message(response="utter_default")
            return []
        contact = None
        if fact.contact:
            found = _best(query_from_words(category=fact.contact, district=tracker.get_slot("service_district")), 1)
            contact = found[0] if found else None
        related = [facts.load()[topic] for topic in fact.related if topic in facts.load()]
        _send(dispatcher, answers.fact_reply(fact, contact, sms, config.local_offer_url, related), sms)
        return []
