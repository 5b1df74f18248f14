"""The feedback form's custom actions: start or resume, ask each question in the right words for the person and
channel, validate and save each answer as it is given, and finish (thank, or confirm a stop).

Everything about wording and parsing lives in bot/feedback/ (no Rasa there); storage in bot/feedback/storage.py.
"""
from __future__ import annotations

import uuid
from abc import ABC, abstractmethod
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot import settings
from bot.constants import SAFEGUARDING_INTENT, SMS_CHANNEL
from bot.feedback import storage
from bot.feedback.commands import BACK, EXPLAIN, RESTART, START, STOP, command_in, word_count
from bot.feedback.questions import (
    ANSWER_QUESTIONS, CONSENT, DETAIL_FIELDS, FORM_SLOTS, OPTIONAL_SLOTS, OTHER, ROLE, SKIPPED, TOPIC,
    YOUNG_PERSON, choice_for, consent_from, explain, label_of, prompt_for, sorry_for,
)
from bot.privacy import respondent_key

FORM = "feedback_form"
SUBMISSION_ID = "feedback_submission_id"
STOPPED = "feedback_stopped"
REQUESTED_SLOT = "requested_slot"
START_INTENT = "feedback_start"
# Chit-chat that, as a whole short message, is talk to the assistant rather than an answer. Not out_of_scope:
# feedback about things the assistant knows nothing of ("my teachers listen to me") often lands there; nor help:
# "more help" is an answer to "what needs to happen" (a bare "help" is explained by the EXPLAIN phrases).
CHITCHAT_INTENTS = {"greet", "bot_challenge", "thank"}
# Intents that never mean "I changed the subject": a bare "no" or an unclear message can be an answer.
ANSWER_LIKE_INTENTS = {None, "nlu_fallback", "affirm", "deny", START_INTENT}
# An identical message this soon after the last one is a repeat, not the answer to the next question. Short
# replies ("no", "skip", "1") are left alone: the same short answer to two questions is common.
REPEAT_WINDOW_SECONDS = 60
REPEAT_MIN_WORDS = 3
# Our own steps inside one turn; any other action since the person's message means the form is being
# re-entered after an interruption, and the message was already dealt with.
_FORM_STEPS = {"action_listen", "action_extract_slots", FORM, f"validate_{FORM}"}


def is_sms(tracker: Tracker) -> bool:
    return tracker.get_latest_input_channel() == SMS_CHANNEL


def _database_url() -> str:
    return settings.load().database_url


def _intent(tracker: Tracker) -> tuple:
    intent = tracker.latest_message.get("intent") or {}
    return intent.get("name"), float(intent.get("confidence") or 0.0)


def _changes_subject(text: str, intent: Optional[str], confidence: float, free_text: bool) -> bool:
    """True when a message is talk to the assistant (a question, hello, help) rather than an answer."""
    if intent in ANSWER_LIKE_INTENTS:
        return False
    if intent in CHITCHAT_INTENTS and word_count(text) <= 4 and confidence >= 0.5:
        return True
    if text.strip().endswith("?") and intent != "out_of_scope" and word_count(text) <= 12 and confidence >= 0.7:
        # A short question another part of the assistant answers; the form then asks again. Long messages and
        # questions we cannot answer anyway ("Why??" at the end of a complaint) are kept as answers.
        return True
    return not free_text and confidence >= 0.7


def _message_already_handled(tracker: Tracker) -> bool:
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "action_execution_rejected":
            return True
        if event.get("event") == "action" and event.get("name") not in _FORM_STEPS:
            return True
    return False


def _is_double_send(tracker: Tracker) -> bool:
    """The same words sent again within a minute (a double tap, a retried request): not the next answer."""
    users = [event for event in reversed(tracker.events) if event.get("event") == "user"][:2]
    if len(users) < 2 or word_count(users[0].get("text")) < REPEAT_MIN_WORDS:
        return False
    latest, previous = users
    close_in_time = abs((latest.get("timestamp") or 0) - (previous.get("timestamp") or 0)) <= REPEAT_WINDOW_SECONDS
    return close_in_time and latest.get("text") == previous.get("text")


def _new_submission_events() -> List[EventType]:
    return [SlotSet(slot, None) for slot in FORM_SLOTS] + [
        SlotSet(SUBMISSION_ID, str(uuid.uuid4())), SlotSet(STOPPED, False),
    ]


