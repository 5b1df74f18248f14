"""The web chat's socket.io protocol against the running assistant, as any client (not only our page) speaks it."""
from __future__ import annotations

import queue

import pytest
import socketio

from bot.privacy import sms_sender_id
from channels.webchat import SOCKETIO_PATH
from tests.conftest import TEST_SECRET

pytestmark = pytest.mark.e2e


class ChatClient:
    def __init__(self, url: str):
        self.events: "queue.Queue" = queue.Queue()
        self.client = socketio.Client(reconnection=False)
        self.client.on("session_confirm", lambda session_id: self.events.put(("session", session_id)))
        self.client.on("bot_uttered", lambda message: self.events.put(("bot", message)))
        self.client.connect(url, socketio_path=SOCKETIO_PATH, transports=["polling"], wait_timeout=20)

    def session(self, asked=None) -> str:
        self.client.emit("session_request", {"session_id": asked})
        kind, value = self.events.get(timeout=20)
        assert kind == "session"
        return value

    def say(self, text: str, session_id: str) -> dict:
        self.client.emit("user_uttered", {"message": text, "session_id": session_id})
        kind, value = self.events.get(timeout=30)
        assert kind == "bot"
        return value

    def close(self) -> None:
        # Long-polling clients otherwise wait out the server's 25 s ping interval to say goodbye.
        self.client.eio.disconnect(abort=True)

    def nothing_comes(self, seconds: float = 3.0) -> bool:
        try:
            self.events.get(timeout=seconds)
            return False
        except queue.Empty:
            return True


@pytest.fixture
def chat(assistant):
    client = ChatClient(assistant.url)
    yield client
    client.close()


def test_opening_a_chat_gives_a_welcome_with_quick_replies(chat):
    session_id = chat.session()
    assert session_id.startswith("web-") and len(session_id) == 36
    welcome = chat.say("/open_chat", session_id)
    assert "chat helper" in welcome["text"]
    assert [reply["title"] for reply in welcome["quick_replies"]] == [
        "Have my say", "Find help near me", "What can you do?", "Am I talking to a person?"]
    assert "I can tell you about SEND help" in chat.say(welcome["quick_replies"][2]["payload"], session_id)["text"]


def test_a_page_coming_back_keeps_its_session(chat, assistant):
    session_id = chat.session()
    chat.say("hello", session_id)
    again = ChatClient(assistant.url)
    try:
        assert again.session(session_id) == session_id
    finally:
        again.close()


@pytest.mark.parametrize("asked", [
    sms_sender_id("+447700900123", TEST_SECRET),  # someone else's SMS conversation
    "test-anything", "web-../../etc", "web-" + "g" * 32, 12345,
])
def test_a_page_cannot_choose_a_conversation_id_the_server_did_not_issue(chat, asked):
    session_id = chat.session(asked)
    assert session_id != asked and session_id.startswith("web-")


def test_messages_for_another_session_or_without_one_are_ignored(chat):
    chat.client.emit("user_uttered", {"message": "hello", "session_id": "web-" + "0" * 32})
    assert chat.nothing_comes()  # no session was confirmed on this socket
    session_id = chat.session()
    chat.client.emit("user_uttered", {"message": "hello", "session_id": "web-" + "1" * 32})
    chat.client.emit("user_uttered", {"message": "   ", "session_id": session_id})
    chat.client.emit("user_uttered", "not even a dict")
    assert chat.nothing_comes()
    assert "SEND Voice" in chat.say("hello", session_id)["text"]
