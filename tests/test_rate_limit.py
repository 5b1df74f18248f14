"""Per-sender rate limit: a flood from one number is stopped, other senders and the next window are not."""
import uuid

import pytest

from bot.rate_limit import RateLimiter
from tests.conftest import REDIS_URL


class FakeClock:
    def __init__(self):
        self.now = 1_000_000.0

    def __call__(self):
        return self.now


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
def limiter_factory(request):
    redis_url = REDIS_URL if request.param == "redis" else ""
    return lambda limit, window, clock: RateLimiter(limit, window, redis_url, clock=clock)


def test_sender_over_the_limit_is_stopped_others_are_not(limiter_factory):
    clock = FakeClock()
    limiter = limiter_factory(3, 600, clock)
    flooding, other = f"a-{uuid.uuid4().hex}", f"b-{uuid.uuid4().hex}"
    assert [limiter.allow(flooding) for _ in range(5)] == [None, None, None, 1, 2]
    assert limiter.allow(other) is None


def test_next_window_starts_afresh(limiter_factory):
    clock = FakeClock()
    limiter = limiter_factory(1, 60, clock)
    sender = f"c-{uuid.uuid4().hex}"
    assert limiter.allow(sender) is None
    assert limiter.allow(sender) == 1
    clock.now += 60
    assert limiter.allow(sender) is None


@pytest.mark.redis
def test_two_instances_share_one_count_through_redis():
    clock = FakeClock()
    instance_a = RateLimiter(2, 600, REDIS_URL, clock=clock)
    instance_b = RateLimiter(2, 600, REDIS_URL, clock=clock)
    sender = f"d-{uuid.uuid4().hex}"
    assert instance_a.allow(sender) is None
    assert instance_b.allow(sender) is None
    assert instance_a.allow(sender) == 1


def test_nonsense_limits_are_refused():
    with pytest.raises(ValueError):
        RateLimiter(0, 60)
