"""Consultation feedback shared by the action server and the `sendvoice` command (no Rasa imports here)."""
