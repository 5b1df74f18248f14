"""Rasa store glue: the lock store is chosen by one URL, like the database.

Rasa's endpoints.yml picks a lock store class by name and cannot default an environment variable, so this
class turns LOCK_STORE_URL into the right store: empty means in memory (one instance), redis:// or rediss://
means Redis, which several Rasa instances need so one conversation's messages are handled in order.
"""
from __future__ import annotations

from urllib.parse import unquote, urlparse

from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

KEY_PREFIX = "sendvoice"


def lock_store_for_url(url: str) -> LockStore:
    if not url:
        return InMemoryLockStore()
    parsed = urlparse(url)
    if parsed.scheme not in ("redis", "rediss"):
        raise ValueError(f"LOCK_STORE_URL must start with redis:// or rediss://, not {parsed.scheme or url!r}")
    database = parsed.path.lstrip("/") or "0"
    return RedisLockStore(
        host=parsed.hostname or "localhost",
        port=parsed.port or 6379,
        db=int(database),
        username=unquote(parsed.username) if parsed.username else None,
        password=unquote(parsed.password) if parsed.password else None,
        use_ssl=parsed.scheme == "rediss",
        key_prefix=KEY_PREFIX,
    )


class UrlLockStore:
    """Named in endpoints.yml; Rasa calls it with the endpoint config and gets back a real lock store."""

    def __new__(cls, endpoint_config: EndpointConfig) -> LockStore:  # type: ignore[misc]
        return lock_store_for_url(endpoint_config.url or "")
