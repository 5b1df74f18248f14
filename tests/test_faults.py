"""Real faults at county scale: two Rasa instances on PostgreSQL with a Redis lock store, one killed mid-form;
PostgreSQL restarted mid-run while Twilio retries. Nothing may be lost or stored twice.

These stop the machine's real PostgreSQL for a few seconds, so they run last (see conftest) and only where the
server can be controlled with pg_ctlcluster (as here and in CI, as root).
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
import uuid
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, select, text
from twilio.request_validator import RequestValidator

from bot.launcher import server_environment, start_instances
from bot.migrations import upgrade_database
from bot.privacy import respondent_key, sms_sender_id
from tests.conftest import REDIS_URL, TEST_SECRET, free_consecutive_ports, free_port

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.redis, pytest.mark.faults]

AUTH_TOKEN = "faults-twilio-token"
PUBLIC_BASE_URL = "https://sendvoice.faults.invalid"
ANSWERS = ["the new SENCO listens to us", "waiting 14 months for CAMHS", "one key worker who stays"]


def postgres_cluster() -> list:
    versions = sorted(os.listdir("/etc/postgresql")) if os.path.isdir("/etc/postgresql") else []
    if not versions or shutil.which("pg_ctlcluster") is None:
        pytest.fail("These fault tests need the local PostgreSQL cluster and pg_ctlcluster (as in CI).")
    return ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main"]


def postgres(action: str) -> None:
    subprocess.run(postgres_cluster() + [action] + (["-m", "fast"] if action == "stop" else []),
                   check=True, capture_output=True, timeout=120)


@pytest.fixture
def two_instances(trained_model, postgres_url, tmp_path):
    upgrade_database(postgres_url)
    action_port = free_port()
    env = server_environment({
        "DATABASE_URL": postgres_url, "LOCK_STORE_URL": REDIS_URL, "SENDVOICE_SECRET_KEY": TEST_SECRET,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN, "PUBLIC_BASE_URL": PUBLIC_BASE_URL, "RASA_PORT": str(free_consecutive_ports(2)),
        "ACTION_PORT": str(action_port), "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{action_port}/webhook",
    })
    running = start_instances(env, trained_model, 2, tmp_path / "logs")
    yield running, postgres_url
    for servers in reversed(running):
        servers.stop()


def say(url: str, sender: str, message: str) -> str:
    response = requests.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": message}, timeout=60)
    response.raise_for_status()
    return "\n".join(part.get("text", "") for part in response.json())


def stored_answers(database_url: str, sender: str) -> list:
    from bot.models.feedback import FeedbackAnswer, FeedbackSubmission

    engine = create_engine(database_url, future=True)
    with engine.connect() as connection:
        rows = connection.execute(
            select(FeedbackSubmission.status, FeedbackAnswer.question, FeedbackAnswer.text)
            .join(FeedbackAnswer, FeedbackAnswer.submission_id == FeedbackSubmission.id)
            .where(FeedbackSubmission.respondent == respondent_key(sender, TEST_SECRET))
            .order_by(FeedbackAnswer.question)).all()
    engine.dispose()
    return rows


def test_killing_an_instance_mid_form_loses_nothing(two_instances):
    running, database_url = two_instances
    first, second = running[0].rasa_url, running[1].rasa_url
    sender = f"fault-{uuid.uuid4().hex[:10]}"
    say(first, sender, "FEEDBACK")
    say(second, sender, "parent or carer")
    say(first, sender, "5 to 10")
    say(second, sender, "melton")
    say(first, sender, "health")
    say(second, sender, ANSWERS[0])

    rasa_process = next(process for process in running[0].processes if process.name.startswith("rasa"))
    os.kill(rasa_process.pid, signal.SIGKILL)  # the action server (same instance group) keeps running
    rasa_process.wait(timeout=10)

    say(second, sender, ANSWERS[1])
    say(second, sender, ANSWERS[2])
    assert "Thank you" in say(second, sender, "yes")

    rows = stored_answers(database_url, sender)
    assert sorted(answer for _, _, answer in rows) == sorted(ANSWERS)  # each answer once, none lost
    assert {status for status, _, _ in rows} == {"complete"}


def signed_sms(url: str, phone: str, body: str, sid: str) -> requests.Response:
    params = {"MessageSid": sid, "SmsSid": sid, "AccountSid": "AC" + "0" * 32, "From": phone,
              "To": "+447700900000", "Body": body, "NumMedia": "0"}
    signature = RequestValidator(AUTH_TOKEN).compute_signature(PUBLIC_BASE_URL + "/webhooks/twilio/webhook", params)
    return requests.post(f"{url}/webhooks/twilio/webhook", data=params,
                         headers={"X-Twilio-Signature": signature}, timeout=60)


def user_events_with_message_id(database_url: str, conversation_id: str, message_id: str) -> int:
    engine = create_engine(database_url, future=True)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT data FROM events WHERE sender_id = :sender AND type_name = 'user'"),
                                  {"sender": conversation_id}).scalars().all()
    engine.dispose()
    return sum(f'"message_id": "{message_id}"' in row for row in rows)


def test_postgres_restart_mid_run_fails_cleanly_and_recovers_with_one_record(two_instances):
    running, database_url = two_instances
    url = running[1].rasa_url
    phone = f"+4477{uuid.uuid4().int % 10**8:08d}"
    web_sender = f"fault-{uuid.uuid4().hex[:10]}"
    assert signed_sms(url, phone, "hello", "SM" + uuid.uuid4().hex).status_code == 200
    for message in ("FEEDBACK", "parent or carer", "5 to 10", "melton", "health"):
        say(url, web_sender, message)

    sid = "SM" + uuid.uuid4().hex
    postgres("stop")
    try:
        during = [signed_sms(url, phone, "how long does an ehcp take", sid) for _ in range(2)]  # Twilio retries
        rest_during = requests.post(f"{url}/webhooks/rest/webhook",
                                    json={"sender": web_sender, "message": ANSWERS[0]}, timeout=60)
    finally:
        postgres("start")
    assert [response.status_code for response in during] == [503, 503]
    assert rest_during.status_code in (200, 500, 503)
    assert "Thank you" not in rest_during.text

    deadline = time.monotonic() + 90
    while True:  # Twilio keeps retrying the same MessageSid; the service must recover by itself
        after = signed_sms(url, phone, "how long does an ehcp take", sid)
        if after.status_code == 200 and "<Message>" in after.text and "something went wrong" not in after.text:
            break
        assert time.monotonic() < deadline, f"no recovery after PostgreSQL restart: {after.status_code} {after.text}"
        time.sleep(2)
    replay = signed_sms(url, phone, "how long does an ehcp take", sid)
    assert replay.text == after.text
    assert user_events_with_message_id(database_url, sms_sender_id(phone, TEST_SECRET), sid) == 1

    # The web form carries on; the answer lost in the outage is given again and stored once.
    for answer in ANSWERS:
        say(url, web_sender, answer)
    assert "Thank you" in say(url, web_sender, "yes")
    rows = stored_answers(database_url, web_sender)
    assert sorted(answer for _, _, answer in rows) == sorted(ANSWERS)
