"""Switching from the single-machine defaults to PostgreSQL + Redis, and refusing configurations that can't work."""
import uuid

import pytest
import requests

from bot import settings
from bot.launcher import ServerStartError, check_configuration
from bot.rasa_stores import lock_store_for_url
from tests.conftest import REDIS_URL


def test_empty_lock_store_url_means_in_memory_for_one_instance():
    from rasa.core.lock_store import InMemoryLockStore

    assert isinstance(lock_store_for_url(""), InMemoryLockStore)


@pytest.mark.redis
def test_two_instances_see_each_others_conversation_locks_in_real_redis():
    from rasa.core.lock_store import RedisLockStore

    instance_a, instance_b = lock_store_for_url(REDIS_URL), lock_store_for_url(REDIS_URL)
    assert isinstance(instance_a, RedisLockStore)
    conversation = f"test-{uuid.uuid4().hex}"
    ticket = instance_a.issue_ticket(conversation)
    try:
        assert instance_b.is_someone_waiting(conversation)  # B must wait for A's turn on this conversation
    finally:
        instance_a.cleanup(conversation, ticket)
    assert not instance_b.is_someone_waiting(conversation)  # A's turn over: B may go


def test_a_lock_store_url_that_is_not_redis_is_refused():
    with pytest.raises(ValueError, match="redis://"):
        lock_store_for_url("mysql://somewhere")


@pytest.mark.parametrize("env, instances, message", [
    ({"DATABASE_URL": "not a url"}, 1, "DATABASE_URL is not a database URL"),
    ({"LOCK_STORE_URL": "memcached://x"}, 1, "LOCK_STORE_URL must start with redis://"),
    ({"DATABASE_URL": "sqlite:////tmp/x.db", "LOCK_STORE_URL": "redis://127.0.0.1"}, 2, "PostgreSQL"),
    ({"DATABASE_URL": "postgresql://postgres@127.0.0.1/test"}, 2, "Redis lock store"),
])
def test_configurations_that_cannot_work_are_refused_with_a_sentence(env, instances, message):
    with pytest.raises(ServerStartError, match=message):
        check_configuration(settings.load(env), instances)


def test_postgres_and_redis_for_several_instances_is_accepted():
    check_configuration(settings.load({"DATABASE_URL": "postgresql://postgres@127.0.0.1/test",
                                       "LOCK_STORE_URL": "redis://127.0.0.1:6379/0"}), 2)


@pytest.mark.e2e
def test_oversized_request_gets_413_and_the_service_carries_on(assistant, new_sender):
    response = requests.post(f"{assistant.url}/webhooks/rest/webhook",
                             json={"sender": new_sender, "message": "x" * 200_000}, timeout=30)
    assert response.status_code == 413
    assert "SEND Voice" in assistant.say(new_sender, "hello")
