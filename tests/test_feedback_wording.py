"""How the form reads a reply and how it asks, for every kind of person and both channels (no servers needed)."""
import pytest

from channels.sms_keywords import STOP_WORDS
from channels.sms_text import compose_reply, fits, is_gsm7
from bot.feedback.commands import BACK, EXPLAIN, RESTART, SKIP, START, STOP, command_in
from bot.feedback.questions import (
    AGE_BAND, CHOICES, CONSENT, DISTRICT, FORM_SLOTS, NEEDS_TO_HAPPEN, OTHER, PARENT, PRACTITIONER, ROLE, TOPIC,
    WORKING_WELL, YOUNG_PERSON, choice_for, consent_from, prompt_for,
)

ROLES = (None, PARENT, YOUNG_PERSON, PRACTITIONER, OTHER)
TOPICS = [None] + [choice.value for choice in CHOICES[TOPIC]]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("slot", FORM_SLOTS)
def test_every_sms_question_is_one_text_of_two_segments_in_plain_gsm_characters(slot, role):
    for topic in TOPICS:
        prompt = prompt_for(slot, role, topic, sms=True)
        assert is_gsm7(prompt.text), prompt.text  # written that way, not cleaned up by the channel
        # What the SMS channel makes of it: buttons become "Reply 1 for ..., 2 for ...".
        [text], payloads = compose_reply([{"text": prompt.text, "buttons": prompt.buttons}])
        assert fits(text), text
        assert not STOP_WORDS & set(text.upper().replace(".", " ").replace(",", " ").split()), text
    if slot in (ROLE, AGE_BAND, DISTRICT, TOPIC):
        assert "Reply 1 for" in text and len(payloads) >= 3
    else:
        assert payloads == []  # free answers and yes/no are typed, so "1" stays an answer


def test_a_young_person_gets_the_age_choices_of_young_people():
    prompt = prompt_for(AGE_BAND, YOUNG_PERSON, None, sms=True)
    [text], payloads = compose_reply([{"text": prompt.text, "buttons": prompt.buttons}])
    assert text == ("How old are you?\nReply 1 for 11 to 15, 2 for 16 to 18, 3 for 19 to 25, "
                    "4 for Prefer not to say.")
    assert [choice_for(AGE_BAND, payload, YOUNG_PERSON) for payload in payloads[:3]] == ["11-15", "16-18", "19-25"]
    assert choice_for(AGE_BAND, "1", YOUNG_PERSON) == "11-15"
    assert choice_for(AGE_BAND, "1", PARENT) == "0-4"


@pytest.mark.parametrize("slot", [AGE_BAND, DISTRICT, TOPIC, WORKING_WELL, NEEDS_TO_HAPPEN, CONSENT])
def test_a_young_person_is_asked_differently_from_a_parent(slot):
    young = prompt_for(slot, YOUNG_PERSON, "education", sms=False).text
    parent = prompt_for(slot, PARENT, "education", sms=False).text
    assert young != parent or slot == DISTRICT  # both live somewhere: "Which area do you live in?"
    if slot != DISTRICT:
        assert "your child" not in young


def test_web_questions_have_buttons_and_optional_ones_can_be_declined():
    role = prompt_for(ROLE, None, None, sms=False)
    assert [b["title"] for b in role.buttons] == ["Parent or carer", "Young person", "I work with children", "Other"]
    district = prompt_for(DISTRICT, PARENT, None, sms=False)
    assert district.buttons[-1]["title"] == "Prefer not to say"
    assert [b["payload"] for b in prompt_for(CONSENT, PARENT, None, sms=False).buttons] == ["yes", "no"]
    # Every button sends a reply the form understands.
    for slot in (ROLE, AGE_BAND, DISTRICT, TOPIC):
        for button in prompt_for(slot, PARENT, None, sms=False).buttons[:len(CHOICES[slot])]:
            assert choice_for(slot, button["payload"], PARENT) is not None


@pytest.mark.parametrize("reply, slot, expected", [
    ("2", ROLE, YOUNG_PERSON), ("Im his mum", ROLE, PARENT), ("foster carer", ROLE, PARENT),
    ("i'm a SENCO", ROLE, PRACTITIONER), ("1.", ROLE, PARENT), (" 4 ", ROLE, OTHER), ("9", ROLE, None),
    ("my son is 7", AGE_BAND, "5-10"), ("she's 17", AGE_BAND, "16-18"), ("30", AGE_BAND, None),
    ("Loughborough", DISTRICT, "charnwood"), ("coalville", DISTRICT, "north_west_leicestershire"),
    ("hinckley & bosworth", DISTRICT, "hinckley_and_bosworth"), ("leicester", DISTRICT, None),
    ("the bus", TOPIC, "transport"), ("CAMHS", TOPIC, "health"), ("school transport", TOPIC, None),
    ("", ROLE, None), ("🙂", ROLE, None),
])
def test_replies_become_choices_only_when_clear(reply, slot, expected):
    assert choice_for(slot, reply) == expected


@pytest.mark.parametrize("reply, expected", [
    ("yes", True), ("Yeah!", True), ("ok", True), ("1", True), ("no", False), ("NO THANKS", False), ("2", False),
    ("nah", False), ("maybe", None), ("", None),
])
def test_consent_is_a_clear_yes_or_no(reply, expected):
    assert consent_from(reply) is expected


def test_consent_falls_back_on_the_intent_for_other_ways_of_saying_it():
    assert consent_from("go for it mate", "affirm") is True
    assert consent_from("i would prefer you didnt", "deny") is False


@pytest.mark.parametrize("message, command", [
    ("skip", SKIP), ("Skip this one", SKIP), ("prefer not to say", SKIP), ("go back", BACK), ("BACK", BACK),
    ("stop", STOP), ("Stop.", STOP), ("i want to stop", STOP), ("bye", STOP), ("start again", RESTART),
    ("Start over!", RESTART), ("FEEDBACK", START), ("i want to have my say", START), ("help", EXPLAIN),
    ("what do you mean?", EXPLAIN), ("more help", None), ("help with homework", None),
    # Whole-message phrases only: these are answers.
    ("stop the bus being late", None), ("Stop making us fight for everything", None), ("no", None),
    ("skipping meals because of stress", None), ("back pain from the wheelchair", None),
    ("start again the EHCP from scratch", None), ("nothing", None), ("I want to give feedback on CAMHS", None),
])
def test_steering_words_count_only_as_a_whole_short_message(message, command):
    assert command_in(message) == command
