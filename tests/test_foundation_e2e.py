"""The assistant answers people over the REST webhook, with a real trained model and both real servers."""
import requests
from sqlalchemy import create_engine, text

import pytest

pytestmark = pytest.mark.e2e


def test_greeting_is_answered_with_what_we_can_do(assistant, new_sender):
    reply = assistant.say(new_sender, "hiya")
    assert "SEND Voice" in reply
    assert "FEEDBACK" in reply


def test_help_explains_in_one_short_message(assistant, new_sender):
    messages = assistant.send(new_sender, "what can u do")
    assert len(messages) == 1
    assert "FEEDBACK" in messages[0]["text"]
    assert len(messages[0]["text"]) <= 320  # two SMS segments


def test_gibberish_gets_the_fallback_not_a_guess(assistant, new_sender):
    reply = assistant.say(new_sender, "qwzx plorf vlemb")
    assert "I didn't understand" in reply


def test_start_again_resets_the_conversation(assistant, new_sender):
    assistant.say(new_sender, "hello")
    reply = assistant.say(new_sender, "can we start again")
    assert "start again" in reply.lower()


def test_conversation_is_kept_in_the_sqlite_tracker_store(assistant, new_sender):
    assistant.say(new_sender, "hello")
    engine = create_engine(assistant.database_url, future=True)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT type_name FROM events WHERE sender_id = :sender"), {"sender": new_sender}
        ).scalars().all()
    engine.dispose()
    assert "user" in rows and "bot" in rows


def test_action_server_is_up_beside_rasa(assistant):
    response = requests.get(f"{assistant.servers.action_url}/health", timeout=5)
    assert response.json() == {"status": "ok"}


def test_rasa_http_api_is_not_exposed_without_a_token(assistant, new_sender):
    assistant.say(new_sender, "hello")
    response = requests.get(f"{assistant.url}/conversations/{new_sender}/tracker", timeout=5)
    assert response.status_code in (401, 403, 404)
    assert "\"events\"" not in response.text  # no conversation content comes back
