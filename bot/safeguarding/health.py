"""`sendvoice doctor` check: is every safeguarding alert recorded, and has every duty officer been told?"""
from __future__ import annotations

from typing import List

from bot.doctor import FAIL, OK, WARN, Finding
from bot.settings import Settings


def check_safeguarding(config: Settings) -> List[Finding]:
    from bot.migrations import pending_migrations
    from bot.safeguarding.alerts import list_alerts, missed_disclosures
    from bot.safeguarding.notifier import configured_transports, undelivered

    try:
        if pending_migrations(config.database_url):
            return []  # check_database already says to migrate; the alert tables may not exist yet
    except Exception:  # unreachable database: check_database says so in a sentence
        return []
    findings = []
    if not configured_transports(config):
        findings.append(Finding(WARN, "Nobody is told about safeguarding alerts: set SAFEGUARDING_WEBHOOK_URL "
                                      "and/or SAFEGUARDING_EMAIL (alerts are kept; see `sendvoice safeguarding list`)."))
    if config.safeguarding_email and not config.smtp_host:
        findings.append(Finding(FAIL, "SAFEGUARDING_EMAIL is set but SMTP_HOST is empty: alert emails cannot be sent."))
    missed = missed_disclosures(config.database_url)
    if missed:
        findings.append(Finding(FAIL, f"{len(missed)} disclosure(s) in the conversation store have no safeguarding "
                                      "alert (the action server missed them): run `sendvoice safeguarding retry` now."))
    waiting = undelivered(config.database_url)
    failing = [row for row in waiting if row.attempts > 0]
    if failing:
        oldest = failing[0]
        findings.append(Finding(FAIL, f"{len(failing)} safeguarding notification(s) not delivered, oldest alert "
                                      f"#{oldest.alert_id} ({oldest.transport}, {oldest.attempts} attempt(s)): "
                                      f"{oldest.last_error}. Fix it, then run `sendvoice safeguarding retry`."))
    open_alerts = list_alerts(config.database_url)
    if open_alerts:
        findings.append(Finding(WARN, f"{len(open_alerts)} open safeguarding alert(s), oldest #{open_alerts[0].id} "
                                      f"from {open_alerts[0].created_at:%Y-%m-%d %H:%M} UTC: "
                                      "see `sendvoice safeguarding list`."))
    if not findings:
        findings.append(Finding(OK, "Safeguarding: no open alerts, every notification delivered."))
    return findings
