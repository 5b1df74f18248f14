"""Tricky cases met in consultation answers, on top of tests/test_redaction.py: what an export must not leak."""
import pytest

from bot.redaction import redact


@pytest.mark.parametrize("text, leaked", [
    ("my son Jack has autism, jack is 7 now", "jack"),  # a name found once is a name everywhere
    ("Mrs Patel rang me. Patel said no again", "Patel"),
    ("my daughter is called amelia-rose", "amelia"),
    ("my sons name is oliver and he is 9", "oliver"),
    ("his name is kai", "kai"),
    ("DM me on insta @jaydenb_2009", "jaydenb"),
    ("our address is 14 Church Lane, Shepshed", "Church Lane"),
    ("email jo.bloggs(at)gmail.com please", "bloggs"),
    ("text me 07700900123.", "07700900123"),
    ("call me on +44 (0)7700-900-123", "900"),
    ("we live in le11 3tu near LE113TU", "3tu"),
    ("He goes to Maplewell Hall School now", "Maplewell"),
    ("Ms. O'Brien and Mr McDonald were great", "McDonald"),
])
def test_identifying_details_in_feedback_are_removed(text, leaked):
    assert leaked.lower() not in redact(text).lower()


@pytest.mark.parametrize("text", [
    "waited 18 months, top-up is £10,000 and he was 40 mins late in Year 9",
    "it took 2 hours on the way and we live 2 miles down the road",
    "my son called me from school",
    "stop the bus being late",
    "NO. Nothing. Absolutely nothing is working 😭😭",
    "'); DROP TABLE feedback_answers; --",
])
def test_what_people_said_about_services_is_kept(text):
    assert redact(text) == text


def test_a_redacted_answer_still_reads_as_a_sentence():
    assert redact("my son Jack is 7. Jack's teacher Mrs Patel (07700 900123) is great") == \
        "my son [name] is 7. [name]'s teacher [name] ([phone]) is great"
