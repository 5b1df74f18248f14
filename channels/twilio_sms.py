"""Twilio SMS input channel: signed webhooks in, TwiML replies out, at /webhooks/twilio/webhook.

Replaces Rasa's stock Twilio connector, which checks no signatures and replies through Twilio's REST API.
Here every request's X-Twilio-Signature is checked, each MessageSid is processed once (Twilio retries),
STOP/START/HELP are honoured, and Rasa's replies go back in the webhook response as GSM-7 safe texts of at
most two segments each. Conversation id = keyed hash of the phone number; the number itself is never logged
nor handed to Rasa.
"""
from __future__ import annotations

import asyncio
import logging
import re
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text, Tuple
from urllib.parse import parse_qs

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sqlalchemy.exc import DBAPIError
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from bot import privacy, settings
from bot.constants import SMS_CHANNEL
from bot.rate_limit import RateLimiter
from bot.safeguarding.detector import is_disclosure
from channels import sms_keywords
from channels.sms_store import DUPLICATE, SmsStore
from channels.sms_text import compose_reply

logger = logging.getLogger(__name__)

# Twilio gives up on a webhook after 15 s; leave room for the network and the database.
REPLY_DEADLINE_SECONDS = 10.0
DUPLICATE_POLL_SECONDS = 0.2
_CHOICE_NUMBER = re.compile(r"^\s*(\d{1,2})\s*[.)]?\s*$")

# A guard runs after the signature check and may answer instead of the assistant:
# (request, conversation_id) -> None to go on, or the response to send.
class TwilioForm(dict):
    """Form fields as lists, blanks kept: Twilio signs empty fields too, and Sanic's own parser drops them."""

    def getlist(self, name: str) -> List[str]:
        return self.get(name, [])

    def first(self, name: str, default: str = "") -> str:
        values = self.get(name)
        return values[0] if values else default


def parse_form(body: bytes) -> TwilioForm:
    return TwilioForm(parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True))


def public_url(request: Request, public_base_url: str) -> str:
    """The URL Twilio called, as Twilio saw it: behind a proxy that is not the URL this server received."""
    path = request.path + (f"?{request.query_string}" if request.query_string else "")
    if public_base_url:
        return public_base_url.rstrip("/") + path
    forwarded_proto = request.headers.get("x-forwarded-proto", "").split(",")[0].strip()
    forwarded_host = request.headers.get("x-forwarded-host", "").split(",")[0].strip()
    return f"{forwarded_proto or request.scheme}://{forwarded_host or request.host}{path}"


def media_count(form: TwilioForm) -> int:
    raw = form.first("NumMedia", "0").strip()
    return int(raw) if raw.isdigit() else 0


def twiml(texts: List[str]) -> HTTPResponse:
    reply = MessagingResponse()
    for text in texts:
        reply.message(text)
    return response.text(str(reply), content_type="application/xml; charset=utf-8")


class SmsReplyCollector(CollectingOutputChannel):
    """Collects a turn's replies for the TwiML response. Named like the input channel, so domain responses can
    have SMS wordings (`channel: twilio` variations) that Rasa picks for texts."""

    @classmethod
    def name(cls) -> Text:
        return SMS_CHANNEL


def _log_late_failure(task: "asyncio.Future") -> None:
    if not task.cancelled() and task.exception() is not None:
        logger.error("A slow SMS failed after its holding reply was sent.", exc_info=task.exception())


