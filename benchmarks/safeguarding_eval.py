"""How well safeguarding detection works on the test sets in tests/data/ (written as children and parents text).

    .venv/bin/python benchmarks/safeguarding_eval.py                 # the detector alone (no Rasa, a second)
    .venv/bin/python benchmarks/safeguarding_eval.py --assistant     # end to end over the REST webhook of a
                                                                     # real assistant started for the run
    .venv/bin/python benchmarks/safeguarding_eval.py --url http://127.0.0.1:5005   # ... of a running one

Prints recall on risk messages (every one must be caught), the false-alarm rate on ordinary ones, and each miss
and false alarm, so an officer can see what a change to bot/safeguarding/phrases.yml did.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, List

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATA = ROOT / "tests" / "data"
RISK_FILE = DATA / "safeguarding_risk.txt"
ORDINARY_FILE = DATA / "safeguarding_ordinary.txt"
# Words every signposting reply contains (utter_safeguarding_signpost, web and SMS): 999 and Childline.
SIGNPOST_MARKERS = ("999", "0800 1111")


def read_messages(path: Path) -> List[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def is_signposting(reply: str) -> bool:
    return all(marker in reply for marker in SIGNPOST_MARKERS)


@dataclass
class Result:
    risk: List[str]
    ordinary: List[str]
    missed: List[str] = field(default_factory=list)
    false_alarms: List[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return 1 - len(self.missed) / len(self.risk)

    @property
    def false_alarm_rate(self) -> float:
        return len(self.false_alarms) / len(self.ordinary)

    def report(self, how: str) -> str:
        lines = [
            f"Safeguarding detection ({how})",
            f"  risk messages caught:     {len(self.risk) - len(self.missed)}/{len(self.risk)}  (recall {self.recall:.1%})",
            f"  ordinary messages:        {len(self.false_alarms)}/{len(self.ordinary)} false alarms "
            f"(false-alarm rate {self.false_alarm_rate:.1%})",
        ]
        lines += [f"  MISSED: {message}" for message in self.missed]
        lines += [f"  false alarm: {message}" for message in self.false_alarms]
        return "\n".join(lines)


def evaluate(flags: Callable[[str], bool]) -> Result:
    result = Result(read_messages(RISK_FILE), read_messages(ORDINARY_FILE))
    result.missed = [message for message in result.risk if not flags(message)]
    result.false_alarms = [message for message in result.ordinary if flags(message)]
    return result


def detector_flags() -> Callable[[str], bool]:
    from bot.safeguarding.detector import Detector

    detector = Detector.load()
    return lambda message: detector.detect(message).is_disclosure


def rest_flags(url: str) -> Callable[[str], bool]:
    import requests

    def flags(message: str) -> bool:
        # A fresh conversation per message, as a first text from a new person would be.
        response = requests.post(f"{url}/webhooks/rest/webhook", timeout=60,
                                 json={"sender": f"eval-{uuid.uuid4().hex[:12]}", "message": message})
        response.raise_for_status()
        return is_signposting("\n".join(part.get("text", "") for part in response.json()))

    return flags


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="base URL of a running SEND Voice Rasa server")
    parser.add_argument("--assistant", action="store_true", help="start one (newest model, a scratch SQLite)")
    args = parser.parse_args()
    if args.url:
        print(evaluate(rest_flags(args.url.rstrip("/"))).report(f"end to end, {args.url}"))
    elif args.assistant:
        from bot.launcher import latest_model
        from tests.conftest import running_assistant

        with tempfile.TemporaryDirectory() as workdir:
            with running_assistant(latest_model(), f"sqlite:///{workdir}/eval.db", Path(workdir)) as assistant:
                print(evaluate(rest_flags(assistant.url)).report("end to end over the REST webhook"))
    else:
        print(evaluate(detector_flags()).report("detector only, no Rasa"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
