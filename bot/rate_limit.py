"""Per-sender rate limit (fixed window). Every SMS reply costs the council money, so one number cannot flood us.

With several instances the count must be shared, so it lives in Redis (the lock store's server); a single
instance without Redis counts in memory.
"""
from __future__ import annotations

import threading
import time
from typing import Callable, Dict, Optional, Tuple

KEY_PREFIX = "sendvoice:rate:"


class RateLimiter:
    def __init__(self, limit: int, window_seconds: int, redis_url: str = "",
                 clock: Callable[[], float] = time.time):
        if limit < 1 or window_seconds < 1:
            raise ValueError("a rate limit needs at least 1 message in a window of at least 1 second")
        self.limit = limit
        self.window_seconds = window_seconds
        self._clock = clock
        self._redis = None
        if redis_url:
            import redis

            self._redis = redis.Redis.from_url(redis_url, socket_timeout=2)
        self._counts: Dict[Tuple[str, int], int] = {}
        self._lock = threading.Lock()

    def _window(self) -> int:
        return int(self._clock() // self.window_seconds)

    def hit(self, key: str) -> int:
        """Count one message from `key` and return how many it has sent in this window, this one included."""
        window = self._window()
        if self._redis is not None:
            redis_key = f"{KEY_PREFIX}{key}:{window}"
            pipeline = self._redis.pipeline()
            pipeline.incr(redis_key)
            pipeline.expire(redis_key, self.window_seconds * 2)
            count, _ = pipeline.execute()
            return int(count)
        with self._lock:
            # Old windows are dropped as we go, so memory stays bounded by the senders of one window.
            for stale in [entry for entry in self._counts if entry[1] < window]:
                del self._counts[stale]
            self._counts[(key, window)] = self._counts.get((key, window), 0) + 1
            return self._counts[(key, window)]

    def allow(self, key: str) -> Optional[int]:
        """None when the message may go on; otherwise how many messages over the limit this sender is."""
        count = self.hit(key)
        return None if count <= self.limit else count - self.limit
