"""The disclosure detector on its own (no Rasa): how children and parents write, and the false alarms to avoid."""
import pytest

from benchmarks.safeguarding_eval import ORDINARY_FILE, RISK_FILE, read_messages
from bot.safeguarding.detector import Detector, PhraseListError
from bot.safeguarding.normalise import normalise


@pytest.fixture(scope="module")
def detector():
    return Detector.load()


@pytest.mark.parametrize("written, plain", [
    ("i wanna die", "i want to die"),
    ("KMS", "kill myself"),
    ("i want 2 d1e", "i want to die"),
    ("i want to diiiiie", "i want to die"),
    ("I’m not safe at home!!!", "i am not safe at home"),
    ("he touchd me", "he touched me"),
    ("im sucidal", "i am suicidal"),
    ("kill my self", "kill myself"),
    ("my step dad", "my stepdad"),
    ("he abussed me", "he abused me"),  # one slip from a risk word, and not an English word
    ("i feel billing", "i feel billing"),  # a real word is never 'corrected' into a risk word
])
def test_messages_are_read_as_plain_words(detector, written, plain):
    assert normalise(written, detector.keywords) == plain


@pytest.mark.parametrize("message, category", [
    ("i wanna die", "suicide"),
    ("kms", "suicide"),
    ("my son said he wants to kill himself", "suicide"),
    ("ive been cutting my arms again", "self_harm"),
    ("my stepdad hurts me", "physical_abuse"),
    ("someone touched me", "abuse"),
    ("an older man online keeps asking for nudes", "exploitation"),
    ("im not safe at home", "unsafe_or_neglect"),
])
def test_disclosures_are_found_with_their_kind(detector, message, category):
    detection = detector.detect(message)
    assert detection.is_disclosure
    assert category in detection.categories


@pytest.mark.parametrize("message", [
    "my son hit his head at school and nobody told me",
    "im just killing time while i wait",
    "i'm dying to know when the panel decides",
    "my daughter fell over in pe and hurt herself",
    "he doesnt like people touching him, sensory stuff",
    "she needs help using a knife and fork",
    "it hurts me to see him struggle",
])
def test_known_false_alarms_are_not_flagged(detector, message):
    assert not detector.detect(message).is_disclosure, detector.detect(message).describe()


def test_an_excluded_phrase_does_not_hide_a_real_disclosure_beside_it(detector):
    detection = detector.detect("he hit his head and then my dad hit me")
    assert detection.is_disclosure
    assert "hit me" in detection.describe()


@pytest.mark.parametrize("message", [
    "", "   ", "👍👍👍", "<script>alert('x')</script>", "'; DROP TABLE safeguarding_alerts; --",
    "¿Dónde está la escuela?", "x" * 100_000, "1234567890 " * 500,
])
def test_odd_input_is_answered_without_error_or_alarm(detector, message):
    assert not detector.detect(message).is_disclosure


def test_emoji_and_capitals_do_not_hide_a_disclosure(detector):
    assert detector.detect("I WANT TO DIE 😭😭😭").is_disclosure


def test_an_officer_can_add_a_phrase(tmp_path):
    phrases = tmp_path / "phrases.yml"
    phrases.write_text("groups: {}\ncategories:\n  local_slang:\n    - proper done in\n")
    assert not Detector.load().detect("im proper done in").is_disclosure
    assert Detector.load(phrases).detect("im proper done in").categories == ["local_slang"]


@pytest.mark.parametrize("content, complaint", [
    ("categories:\n  x:\n    - hurt {nobody}\n", "unknown group {nobody}"),
    ("categories:\n  x:\n    - (unclosed\n", "is not a valid pattern"),
    ("groups: {}\n", "no categories"),
])
def test_a_broken_phrase_list_is_reported_clearly(tmp_path, content, complaint):
    phrases = tmp_path / "phrases.yml"
    phrases.write_text(content)
    with pytest.raises(PhraseListError, match=complaint.replace("{", r"\{").replace("(", r"\(")):
        Detector.load(phrases)


def test_the_test_sets_are_big_enough_and_have_no_repeats():
    risk, ordinary = read_messages(RISK_FILE), read_messages(ORDINARY_FILE)
    assert len(risk) >= 60 and len(ordinary) >= 60
    assert len(set(risk)) == len(risk) and len(set(ordinary)) == len(ordinary)
    assert not set(risk) & set(ordinary)


def test_detector_catches_every_risk_message_in_the_test_set(detector):
    missed = [message for message in read_messages(RISK_FILE) if not detector.detect(message).is_disclosure]
    assert missed == []


def test_channels_can_ask_before_dropping_a_message():
    from bot.safeguarding.detector import is_disclosure

    assert is_disclosure("pls help my dad hits me") and not is_disclosure("STOP")
