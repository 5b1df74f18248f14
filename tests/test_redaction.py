"""Redaction: what a participation officer exports or quotes must not identify anyone."""
import pytest

from bot.redaction import redact


@pytest.mark.parametrize("text, leaked", [
    ("call me on 07700 900123 anytime", "900123"),
    ("my number is +44 7700 900 123", "900 123"),
    ("ring 0116-496-0123 after 3", "496"),
    ("(0116) 496 0123 is the office", "496 0123"),
    ("mobile 07700900123.", "07700900123"),
    ("0044 7700 900123", "900123"),
    ("email me at jane.doe+send@example.co.uk please", "jane.doe"),
    ("my email is JOE_BLOGGS@Example.com", "BLOGGS"),
    ("we live at LE11 3TU", "LE11"),
    ("postcode le113tu", "le113tu"),
    ("near LE65 2AB in Coalville", "LE65"),
    ("my son Jack has autism", "Jack"),
    ("my daughter, Emily, is 9", "Emily"),
    ("my son oliver cant get a camhs appt", "oliver"),
    ("her teacher Mrs Patel is brilliant", "Patel"),
    ("Mr O'Brien the SENCO never replies", "O'Brien"),
    ("my name is kayleigh and im 15", "kayleigh"),
    ("Dr Khan said wait 18 months", "Khan"),
    ("he goes to Woodbrook Vale Primary School", "Woodbrook"),
    ("St Mary's C of E Primary were great", "Mary"),
    ("Sophie has been waiting two years", "Sophie"),
    ("my son Jack Smith is 9", "Smith"),
    ("St Mary's C of E Primary were great", "Primary"),
    ("Year 11 at Castle Rock High School", "Castle"),
    ("see www.example.org/my-page?id=12", "example.org"),
])
def test_personal_data_is_removed(text, leaked):
    assert leaked not in redact(text)


@pytest.mark.parametrize("text", [
    "my son is autistic and the bus is always late",
    "my daughter has waited 18 weeks for an EHC plan",
    "the school said 6 weeks, it took 20 weeks",
    "we waited 2 years and 3 months",
    "I will never give up on him",
    "it costs £10,000 a year",
    "the SENCO has been amazing this year",
    "Year 9 is when they should start talking about college",
    "<script>alert(1)</script> is not a name",
    "Мой сын не говорит",  # other languages pass through
    "The High Needs block pays the top-up",
    "The School said no",
    "my son called me",
    "😀😀 thanks",
    "please can someone call me back about college",  # "call me" then an ordinary word, not a name
    "call me later pls",
])
def test_ordinary_words_are_kept(text):
    assert redact(text) == text


def test_placeholders_keep_the_sentence_readable():
    assert redact("my son Jack is at Hillside Primary School, call 07700 900123") == \
        "my son [name] is at [school], call [phone]"


def test_empty_text_stays_empty():
    assert redact("") == ""
