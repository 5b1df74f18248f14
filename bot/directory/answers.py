"""Write directory results and facts as replies: short plain text for SMS, fuller text and buttons for web chat.

An SMS reply must fit two GSM-7 segments (bot.constants.SMS_REPLY_LIMIT) and use only GSM-7 characters: one
curly quote or emoji would switch the whole message to UCS-2 and cut each segment to 67 characters.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence

from bot.constants import SMS_REPLY_LIMIT
from bot.directory.facts import Fact
from bot.directory.search import Match, Query

GSM_SAFE = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
                          "\u2026": "...", "\u00a0": " "})

# Choices offered when a question is too broad: the commonest things parents ask for.
BROAD_CHOICES = (("Autism", "need", "autism"), ("Speech and language", "need", "speech and language"),
                 ("ADHD", "need", "ADHD"), ("Short breaks", "category", "short breaks"),
                 ("Transport", "category", "transport"), ("Therapy", "category", "therapy"))


@dataclass
class Reply:
    text: str
    buttons: List[Dict[str, str]] = field(default_factory=list)


def gsm(text: str) -> str:
    """Swap typographic characters for their GSM-7 equivalents and drop anything else outside ASCII."""
    return text.translate(GSM_SAFE).encode("ascii", "ignore").decode("ascii")


def fit_sms(parts: Sequence[str], limit: int = SMS_REPLY_LIMIT) -> str:
    """Join parts in order of importance, leaving out later ones that would not fit; never cut mid-word."""
    text = ""
    for part in filter(None, parts):
        candidate = f"{text}\n{part}" if text else part
        if len(gsm(candidate)) <= limit:
            text = candidate
    text = gsm(text)
    if len(text) > limit:  # even the first part is too long: cut at a word and say so
        text = text[: limit - 3].rsplit(" ", 1)[0] + "..."
    return text


def describe(query: Query) -> str:
    what = query.category or "help"
    if query.need:
        what = f"{what} for {query.need}"
    if query.district:
        what = f"{what} in {query.district}"
    if query.age is not None:
        what = f"{what} at age {query.age}"
    return what


def _button(title: str, intent: str, entity: Optional[str] = None, value: Optional[str] = None) -> Dict[str, str]:
    payload = f"/{intent}" + (f'{{"{entity}":"{value}"}}' if entity else "")
    return {"title": title, "payload": payload}


def services_reply(matches: Sequence[Match], query: Query, sms: bool, local_offer_url: str) -> Reply:
    heading = f"Here is what I found for {describe(query)}:"
    if sms:
        # Two or three services with their one line if that fits; else two or three names and numbers, which is
        # what a parent acts on; one service alone only when even that is too long.
        counts = [count for count in (3, 2) if count <= len(matches)] or [len(matches)]
        attempts = [(count, True) for count in counts] + [(count, False) for count in counts] + [(1, True), (1, False)]
        for count, with_line in attempts:
            lines = [heading] + [_sms_line(index, match, with_line) for index, match in enumerate(matches[:count], 1)]
            text = gsm("\n".join(lines))
            if len(text) <= SMS_REPLY_LIMIT:
                return Reply(fit_sms([text, _area_hint(query, matches)]))
        return Reply(fit_sms([heading, _sms_line(1, matches[0], False)]))
    blocks = [heading] + [_web_block(match) for match in matches]
    hint = _area_hint(query, matches)
    if hint:
        blocks.append(hint)
    blocks.append(f"See everything in the Local Offer: {local_offer_url}")
    return Reply("\n\n".join(blocks), [_button("Free advice (SENDIASS)", "ask_sendiass"),
                                      _button("Short breaks", "find_service", "category", "short breaks"),
                                      _button("What is an EHC plan?", "ask_ehc_plan")])


def _sms_line(index: int, match: Match, with_line: bool) -> str:
    contact = match.phone or match.url or match.email or ""
    line = f"{index}. {match.name}"
    if with_line and match.one_line:
        line += f": {match.one_line}"
    return f"{line} - {contact}" if contact else line


def _web_block(match: Match) -> str:
    lines = [match.name]
    if match.one_line:
        lines.append(match.one_line + ".")
    if match.phone:
        lines.append(f"Phone: {match.phone}")
    if match.url:
        lines.append(f"Website: {match.url}")
    if match.ehc_plan_needed:
        lines.append("Places are through an EHC plan.")
    return "\n".join(lines)


def _area_hint(query: Query, matches: Sequence[Match]) -> str:
    if query.district is None and matches:
        return "Tell me your town for services near you."
    return ""


def follow_up_question(sms: bool) -> Reply:
    if sms:
        return Reply(gsm("What kind of help are you looking for? For example autism, speech, ADHD, short breaks, "
                         "transport or therapy. Tell me your town and your child's age too."))
    return Reply("What kind of help are you looking for? Choose one or type it, and tell me your town and your "
                 "child's age if you can.",
                 [_button(title, "find_service", entity, value) for title, entity, value in BROAD_CHOICES])


def nothing_found(query: Optional[Query], sendiass: Optional[Match], sms: bool, local_offer_url: str) -> Reply:
    if query is None:
        opening = "I'm not sure what help you need."
    else:
        opening = f"Sorry, I couldn't find {describe(query)} in the Local Offer."
    advice = "SENDIASS gives free, confidential advice and can help you find support"
    if sendiass and sendiass.phone:
        advice += f": call {sendiass.phone}."
    else:
        advice += "."
    if sms:
        return Reply(fit_sms([opening, advice, f"Or try other words, like 'short breaks in Melton'."]))
    return Reply(f"{opening}\n\n{advice}\n\nYou can also look through the whole Local Offer: {local_offer_url}",
                 [_button("Free advice (SENDIASS)", "ask_sendiass"), _button("Start again", "start_again")])


def fact_reply(fact: Fact, contact: Optional[Match], sms: bool, local_offer_url: str,
               related: Sequence[Fact] = ()) -> Reply:
    link = fact.link.replace("{local_offer_url}", local_offer_url)
    contact_line = f"Call {contact.name}: {contact.phone}." if contact and contact.phone else ""
    if sms:
        short_contact = f"Call {contact.short_name}: {contact.phone}" if contact and contact.phone else ""
        return Reply(fit_sms([fact.sms, short_contact, link]))
    text = "\n\n".join(filter(None, [fact.web, contact_line, f"Read more: {link}", f"(Checked {fact.checked}.)"]))
    return Reply(text, [_button(other.title, other.intent) for other in related])