class _Record:
    """Where this conversation's answers go: its submission, keyed by a hash of the sender, never the number."""

    def __init__(self, tracker: Tracker):
        self.public_id = tracker.get_slot(SUBMISSION_ID) or str(uuid.uuid4())
        self.respondent = respondent_key(tracker.sender_id)
        self.channel = tracker.get_latest_input_channel()
        self.url = _database_url()

    def details(self, **values) -> None:
        storage.save_details(self.url, self.public_id, self.respondent, self.channel, **values)

    def answer(self, question: str, text: Optional[str]) -> None:
        storage.save_answer(self.url, self.public_id, self.respondent, self.channel, question, text)


class ActionFeedbackStart(Action):
    """FEEDBACK, "I want to have my say", the web button or yes to an offer: start, or carry on where they stopped."""

    def name(self) -> Text:
        return "action_feedback_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        if tracker.get_slot(SUBMISSION_ID):
            dispatcher.utter_message(text="Welcome back. Let's carry on from where you stopped.")
            return [SlotSet(STOPPED, False)]
        if is_sms(tracker):
            # Not STOP or END: over SMS those unsubscribe the person from every text (channels/sms_keywords.py).
            intro = ("Thanks for having your say. It takes 2 minutes. Reply SKIP to skip a question, BACK to go "
                     "back, or LATER to finish another time.")
        else:
            intro = ("Thanks for having your say. It takes about 2 minutes. You can skip any question, "
                     "type back to change your last answer, or type stop at any time.")
        dispatcher.utter_message(text=intro)
        return _new_submission_events()


class ActionAskFeedbackQuestion(Action, ABC):
    """Asks one form question, worded for the person (parent, young person ...) and the channel."""

    slot: Text = ""

    @abstractmethod
    def name(self) -> Text:
        """action_ask_<slot>, which is how the form finds the action that asks for a slot."""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        prompt = prompt_for(self.slot, tracker.get_slot(ROLE), tracker.get_slot(TOPIC), is_sms(tracker))
        dispatcher.utter_message(text=prompt.text, buttons=prompt.buttons or None)
        return []


# One ask action per question (Rasa finds them by name: action_ask_<slot>).
for _slot in FORM_SLOTS:
    globals()[f"ActionAsk_{_slot}"] = type(f"ActionAsk_{_slot}", (ActionAskFeedbackQuestion,), {
        "slot": _slot, "name": lambda self: f"action_ask_{self.slot}"})


