"""Database models. Each feature owns one module; importing them here gives Alembic the whole metadata."""
from bot.db import Base  # noqa: F401

# Feature modules register their tables on import (one line each, keep sorted).
FEATURE_MODULES: list = []
from bot.models import sms  # noqa: E402,F401  (SMS opt-outs, MessageSids, numbered choices)
