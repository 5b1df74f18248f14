"""The feedback form's questions: the choices people pick from, how each question is worded for each kind of
person and channel, and how a reply becomes a choice. Plain English, reading age about 9.

Choices are buttons: web chat shows them, the SMS channel numbers them ("Reply 1 for ..."). SMS prompts use only
GSM-7 characters (no curly quotes or emoji, which would halve the room in a text).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

from bot.feedback.commands import normalise

SKIPPED = "skipped"  # slot value for an optional question the person chose not to answer

ROLE, AGE_BAND, DISTRICT, TOPIC = "feedback_role", "feedback_age_band", "feedback_district", "feedback_topic"
WORKING_WELL, NOT_WORKING, NEEDS_TO_HAPPEN = "feedback_working_well", "feedback_not_working", "feedback_needs_to_happen"
CONSENT = "feedback_consent"

# The order the form asks in.
FORM_SLOTS = (ROLE, AGE_BAND, DISTRICT, TOPIC, WORKING_WELL, NOT_WORKING, NEEDS_TO_HAPPEN, CONSENT)
# Free-text slot -> the question name stored and reported (the consultation's three questions).
ANSWER_QUESTIONS = {WORKING_WELL: "working_well", NOT_WORKING: "not_working", NEEDS_TO_HAPPEN: "needs_to_happen"}
# Choice slot -> the submission column it fills.
DETAIL_FIELDS = {ROLE: "role", AGE_BAND: "age_band", DISTRICT: "district", TOPIC: "topic"}
OPTIONAL_SLOTS = (AGE_BAND, DISTRICT, WORKING_WELL, NOT_WORKING, NEEDS_TO_HAPPEN)

PARENT, YOUNG_PERSON, PRACTITIONER, OTHER = "parent", "young_person", "practitioner", "other"


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    words: Tuple[str, ...] = ()  # other ways people say it, matched as whole words


CHOICES: Dict[str, Tuple[Choice, ...]] = {
    ROLE: (
        Choice(PARENT, "Parent or carer", ("parent", "carer", "mum", "mam", "mom", "mother", "dad", "father",
                                           "foster", "guardian", "grandparent", "nan", "gran", "grandma",
                                           "grandad", "step mum", "stepdad", "adoptive", "kinship", "my son",
                                           "my daughter", "my child", "my kid", "my kids", "my children")),
        Choice(YOUNG_PERSON, "Young person", ("young person", "young people", "teen", "teenager", "student",
                                              "pupil", "me", "myself", "i am the young person")),
        Choice(PRACTITIONER, "I work with children", ("teacher", "senco", "practitioner", "professional", "staff",
                                                      "worker", "nurse", "therapist", "teaching assistant",
                                                      "work with", "health visitor", "doctor")),
        Choice(OTHER, "Other", ("other", "someone else", "something else", "none of these", "none")),
    ),
    AGE_BAND: (
        Choice("0-4", "0 to 4"),
        Choice("5-10", "5 to 10"),
        Choice("11-15", "11 to 15"),
        Choice("16-18", "16 to 18"),
        Choice("19-25", "19 to 25"),
    ),
    DISTRICT: (
        Choice("blaby", "Blaby", ("blaby",)),
        Choice("charnwood", "Charnwood", ("charnwood", "loughborough", "lboro", "shepshed", "syston")),
        Choice("harborough", "Harborough", ("harborough", "market harborough", "lutterworth")),
        Choice("hinckley_and_bosworth", "Hinckley and Bosworth", ("hinckley", "bosworth", "market bosworth")),
        Choice("melton", "Melton", ("melton", "melton mowbray")),
        Choice("north_west_leicestershire", "NW Leicestershire", ("north west", "nw leics", "nwl", "coalville",
                                                                   "ashby", "castle donington")),
        Choice("oadby_and_wigston", "Oadby and Wigston", ("oadby", "wigston")),
        Choice("other", "Somewhere else", ("somewhere else", "other", "elsewhere", "outside", "leicester city")),
    ),
    TOPIC: (
        Choice("education", "School or college", ("school", "college", "nursery", "education", "teacher",
                                                  "senco", "ehcp", "ehc plan", "exclusion", "uni")),
        Choice("health", "Health", ("health", "camhs", "nhs", "doctor", "therapy", "salt", "speech", "ot",
                                    "paediatrician", "hospital", "diagnosis", "mental health", "nurse")),
        Choice("social_care", "Social care", ("social care", "social worker", "short breaks", "respite",
                                              "care", "early help", "direct payments")),
        Choice("transport", "Transport", ("transport", "bus", "taxi", "travel", "minibus")),
        Choice("preparing_for_adulthood", "Growing up and adult life", ("adulthood", "growing up", "adult",
                                                                      "job", "work", "employment", "16",
                                                                      "post 16", "independence", "fe")),
        Choice("information", "Finding information", ("information", "info", "local offer", "website",
                                                      "finding out")),
        Choice("other", "Something else", ("something else", "other", "everything", "all of it", "general")),
    ),
}

TOPIC_PHRASES = {
    "education": "at school or college", "health": "with health services", "social_care": "with social care",
    "transport": "with transport", "preparing_for_adulthood": "with growing up and adult life",
    "information": "with finding information", "other": "",
}
# Young people are 11 to 25 (brief section 1): offering them "0 to 4" would be odd.
YOUNG_PERSON_AGE_BANDS = ("11-15", "16-18", "19-25")
_AGE_IN_WORDS = re.compile(r"\b(\d{1,2})\b")


def choices_for(slot: str, role: Optional[str] = None) -> Tuple[Choice, ...]:
    if slot == AGE_BAND and role == YOUNG_PERSON:
        return tuple(choice for choice in CHOICES[slot] if choice.value in YOUNG_PERSON_AGE_BANDS)
    return CHOICES[slot]


def choice_for(slot: str, text: str, role: Optional[str] = None) -> Optional[str]:
    """The value of the choice a reply means ("2", "young person", "im a mum" ...), or None if unclear."""
    choices = choices_for(slot, role)
    said = normalise(text)
    if not said:
        return None
    if said.isdigit():
        number = int(said)
        if 1 <= number <= len(choices):
            return choices[number - 1].value
        return _age_band_for(number) if slot == AGE_BAND else None
    for choice in choices:
        if said in (normalise(choice.label), normalise(choice.value)):
            return choice.value
    if slot == AGE_BAND:
        match = _AGE_IN_WORDS.search(said)
        return _age_band_for(int(match.group(1))) if match else None
    padded = f" {said} "
    matches = {choice.value for choice in choices for word in choice.words if f" {normalise(word)} " in padded}
    return matches.pop() if len(matches) == 1 else None


def _age_band_for(age: int) -> Optional[str]:
    for value, low, high in (("0-4", 0, 4), ("5-10", 5, 10), ("11-15", 11, 15), ("16-18", 16, 18), ("19-25", 19, 25)):
        if low <= age <= high:
            return value
    return None


def label_of(slot: str, value: Optional[str]) -> Optional[str]:
    return next((choice.label for choice in CHOICES.get(slot, ()) if choice.value == value), None)


_YES = {"yes", "y", "yeah", "yea", "yep", "yup", "ye", "yh", "ya", "ok", "okay", "sure", "fine", "of course",
        "yes please", "yes thats fine", "thats fine", "go ahead", "i agree", "agree", "yes you can", "you can",
        "absolutely", "definitely", "alright", "1"}
_NO = {"no", "n", "nope", "nah", "na", "no thanks", "no thank you", "i dont agree", "dont", "please dont",
       "no you cant", "rather not", "id rather not", "i do not agree", "no way", "never", "2"}


def consent_from(text: str, intent: Optional[str] = None) -> Optional[bool]:
    """True/False for a yes/no reply; the NLU intent (affirm/deny) settles replies our lists do not know."""
    said = normalise(text)
    if said in _YES:
        return True
    if said in _NO:
        return False
    if intent == "affirm":
        return True
    if intent == "deny":
        return False
    return None


# --- wording -----------------------------------------------------------------------------------------------

_FREE_TEXT = {
    WORKING_WELL: {
        PARENT: "What is working well for your child {topic}? Tell us in your own words.",
        YOUNG_PERSON: "What is going well for you {topic}? Anything that helps counts. There are no wrong answers.",
        PRACTITIONER: "What is working well {topic} for the children and families you work with?",
        OTHER: "What is working well {topic}? Tell us in your own words.",
    },
    NOT_WORKING: {
        PARENT: "What is not working well for your child {topic}?",
        YOUNG_PERSON: "What is not going well, or makes things hard for you {topic}? You can be honest.",
        PRACTITIONER: "What is not working well {topic}?",
        OTHER: "What is not working well {topic}?",
    },
    NEEDS_TO_HAPPEN: {
        PARENT: "What needs to happen to make things better for your child {topic}?",
        YOUNG_PERSON: "If you could change one thing {topic}, what would it be?",
        PRACTITIONER: "What needs to happen to make things better {topic}?",
        OTHER: "What needs to happen to make things better {topic}?",
    },
}
_CHOICE_QUESTIONS = {
    ROLE: {None: "First, who are you?"},
    AGE_BAND: {
        PARENT: "How old is your child?", YOUNG_PERSON: "How old are you?",
        PRACTITIONER: "What age are the children you mostly work with?",
        OTHER: "How old is the child or young person this is about?",
    },
    DISTRICT: {
        PARENT: "Which area do you live in?", YOUNG_PERSON: "Which area do you live in?",
        PRACTITIONER: "Which area do you work in?", OTHER: "Which area is this about?",
    },
    TOPIC: {
        PARENT: "What is your feedback mostly about?", YOUNG_PERSON: "What do you want to tell us about?",
        PRACTITIONER: "What is your feedback mostly about?", OTHER: "What is your feedback mostly about?",
    },
}
_CONSENT = {
    YOUNG_PERSON: "Last one. Can we share what you said in reports? We take out your name and anything that "
                  "shows who you are.",
    None: "Last question. May we use your words in reports to the council? We take out names and anything "
          "that could identify you.",
}


@dataclass(frozen=True)
class Prompt:
    text: str
    buttons: List[Dict[str, str]]


def prompt_for(slot: str, role: Optional[str], topic: Optional[str], sms: bool) -> Prompt:
    """The question for `slot`, worded for this person (role) and channel."""
    person = role if role in (PARENT, YOUNG_PERSON, PRACTITIONER, OTHER) else OTHER
    if slot in _FREE_TEXT:
        about = TOPIC_PHRASES.get(topic or "", "")
        question = _FREE_TEXT[slot][person].format(topic=about)
        question = re.sub(r"\s+([?.,])", r"\1", re.sub(r"\s{2,}", " ", question))
        # No skip button over SMS: it would be numbered "1", and "1" can be a real answer to a free question.
        if sms:
            return Prompt(f"{question} Or reply SKIP.", [])
        return Prompt(question, [{"title": "Skip this question", "payload": "skip"}])
    if slot == CONSENT:
        question = _CONSENT.get(person, _CONSENT[None])
        if sms:
            return Prompt(f"{question} Reply YES or NO.", [])
        return Prompt(question, [{"title": "Yes", "payload": "yes"}, {"title": "No", "payload": "no"}])
    wording = _CHOICE_QUESTIONS[slot]
    question = wording.get(person) or wording[None]
    optional = slot in OPTIONAL_SLOTS
    choices = choices_for(slot, role)
    # Buttons on every channel: the SMS channel (channels/sms_text.py) numbers them, "Reply 1 for ..., 2 for
    # ...", and turns a reply of "2" back into the second button's payload.
    buttons = [{"title": choice.label, "payload": choice.label.lower()} for choice in choices]
    if optional:
        buttons.append({"title": "Prefer not to say", "payload": "prefer not to say"})
    return Prompt(question, buttons)


def sorry_for(slot: str, sms: bool) -> str:
    """Said before asking again when a reply did not match any choice."""
    if slot == CONSENT:
        return "Sorry, I need a yes or no."
    if sms:
        return "Sorry, I didn't get that. Please reply with a number."
    return "Sorry, I didn't get that. Please pick one of the buttons, or type your answer."


def explain(slot: str, sms: bool) -> str:
    """Said when someone asks what a question means, before it is asked again."""
    skip = "reply SKIP" if sms else "skip it"
    if slot in _FREE_TEXT:
        return f"Tell us in your own words. There are no wrong answers. If you'd rather not say, {skip}."
    if slot == CONSENT:
        return ("If you say yes, your words may be quoted in reports to the council, without your name or "
                "anything that shows who you are. If you say no, we won't quote you.")
    return f"Pick the answer that fits best. If none fit, {skip}."
