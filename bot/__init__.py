"""SEND Voice: shared code (settings, database, privacy helpers, the `sendvoice` command)."""
