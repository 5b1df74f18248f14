"""What a message means while the feedback form is waiting: an answer, or one of the few things people say to
steer a form (skip, back, stop, start again).

Commands are recognised only when the whole message is one of these short phrases, never by a keyword inside
a longer message: "stop the bus being late" is an answer, "stop" is a command. Decided here, not by the NLU
model, so a person's words are never lost to a misclassification.
"""
from __future__ import annotations

import re
from typing import Optional

SKIP, BACK, STOP, RESTART, START, EXPLAIN = "skip", "back", "stop", "restart", "start", "explain"

_PHRASES = {
    SKIP: """skip | skip it | skip this | skip this one | skip that | skip question | skip this question | skip pls
        | skip please | pass | next | next question | no comment | prefer not to say | rather not say
        | id rather not say | i would rather not say | dont want to say | i dont want to say | not saying
        | dont want to answer | i dont want to answer that | na""",
    BACK: """back | go back | previous | previous question | last question | undo | change my answer
        | change answer | can i change my answer | wait go back | oops go back | back please
        | go back please""",
    STOP: """stop | end | cancel | quit | exit | stop this | stop it | stop please | please stop | i want to stop
        | i want to stop now | no more | enough | finish | leave | stop feedback | cancel feedback | end feedback
        | i dont want to do this | dont want to do this anymore | later | do this later | ill finish later
        | finish later | carry on later | not now | bye | goodbye | gotta go | got to go""",
    RESTART: """start again | start over | restart | reset | begin again | from the top | start from the beginning
        | can we start again | lets start again | start again please | start feedback again | redo | do it again""",
    # Asking for the form while already in it (or a resent first message): the question is asked again.
    START: """feedback | give feedback | leave feedback | i want to give feedback | have my say | have ur say
        | i want to have my say | i wanna have my say | feedbak | fedback | feedback feedback""",
    EXPLAIN: """help | help me | help pls | what | huh | eh | pardon | sorry | i dont understand | dont understand
        | i dont get it | dont get it | what do you mean | what does that mean | what do i say | confused
        | im confused | what do i put | not sure what to say""",
}
_COMMANDS = {
    phrase.strip(): command
    for command, phrases in _PHRASES.items()
    for phrase in phrases.split("|")
}

_APOSTROPHES = re.compile(r"['’‘`]")
_NOT_WORDS = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")


def normalise(text: Optional[str]) -> str:
    """Lower case, apostrophes dropped ("don't" -> "dont"), other punctuation to spaces, single spaces."""
    text = _APOSTROPHES.sub("", (text or "").lower())
    return _SPACES.sub(" ", _NOT_WORDS.sub(" ", text)).strip()


def command_in(text: Optional[str]) -> Optional[str]:
    """SKIP, BACK, STOP, RESTART, START or EXPLAIN when the whole message is a steering phrase, else None
    (the message is an answer)."""
    return _COMMANDS.get(normalise(text))


def word_count(text: Optional[str]) -> int:
    return len(normalise(text).split())
