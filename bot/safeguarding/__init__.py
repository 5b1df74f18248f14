"""Safeguarding: find disclosures of harm or risk in every message, signpost at once, alert a person.

detector.py + normalise.py + phrases.yml: is this a disclosure? (plain Python)
nlu_component.py: the Rasa NLU step that runs the detector on every message (imported by Rasa only)
alerts.py: the alert store, and recovery of alerts the action server missed
notifier.py: webhook/email notifications from a durable outbox, retried with backoff
cli.py: `sendvoice safeguarding list|close|retry`; health.py: the `sendvoice doctor` check
"""
