"""What a person reads after a disclosure: every signpost, no promise of secrecy, SMS kept to two segments."""
import re

import pytest
import yaml

from bot.settings import PROJECT_ROOT

DOMAIN = yaml.safe_load((PROJECT_ROOT / "bot" / "domain" / "safeguarding.yml").read_text())
RESPONSES = DOMAIN["responses"]
# GSM 03.38 basic character set: anything else (curly quotes, emoji, bullets) makes an SMS cost 70 characters.
GSM7 = set("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
           "¿abcdefghijklmnopqrstuvwxyzäöñüà")
LONGEST_NUMBER = "+44 (0)116 305 0005 ext 1234"  # a council may well write its number like this


def signposting(variant_filter):
    """The signposting a person gets, as (signpost text, tell-someone text) pairs for each situation."""
    signposts = [v["text"] for v in RESPONSES["utter_safeguarding_signpost"] if variant_filter(v)]
    tell = [v["text"] for v in RESPONSES["utter_safeguarding_tell_someone"] if variant_filter(v)]
    return [(s, t) for s in signposts for t in tell]


def fill(text):
    return re.sub(r"\{council_[a-z_]+_number\}", LONGEST_NUMBER, text)


@pytest.mark.parametrize("channel", ["twilio", None])
def test_every_signpost_is_given_on_every_channel(channel):
    pairs = signposting(lambda variant: variant.get("channel") == channel)
    assert pairs
    for signpost, tell in pairs:
        reply = signpost + "\n" + tell
        for needed in ("999", "Childline", "0800 1111", "NHS 111", "option 2", "Samaritans", "116 123",
                       "SHOUT", "85258"):
            assert needed in reply, f"{needed} missing from {reply!r}"
        assert "we have to tell someone" in tell


def test_the_councils_numbers_are_named_when_configured_and_a_route_is_still_given_when_not():
    for variant in RESPONSES["utter_safeguarding_tell_someone"]:
        if variant.get("condition"):
            assert "NSPCC" in variant["text"] and "{" not in variant["text"]
        else:
            assert "{council_social_care_number}" in variant["text"]
            assert "{council_out_of_hours_number}" in variant["text"]


@pytest.mark.parametrize("response", ["utter_safeguarding_signpost", "utter_safeguarding_tell_someone",
                                      "utter_safeguarding_carry_on", "utter_safeguarding_carry_on_form"])
def test_nothing_promises_secrecy(response):
    for variant in RESPONSES[response]:
        text = variant["text"].lower()
        for promise in ("secret", "confidential", "won't tell", "will not tell", "just between", "promise"):
            assert promise not in text


def test_sms_replies_fit_two_segments_in_plain_gsm_characters():
    for response in RESPONSES.values():
        sms_variants = [v for v in response if v.get("channel") == "twilio"] or [
            v for v in response if not v.get("channel")]  # Rasa falls back to these over SMS
        for variant in sms_variants:
            text = fill(variant["text"])
            assert len(text) <= 306, (len(text), text)
            assert set(text) <= GSM7, set(text) - GSM7