class TwilioSmsInput(InputChannel):
    """Registered in credentials.yml as `channels.twilio_sms.TwilioSmsInput`; settings come from the environment."""

    reply_deadline_seconds = REPLY_DEADLINE_SECONDS

    @classmethod
    def name(cls) -> Text:
        return SMS_CHANNEL

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        # Secrets stay in the environment (bot.settings), never in credentials.yml.
        config = settings.load()
        # Several instances count in Redis (the lock store's server) so a sender's limit holds across them.
        limiter = RateLimiter(config.sms_rate_limit, config.sms_rate_window_seconds, config.lock_store_url)
        return cls(config.twilio_auth_token, config.public_base_url, config.database_url, config.secret_key, limiter)

    def __init__(self, auth_token: str, public_base_url: str, database_url: str, secret_key: str,
                 rate_limiter: Optional[RateLimiter] = None):
        self.rate_limiter = rate_limiter
        self.validator = RequestValidator(auth_token) if auth_token else None
        self.public_base_url = public_base_url
        self.store = SmsStore(database_url)
        self.secret_key = secret_key
        if not auth_token:
            logger.warning("TWILIO_AUTH_TOKEN is not set: every SMS webhook will be refused with 403.")

    def signature_is_valid(self, request: Request, form: TwilioForm) -> bool:
        signature = request.headers.get("x-twilio-signature", "")
        if self.validator is None or not signature:
            return False
        return self.validator.validate(public_url(request, self.public_base_url), form, signature)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        sms_webhook = Blueprint("twilio_sms_webhook", __name__)

        @sms_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sms_webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            form = parse_form(request.body)
            if not self.signature_is_valid(request, form):
                logger.warning("Refused an SMS webhook with a missing or wrong X-Twilio-Signature.")
                return response.text("Forbidden: bad or missing X-Twilio-Signature", status=403)
            message_sid = form.first("MessageSid") or form.first("SmsSid")
            phone = form.first("From")
            if not message_sid or not phone:
                return response.text("Bad request: MessageSid and From are required", status=400)
            conversation_id = privacy.sms_sender_id(phone, self.secret_key)
            try:
                texts = await self.answer_once(on_new_message, form, message_sid, conversation_id)
            except DBAPIError:
                # The database is down: nothing was claimed or written. 503 lets Twilio retry the same MessageSid.
                logger.error("SMS %s not processed: the database is unavailable.", message_sid)
                return response.text("Service unavailable: please retry", status=503, headers={"Retry-After": "30"})
            return twiml(texts)

        return sms_webhook

    async def answer_once(self, on_new_message, form: TwilioForm, message_sid: str, conversation_id: str) -> List[str]:
        """Process a MessageSid once; a repeated delivery gets the texts the first one got."""
        # The sender's state is read beside the claim rather than after it: one database wait, not two.
        claim, state = await asyncio.gather(asyncio.to_thread(self.store.claim, message_sid, conversation_id),
                                            asyncio.to_thread(self.store.sender_state, conversation_id))
        if claim == DUPLICATE:
            logger.info("SMS %s from %s is a repeat delivery: answering without processing.",
                        message_sid, conversation_id)
            return await self.replies_of_first_delivery(message_sid)
        work = asyncio.ensure_future(self.respond(on_new_message, form, message_sid, conversation_id, state))
        try:
            texts = await asyncio.wait_for(asyncio.shield(work), timeout=self.reply_deadline_seconds)
        except asyncio.TimeoutError:
            # The assistant carries on in the background (its answer is kept in the tracker); Twilio must not wait.
            logger.warning("SMS %s took over %.0fs: sent a holding reply.", message_sid, self.reply_deadline_seconds)
            texts = [sms_keywords.SLOW_REPLY]
            work.add_done_callback(_log_late_failure)
        except Exception:
            logger.exception("SMS %s from %s could not be processed.", message_sid, conversation_id)
            await self.release_quietly(message_sid)
            return [sms_keywords.ERROR_REPLY]
        await asyncio.to_thread(self.store.record_replies, message_sid, texts)
        return texts

    async def release_quietly(self, message_sid: str) -> None:
        """Nothing was half-done: let a retry of this MessageSid be processed afresh. If the database is the
        thing that failed, the claim is taken over once it is ABANDONED_CLAIM_AFTER old instead."""
        try:
            await asyncio.to_thread(self.store.release, message_sid)
        except Exception:  # noqa: BLE001 - the original failure is already logged
            logger.warning("Could not release the claim on SMS %s; a retry may take it over later.", message_sid)

    async def replies_of_first_delivery(self, message_sid: str) -> List[str]:
        deadline = asyncio.get_running_loop().time() + self.reply_deadline_seconds
        while True:
            stored = await asyncio.to_thread(self.store.stored_replies, message_sid)
            if stored is not None:
                return stored
            if asyncio.get_running_loop().time() > deadline:
                return []  # the first delivery is still running; it answers the sender itself
            await asyncio.sleep(DUPLICATE_POLL_SECONDS)

    async def respond(self, on_new_message, form: TwilioForm, message_sid: str, conversation_id: str,
                      state: Tuple[bool, List[str]]) -> List[str]:
        body = form.first("Body").replace("¡", "@")  # some carriers turn the GSM "@" into "¡"
        opted_out, choices = state

        word = sms_keywords.keyword(body, opted_out)
        if word == sms_keywords.STOP:
            await asyncio.to_thread(self.store.opt_out, conversation_id)
            logger.info("SMS sender %s opted out.", conversation_id)
            return [sms_keywords.STOP_REPLY]
        if word == sms_keywords.START:
            await asyncio.to_thread(self.store.opt_in, conversation_id)
            return [sms_keywords.START_REPLY]
        if word == sms_keywords.HELP:
            return [sms_keywords.HELP_REPLY]

        if not body.strip():
            if opted_out:
                return []
            return [sms_keywords.MEDIA_ONLY_REPLY if media_count(form) else sms_keywords.EMPTY_REPLY]

        number = _CHOICE_NUMBER.match(body)
        if choices and number:
            chosen = int(number.group(1))
            if not 1 <= chosen <= len(choices):
                return [] if opted_out else [sms_keywords.choice_reply(len(choices))]
            body = choices[chosen - 1]

        over_limit = await asyncio.to_thread(self.rate_limiter.allow, conversation_id) if self.rate_limiter else None
        collector = SmsReplyCollector()
        # An opted-out or over-the-limit sender's text still reaches the assistant, so a disclosure of harm is
        # never missed (safeguarding alerts a person) and feedback is kept; only the paid-for reply is withheld,
        # except signposting for a disclosure, which always goes.
        await on_new_message(UserMessage(
            body, collector, conversation_id, input_channel=self.name(), message_id=message_sid,
            metadata={"sms": {"num_media": media_count(form)}},
        ))
        texts, payloads = compose_reply(collector.messages)
        if payloads or choices:
            await asyncio.to_thread(self.store.offer_choices, conversation_id, payloads)
        if over_limit is not None and not is_disclosure(body):
            logger.warning("SMS sender %s is %d over the rate limit: reply withheld.", conversation_id, over_limit)
            return [sms_keywords.RATE_LIMITED_REPLY] if over_limit == 1 and not opted_out else []
        return [] if opted_out else texts
