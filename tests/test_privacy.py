"""Pseudonymisation: one person gets one key whatever way their number is written, and no number leaks."""
from bot import privacy

SECRET = "unit-test-secret"


def test_one_phone_in_any_spelling_gives_one_conversation_id():
    spellings = ["07700 900123", "+447700900123", "0044 7700 900123", "(07700) 900-123", "447700900123"]
    ids = {privacy.sms_sender_id(number, SECRET) for number in spellings}
    assert len(ids) == 1


def test_conversation_id_holds_no_digits_of_the_number():
    sender_id = privacy.sms_sender_id("07700900123", SECRET)
    assert "7700900123" not in sender_id and "900123" not in sender_id


def test_key_depends_on_the_secret():
    assert privacy.sms_sender_id("07700900123", "a") != privacy.sms_sender_id("07700900123", "b")
    assert privacy.respondent_key("web-123", "a") != privacy.respondent_key("web-123", "b")


def test_officer_can_find_a_conversation_from_a_phone_or_a_session_id():
    assert privacy.sender_id_for("07700 900123", SECRET) == privacy.sms_sender_id("+447700900123", SECRET)
    assert privacy.sender_id_for("web-5f2c", SECRET) == "web-5f2c"
