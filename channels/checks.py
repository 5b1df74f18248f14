"""`sendvoice doctor` checks for the SMS channel (appended to bot.doctor.CHECKS). No Rasa imports."""
from __future__ import annotations

from typing import List
from urllib.parse import urlparse

from bot.doctor import OK, WARN, Finding
from bot.settings import Settings


def check_sms(config: Settings) -> List[Finding]:
    findings = []
    if not config.twilio_auth_token:
        findings.append(Finding(WARN, "TWILIO_AUTH_TOKEN is not set: the SMS webhook refuses every text (403). "
                                      "Copy the auth token from your Twilio console to turn SMS on."))
    base = urlparse(config.public_base_url)
    if not config.public_base_url:
        findings.append(Finding(WARN, "PUBLIC_BASE_URL is not set: SMS signatures are checked against the address "
                                      "your proxy reports (X-Forwarded-Proto/Host). Set it to the https address "
                                      "Twilio calls, e.g. https://sendvoice.example.gov.uk."))
    elif base.scheme != "https" or not base.netloc:
        findings.append(Finding(WARN, f"PUBLIC_BASE_URL is {config.public_base_url!r}: it should be the https "
                                      "address Twilio calls, or every SMS signature check will fail."))
    if not findings:
        findings.append(Finding(OK, f"SMS webhook: {config.public_base_url.rstrip('/')}/webhooks/twilio/webhook "
                                    "(signatures checked)."))
    return findings
