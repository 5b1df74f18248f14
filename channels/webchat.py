"""Web chat channel: the chat page and its socket.io connection, both under /webhooks/webchat/.

Built on Rasa's socket.io channel parts, with session persistence always on and session ids we issue
ourselves ("web-" + 32 hex digits), so a page can never write into an SMS conversation or invent an id.
A council embeds the page in an iframe on its Local Offer site (see README).
"""
from __future__ import annotations

import logging
import re
import uuid
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOOutput
from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

logger = logging.getLogger(__name__)

WEBCHAT_CHANNEL = "webchat"
SOCKETIO_PATH = "/webhooks/webchat/socket.io"
USER_EVENT, BOT_EVENT = "user_uttered", "bot_uttered"
STATIC_DIR = Path(__file__).resolve().parent / "webchat_static"
_SESSION_ID = re.compile(r"^web-[0-9a-f]{32}$")
_STATIC_TYPES = {".js": "text/javascript", ".css": "text/css"}

# The page loads nothing from elsewhere; frame-ancestors stays open so councils can embed it in an iframe.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors *"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}


def new_session_id() -> str:
    return f"web-{uuid.uuid4().hex}"


def valid_session_id(value: Any) -> bool:
    return isinstance(value, str) and _SESSION_ID.match(value) is not None


class WebChatOutput(SocketIOOutput):
    @classmethod
    def name(cls) -> Text:
        return WEBCHAT_CHANNEL


class WebChatInput(InputChannel):
    """Registered in credentials.yml as `channels.webchat.WebChatInput` (no settings needed)."""

    @classmethod
    def name(cls) -> Text:
        return WEBCHAT_CHANNEL

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        return cls()

    def __init__(self) -> None:
        self.sio: Optional[AsyncServer] = None

    def get_output_channel(self) -> Optional[WebChatOutput]:
        return WebChatOutput(self.sio, BOT_EVENT) if self.sio else None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> SocketBlueprint:
        # cors_allowed_origins=None: only pages from this server (the chat page, also when iframed) may
        # connect; python-engineio honours X-Forwarded-Proto/Host when comparing origins behind a proxy.
        sio = AsyncServer(async_mode="sanic", cors_allowed_origins=None)
        self.sio = sio
        webchat = SocketBlueprint(sio, SOCKETIO_PATH, "webchat_webhook", __name__)

        @webchat.route("/", methods=["GET"])
        async def page(request: Request) -> HTTPResponse:
            if not request.path.endswith("/"):
                # The page's links are relative; a relative redirect also works behind a proxy's path prefix.
                return response.redirect(request.path.rsplit("/", 1)[-1] + "/")
            return await response.file(STATIC_DIR / "index.html", headers=SECURITY_HEADERS,
                                       mime_type="text/html; charset=utf-8")

        @webchat.route("/static/<name:str>", methods=["GET"])
        async def static(_: Request, name: str) -> HTTPResponse:
            return await _static_file(name)

        @webchat.route("/static/vendor/<name:str>", methods=["GET"])
        async def vendored(_: Request, name: str) -> HTTPResponse:
            return await _static_file(f"vendor/{name}")

        @webchat.route("/health", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sio.on("session_request")
        async def session_request(sid: Text, data: Optional[Dict]) -> None:
            # A page coming back after a reload asks for its old session; anything else gets a new one.
            asked = (data or {}).get("session_id") if isinstance(data, dict) else None
            session_id = asked if valid_session_id(asked) else new_session_id()
            previous = await sio.get_session(sid)
            if previous and previous.get("session_id") not in (None, session_id):
                await sio.leave_room(sid, previous["session_id"])  # "Start again": stop hearing the old conversation
            await sio.enter_room(sid, session_id)
            await sio.save_session(sid, {"session_id": session_id})
            await sio.emit("session_confirm", session_id, room=sid)

        @sio.on(USER_EVENT)
        async def handle_message(sid: Text, data: Any) -> None:
            session = await sio.get_session(sid)
            session_id = session.get("session_id") if session else None
            text = data.get("message") if isinstance(data, dict) else None
            if session_id is None or not isinstance(text, str) or not text.strip():
                return  # no session confirmed on this socket, or nothing said: nothing to answer
            if data.get("session_id") not in (None, session_id):
                return  # a socket speaks only for the session it was given
            await on_new_message(UserMessage(
                text.strip(), WebChatOutput(sio, BOT_EVENT), session_id, input_channel=self.name(),
            ))

        return webchat


async def _static_file(name: str) -> HTTPResponse:
    path = (STATIC_DIR / name).resolve()
    if STATIC_DIR not in path.parents or path.suffix not in _STATIC_TYPES or not path.is_file():
        return response.text("Not found", status=404)
    return await response.file(path, headers=SECURITY_HEADERS, mime_type=_STATIC_TYPES[path.suffix])