class ValidateFeedbackForm(FormValidationAction):
    """Reads every reply while the form waits: an answer (saved at once), a steering word, or another subject."""

    def name(self) -> Text:
        return f"validate_{FORM}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        slot = tracker.get_slot(REQUESTED_SLOT)
        if slot not in FORM_SLOTS or _message_already_handled(tracker):
            return []
        text = tracker.latest_message.get("text") or ""
        intent, confidence = _intent(tracker)
        if intent == SAFEGUARDING_INTENT:
            # Rejecting hands the turn to the safeguarding response; the form then asks its question again.
            return []
        record = _Record(tracker)
        events = self._read_reply(slot, text, intent, confidence, record, dispatcher, tracker)
        if events and not tracker.get_slot(SUBMISSION_ID):
            # The form was started some other way than action_feedback_start: keep every answer on one submission.
            events.append(SlotSet(SUBMISSION_ID, record.public_id))
        return events

    def _read_reply(self, slot, text, intent, confidence, record: _Record, dispatcher, tracker) -> List[EventType]:
        if slot == CONSENT:
            consent = consent_from(text, intent if confidence >= 0.6 else None)
            if consent is not None:
                record.details(consent=consent)
                return [SlotSet(CONSENT, consent)]
        command = command_in(text)
        if command is None and (slot not in ANSWER_QUESTIONS or text.startswith("/")) and confidence >= 0.6:
            # Where no free text is expected (or a button sent an intent), the NLU model may also recognise
            # "start again" or "bye". In a free-text answer only the phrase list counts: "stop the bus being
            # late" is an answer.
            command = {"start_again": RESTART, "goodbye": STOP, START_INTENT: START}.get(intent)
        if command is not None:
            return self._steer(command, slot, record, dispatcher, tracker)
        if slot in ANSWER_QUESTIONS:
            return self._free_text(slot, text, intent, confidence, record, dispatcher, tracker)
        if slot in DETAIL_FIELDS:
            value = choice_for(slot, text, tracker.get_slot(ROLE))
            if value is not None:
                record.details(**{DETAIL_FIELDS[slot]: value})
                return [SlotSet(slot, value)]
        if _changes_subject(text, intent, confidence, free_text=False):
            return []
        dispatcher.utter_message(text=sorry_for(slot, is_sms(tracker)))
        return [SlotSet(slot, None)]

    @staticmethod
    def _free_text(slot, text, intent, confidence, record: _Record, dispatcher, tracker) -> List[EventType]:
        if not text.strip():
            dispatcher.utter_message(text="Sorry, that message was empty. Type your answer, or SKIP.")
            return [SlotSet(slot, None)]
        if _changes_subject(text, intent, confidence, free_text=True):
            return []
        if _is_double_send(tracker):
            dispatcher.utter_message(text="I already have that answer.")
            return [SlotSet(slot, None)]
        # The person's exact words: not stripped, not corrected, not lower-cased.
        record.answer(ANSWER_QUESTIONS[slot], text)
        return [SlotSet(slot, text)]

    @staticmethod
    def _steer(command: str, slot: str, record: _Record, dispatcher, tracker) -> List[EventType]:
        if command == START:
            dispatcher.utter_message(text="We're doing your feedback now. Here is the question again.")
            return [SlotSet(slot, None)]
        if command == EXPLAIN:
            dispatcher.utter_message(text=explain(slot, is_sms(tracker)))
            return [SlotSet(slot, None)]
        if command == STOP:
            return [SlotSet(STOPPED, True), SlotSet(REQUESTED_SLOT, None)]
        if command == RESTART:
            storage.discard(record.url, record.public_id)
            dispatcher.utter_message(text="OK, let's start your feedback again.")
            return _new_submission_events() + [SlotSet(REQUESTED_SLOT, FORM_SLOTS[0])]
        if command == BACK:
            position = FORM_SLOTS.index(slot)
            if position == 0:
                dispatcher.utter_message(text="This is the first question.")
                return [SlotSet(slot, None)]
            previous = FORM_SLOTS[position - 1]
            dispatcher.utter_message(text="OK, let's go back.")
            return [SlotSet(previous, None), SlotSet(slot, None), SlotSet(REQUESTED_SLOT, previous)]
        # SKIP: optional questions are left blank; the rest get the answer that commits to nothing.
        if slot in ANSWER_QUESTIONS:
            record.answer(ANSWER_QUESTIONS[slot], None)
            return [SlotSet(slot, SKIPPED)]
        if slot == CONSENT:
            record.details(consent=False)
            return [SlotSet(CONSENT, False)]
        value = None if slot in OPTIONAL_SLOTS else OTHER
        record.details(**{DETAIL_FIELDS[slot]: value})
        return [SlotSet(slot, value or SKIPPED)]


class ActionFeedbackFinish(Action):
    """After the form: thank and confirm, or confirm a stop and say how to carry on."""

    def name(self) -> Text:
        return "action_feedback_finish"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        if tracker.get_slot(STOPPED):
            dispatcher.utter_message(text="OK, I've stopped. I've kept the answers you gave. Text FEEDBACK "
                                          "today to carry on, or ask me anything else.")
            return []
        record = _Record(tracker)
        storage.mark_complete(record.url, record.public_id, record.respondent, record.channel)
        answered = sum(tracker.get_slot(slot) not in (None, SKIPPED) for slot in ANSWER_QUESTIONS)
        young = tracker.get_slot(ROLE) == YOUNG_PERSON
        thanks = "Thank you, that really helps." if young else "Thank you for your feedback."
        topic = label_of(TOPIC, tracker.get_slot(TOPIC))
        about = f" about {topic.lower()}" if topic and tracker.get_slot(TOPIC) != OTHER else ""
        saved = f"We have saved your {answered} answer{'s' if answered != 1 else ''}{about}." if answered else ""
        use = ("We may use your words in reports, with anything that identifies you taken out."
               if tracker.get_slot(CONSENT) else "We will not use your words in reports.")
        dispatcher.utter_message(text=" ".join(part for part in (thanks, saved, use) if part))
        return [SlotSet(SUBMISSION_ID, None), SlotSet(STOPPED, False)]
