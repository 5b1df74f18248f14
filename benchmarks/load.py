"""County-scale load on loopback: simulated parents (signed SMS webhooks, Local Offer questions) and young
people (the feedback form over REST) against 1 and 2 Rasa instances sharing PostgreSQL and a Redis lock store.

Usage: .venv/bin/python benchmarks/load.py [--instances 1 2] [--concurrency 1 10 50 100]
Each simulated person pauses between messages (--think-seconds, mean 3 s: a fast texter), so N concurrent
conversations is N people at once, not N requests in flight; --think-seconds 0 gives a closed-loop stress test.
Prints messages/s, p50/p95/p99 latency, errors, lost and duplicated feedback answers (must be 0) and the SMS
path's latency over the REST path's on the same server. Traffic goes only to 127.0.0.1; every level is a fixed
number of conversations with a per-request timeout, so a run always ends (about 10 minutes on 2 cores).
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
from sqlalchemy import create_engine, select, text  # noqa: E402
from twilio.request_validator import RequestValidator  # noqa: E402

from bot.launcher import latest_model, server_environment, start_instances  # noqa: E402
from bot.migrations import upgrade_database  # noqa: E402
from bot.privacy import respondent_key  # noqa: E402
from tests.conftest import free_consecutive_ports, free_port, new_postgres_database  # noqa: E402

REDIS_URL = os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/0")
AUTH_TOKEN = "load-test-twilio-token"
PUBLIC_BASE_URL = "https://sendvoice.load-test.invalid"
SECRET = "load-test-secret"
# Sanic cancels a REST request's handling when its client hangs up, which a web chat person who stops waiting
# (socket.io) never causes; so REST waits long enough to measure the assistant, not the harness. Twilio gives
# up after 15 s, and the SMS channel answers with a holding reply before that and carries on regardless.
REQUEST_TIMEOUT = aiohttp.ClientTimeout(total=120)

PARENT_SMS = ["hi", "is there help for autism in melton", "how long does an ehcp take", "thanks"]
YOUNG_PERSON_FORM = ["FEEDBACK", "2", "16 to 18", "charnwood", "education"]
CONSENT = "yes"


def young_person_answers(index: int) -> List[str]:
    # Distinct words per person, so a lost or doubled answer is found by its text.
    return [f"my tutor gets me, person {index}", f"the bus is late every day, person {index}",
            f"more clubs after college please, person {index}"]


@dataclass
class Results:
    latencies: Dict[str, List[float]] = field(default_factory=lambda: {"sms": [], "rest": []})
    errors: List[str] = field(default_factory=list)

    def add(self, path: str, seconds: float) -> None:
        self.latencies[path].append(seconds)


def percentile(values: List[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


class Client:
    def __init__(self, session: aiohttp.ClientSession, urls: List[str], results: Results):
        self.session, self.urls, self.results = session, urls, results
        self.validator = RequestValidator(AUTH_TOKEN)

    def url(self, turn: int) -> str:
        return self.urls[turn % len(self.urls)]  # a load balancer with no stickiness: the hardest case

    async def rest(self, turn: int, sender: str, message: str) -> Optional[list]:
        started = time.perf_counter()
        try:
            async with self.session.post(f"{self.url(turn)}/webhooks/rest/webhook",
                                         json={"sender": sender, "message": message}) as reply:
                body = await reply.json() if reply.status == 200 else None
                if reply.status != 200:
                    self.results.errors.append(f"REST {reply.status}")
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            self.results.errors.append(f"REST {type(error).__name__}")
            return None
        self.results.add("rest", time.perf_counter() - started)
        return body

    async def sms(self, turn: int, phone: str, message: str) -> Optional[str]:
        sid = "SM" + uuid.uuid4().hex
        params = {"MessageSid": sid, "SmsSid": sid, "AccountSid": "AC" + "0" * 32, "From": phone,
                  "To": "+447700900000", "Body": message, "NumMedia": "0"}
        signature = self.validator.compute_signature(PUBLIC_BASE_URL + "/webhooks/twilio/webhook", params)
        started = time.perf_counter()
        try:
            async with self.session.post(f"{self.url(turn)}/webhooks/twilio/webhook", data=params,
                                         headers={"X-Twilio-Signature": signature}) as reply:
                body = await reply.text()
                if reply.status != 200:
                    self.results.errors.append(f"SMS {reply.status}")
                    return None
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            self.results.errors.append(f"SMS {type(error).__name__}")
            return None
        self.results.add("sms", time.perf_counter() - started)
        return body


async def think(seconds: float, rng: random.Random) -> None:
    """A person reads the reply and types the next message; 0 turns the run into a closed-loop stress test."""
    if seconds > 0:
        await asyncio.sleep(rng.uniform(0.5 * seconds, 1.5 * seconds))


async def parent(client: Client, index: int, think_seconds: float) -> None:
    phone = f"+4477009{index:05d}"
    rng = random.Random(index)  # the same pauses every run
    for turn, message in enumerate(PARENT_SMS):
        await think(think_seconds if turn else think_seconds * rng.random(), rng)
        await client.sms(index + turn, phone, message)


async def young_person(client: Client, index: int, sender: str, think_seconds: float) -> None:
    rng = random.Random(index)
    for turn, message in enumerate(YOUNG_PERSON_FORM + young_person_answers(index) + [CONSENT]):
        await think(think_seconds if turn else think_seconds * rng.random(), rng)
        await client.rest(index + turn, sender, message)


def feedback_losses(database_url: str, people: Dict[str, int]) -> Tuple[int, int]:
    """(answers lost, answers duplicated) over every young person of the level."""
    from bot.models.feedback import FeedbackAnswer, FeedbackSubmission

    lost = duplicated = 0
    engine = create_engine(database_url, future=True)
    with engine.connect() as connection:
        for sender, index in people.items():
            rows = connection.execute(
                select(FeedbackAnswer.text).join(FeedbackSubmission, FeedbackAnswer.submission_id == FeedbackSubmission.id)
                .where(FeedbackSubmission.respondent == respondent_key(sender, SECRET))).scalars().all()
            for expected in young_person_answers(index):
                found = rows.count(expected)
                lost += found == 0
                duplicated += max(0, found - 1)
    engine.dispose()
    return lost, duplicated


async def run_level(urls: List[str], concurrency: int, database_url: str, level: str, think_seconds: float) -> dict:
    results = Results()
    connector = aiohttp.TCPConnector(limit=0)
    people: Dict[str, int] = {}
    async with aiohttp.ClientSession(timeout=REQUEST_TIMEOUT, connector=connector) as session:
        client = Client(session, urls, results)
        tasks = []
        for index in range(concurrency):
            if index % 2 == 0:
                tasks.append(parent(client, index, think_seconds))
            else:
                sender = f"load-{level}-{index}"
                people[sender] = index
                tasks.append(young_person(client, index, sender, think_seconds))
        started = time.perf_counter()
        await asyncio.gather(*tasks)
        elapsed = time.perf_counter() - started
    everything = results.latencies["sms"] + results.latencies["rest"]
    lost, duplicated = feedback_losses(database_url, people)
    return {"messages": len(everything), "seconds": elapsed, "rate": len(everything) / elapsed,
            "p50": percentile(everything, 0.50), "p95": percentile(everything, 0.95),
            "p99": percentile(everything, 0.99), "errors": len(results.errors), "lost": lost,
            "duplicated": duplicated, "error_kinds": sorted(set(results.errors))}


async def sms_rest_ratio(url: str, rounds: int = 20) -> Tuple[float, float]:
    """Median latency of the same question by SMS and by REST on one server, one at a time."""
    results = Results()
    async with aiohttp.ClientSession(timeout=REQUEST_TIMEOUT) as session:
        client = Client(session, [url], results)
        for round_ in range(rounds):
            await client.rest(0, f"ratio-{round_}", "how long does an ehcp take")
            await client.sms(0, f"+447700{round_:06d}", "how long does an ehcp take")
    return statistics.median(results.latencies["sms"]), statistics.median(results.latencies["rest"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 10, 50, 100])
    parser.add_argument("--think-seconds", type=float, default=3.0,
                        help="mean pause between a reply and the next message (0: closed-loop stress test)")
    args = parser.parse_args()
    model = latest_model()
    rows = []
    ratio = None
    with new_postgres_database("sendvoice_load") as database_url:
        upgrade_database(database_url)
        for instances in args.instances:
            base, action_port = free_consecutive_ports(instances), free_port()
            env = server_environment({
                "DATABASE_URL": database_url, "LOCK_STORE_URL": REDIS_URL, "SENDVOICE_SECRET_KEY": SECRET,
                "TWILIO_AUTH_TOKEN": AUTH_TOKEN, "PUBLIC_BASE_URL": PUBLIC_BASE_URL, "SMS_RATE_LIMIT": "1000",
                "RASA_PORT": str(base), "ACTION_PORT": str(action_port),
                "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{action_port}/webhook",
            })
            with tempfile.TemporaryDirectory() as logs:
                running = start_instances(env, model, instances, Path(logs))
                try:
                    urls = [servers.rasa_url for servers in running]
                    if ratio is None:
                        ratio = asyncio.run(sms_rest_ratio(urls[0]))
                    for concurrency in args.concurrency:
                        level = f"{instances}x{concurrency}-{uuid.uuid4().hex[:6]}"
                        result = asyncio.run(run_level(urls, concurrency, database_url, level, args.think_seconds))
                        rows.append((instances, concurrency, result))
                        print(f"instances {instances} concurrency {concurrency:>3}: {result['messages']:>4} msgs "
                              f"{result['rate']:6.1f} msg/s  p50 {result['p50'] * 1000:6.0f} ms  "
                              f"p95 {result['p95'] * 1000:6.0f} ms  p99 {result['p99'] * 1000:6.0f} ms  "
                              f"errors {result['errors']}  lost {result['lost']}  duplicated {result['duplicated']}"
                              + (f"  ({', '.join(result['error_kinds'])})" if result["error_kinds"] else ""),
                              flush=True)
                finally:
                    for servers in reversed(running):
                        servers.stop()
    sms_median, rest_median = ratio
    print(f"\nSMS vs REST on one server, same question, one at a time: SMS median {sms_median * 1000:.0f} ms, "
          f"REST median {rest_median * 1000:.0f} ms, ratio {sms_median / rest_median:.2f} (aim <= 1.2)")
    at_50 = [result for instances, concurrency, result in rows if instances == 2 and concurrency == 50]
    if at_50:
        print(f"p95 at 50 concurrent conversations on 2 instances: {at_50[0]['p95'] * 1000:.0f} ms (aim < 500 ms)")
    lost = sum(result["lost"] for _, _, result in rows)
    duplicated = sum(result["duplicated"] for _, _, result in rows)
    print(f"feedback answers lost {lost}, duplicated {duplicated} (must be 0)")
    return 1 if lost or duplicated else 0


if __name__ == "__main__":
    sys.exit(main())
