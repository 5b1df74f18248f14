"""Carrier keywords (STOP / START / HELP and Twilio's synonyms) and the fixed texts the SMS channel sends itself.

Twilio's own opt-out handling reacts to these same words, so our opt-out records agree with what Twilio blocks.
"""
from __future__ import annotations

import re
from typing import Optional

STOP, START, HELP = "stop", "start", "help"

STOP_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"})
# YES is an opt-in word only for someone who has opted out: otherwise "yes" is an answer to the assistant.
START_WORDS = frozenset({"START", "UNSTOP"})
START_WORDS_WHEN_OPTED_OUT = START_WORDS | {"YES"}
HELP_WORDS = frozenset({"HELP", "INFO"})

# A keyword is the whole message, in any case, with stray spaces or punctuation around it ("Stop.", " STOP!").
_KEYWORD_SHAPE = re.compile(r"^\W*([A-Za-z]+)\W*$")

STOP_REPLY = "You will not get any more texts from SEND Voice. Text START if you want to use it again."
START_REPLY = ("Welcome to SEND Voice from the council. Ask about help for children with SEND (special needs), "
               "or text FEEDBACK to have your say. Text STOP to stop.")
# Carriers require an answer to HELP; someone in trouble may send just that word, so it also says where to turn.
HELP_REPLY = ("SEND Voice is the council's text service about help for children with SEND (special needs). "
              "Ask a question, or text FEEDBACK to have your say. In danger now? Call 999. Text STOP to stop.")
EMPTY_REPLY = "Your text was empty. Ask about SEND help, like 'speech therapy' or 'EHC plan', or text HELP."
MEDIA_ONLY_REPLY = "Sorry, I can only read words, not pictures or files. Please type your question."
SLOW_REPLY = "Sorry, that is taking longer than usual. Please wait a minute, then text it again."
RATE_LIMITED_REPLY = ("You have sent a lot of texts. We have kept them, but we will not reply for a few minutes. "
                      "In danger, call 999.")
ERROR_REPLY = "Sorry, something went wrong on our side. Please text that again."


def keyword(body: str, opted_out: bool) -> Optional[str]:
    """STOP, START, HELP or None for a message body."""
    match = _KEYWORD_SHAPE.match(body or "")
    if not match:
        return None
    word = match.group(1).upper()
    if word in STOP_WORDS:
        return STOP
    if word in (START_WORDS_WHEN_OPTED_OUT if opted_out else START_WORDS):
        return START
    if word in HELP_WORDS:
        return HELP
    return None


def choice_reply(count: int) -> str:
    return f"Please reply with a number from 1 to {count}, or type your question."
