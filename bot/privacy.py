"""Pseudonymisation: the only place a phone number or session id turns into a stored key.

UK GDPR (brief section 5): store a keyed hash of a phone number, never the number beside feedback.
"""
from __future__ import annotations

import hashlib
import hmac
import re
from typing import Optional

from bot import settings

_NON_DIGITS = re.compile(r"[^\d+]")


def normalise_phone(raw: str) -> str:
    """UK numbers in any common spelling become E.164 (+447700900123) so one person has one key."""
    number = _NON_DIGITS.sub("", raw.strip())
    if number.startswith("00"):
        number = "+" + number[2:]
    elif number.startswith("0"):
        number = "+44" + number[1:]
    elif number and not number.startswith("+"):
        number = "+" + number
    return number


def keyed_hash(value: str, secret: Optional[str] = None) -> str:
    key = (secret or settings.load().secret_key).encode("utf-8")
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()


def sms_sender_id(phone: str, secret: Optional[str] = None) -> str:
    """The Rasa conversation id for an SMS sender: no raw number reaches the tracker store or logs."""
    return "sms-" + keyed_hash("tel:" + normalise_phone(phone), secret)[:40]


def respondent_key(sender_id: str, secret: Optional[str] = None) -> str:
    """The key stored beside feedback and alerts for any channel's conversation id."""
    return keyed_hash("sender:" + sender_id, secret)


def sender_id_for(sender: str, secret: Optional[str] = None) -> str:
    """What an officer types (a phone number or a web chat session id) to the conversation id it became."""
    looks_like_phone = re.fullmatch(r"\+?[\d\s()-]{7,20}", sender.strip()) is not None
    return sms_sender_id(sender, secret) if looks_like_phone else sender.strip()
