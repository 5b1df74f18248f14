"""SMS text composition: GSM-7 safety, segment counting, sentence splitting, numbered choices."""
import pytest

from channels.sms_text import (
    compose_reply,
    is_gsm7,
    segment_count,
    split_into_messages,
    to_gsm7,
)


def test_curly_quotes_dashes_and_ellipses_become_plain_gsm7():
    text = "It\u2019s \u201cfree\u201d \u2013 call us\u2026 8am\u20136pm \u2014 Mon\u00a0to\u00a0Fri"
    assert to_gsm7(text) == 'It\'s "free" - call us... 8am-6pm - Mon to Fri'


def test_emoji_are_dropped_and_accents_fall_back_to_plain_letters():
    assert to_gsm7("Thanks \U0001F44D\U0001F3FD see you \u2764\ufe0f") == "Thanks see you"
    assert to_gsm7("Dzi\u0119kuj\u0119 \u0107wiczenia") == "Dziekuje cwiczenia"
    # Letters GSM-7 has of its own are kept as they are.
    assert to_gsm7("caf\u00e9 \u00e0 \u00fc\u00f1") == "caf\u00e9 \u00e0 \u00fc\u00f1"


def test_one_curly_quote_would_cost_ucs2_segments_until_normalised():
    text = "We\u2019ll " + "x" * 150
    assert segment_count(text) == 3  # 156 UCS-2 characters: 3 x 67
    assert segment_count(to_gsm7(text)) == 1


@pytest.mark.parametrize("length, segments", [(1, 1), (160, 1), (161, 2), (306, 2), (307, 3)])
def test_gsm7_segment_boundaries(length, segments):
    assert segment_count("a" * length) == segments


def test_extended_characters_count_twice_and_are_never_split():
    assert segment_count("{" * 80) == 1  # 160 septets
    assert segment_count("{" * 81) == 2
    # 152 plain characters then an escaped one: it cannot straddle the segment end, so it moves on.
    assert segment_count("a" * 152 + "[" + "a" * 152) == 3


def test_short_text_is_one_message():
    assert split_into_messages("Call SENDIASS for free advice.") == ["Call SENDIASS for free advice."]


def test_long_text_is_split_at_sentence_ends_into_two_segment_messages():
    sentences = [f"Sentence number {n} tells you one useful thing about SEND support." for n in range(1, 13)]
    messages = split_into_messages(" ".join(sentences))
    assert len(messages) > 1
    for message in messages:
        assert segment_count(message) <= 2
        assert message.endswith(".")  # every cut is at a sentence end
    assert " ".join(messages) == " ".join(sentences)


def test_a_sentence_longer_than_two_segments_is_cut_between_words():
    sentence = " ".join(["word"] * 200) + "."
    messages = split_into_messages(sentence)
    assert all(segment_count(m) <= 2 for m in messages)
    assert " ".join(messages) == sentence


def test_a_single_enormous_word_still_fits():
    messages = split_into_messages("x" * 1000)
    assert all(segment_count(m) <= 2 for m in messages)
    assert "".join(messages) == "x" * 1000


def test_buttons_become_numbered_choices_and_payloads_keep_their_order():
    texts, payloads = compose_reply([
        {"text": "What would you like?", "buttons": [
            {"title": "Find help", "payload": "/find_help"},
            {"title": "Have my say", "payload": "/feedback"},
        ]},
    ])
    assert texts == ["What would you like?\nReply 1 for Find help, 2 for Have my say."]
    assert payloads == ["/find_help", "/feedback"]


def test_second_set_of_buttons_in_one_turn_continues_the_numbering():
    texts, payloads = compose_reply([
        {"text": "First?", "buttons": [{"title": "A", "payload": "/a"}]},
        {"text": "Second?", "buttons": [{"title": "B", "payload": "/b"}, {"title": "C", "payload": "/c"}]},
    ])
    assert "Reply 2 for B, 3 for C." in texts[0]
    assert payloads == ["/a", "/b", "/c"]


def test_composed_replies_are_always_gsm7_and_two_segments_at_most():
    long_text = "Here\u2019s what we found \U0001F50D. " * 30
    texts, _ = compose_reply([{"text": long_text}, {"text": "Anything else?"}])
    assert texts
    for text in texts:
        assert is_gsm7(text)
        assert segment_count(text) <= 2
