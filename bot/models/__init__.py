"""Database models. Each feature owns one module; importing them here gives Alembic the whole metadata."""
from bot.db import Base  # noqa: F401
from bot.models import feedback  # noqa: F401
from bot.models import safeguarding  # noqa: F401
from bot.models import sms  # noqa: F401
