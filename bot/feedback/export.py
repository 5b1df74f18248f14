"""Getting feedback out of the database: the officer's CSV (redacted unless a recorded reason says otherwise)
and the consented answers the analytics feature themes. Unconsented words never leave through here."""
from __future__ import annotations

import csv
import getpass
import os
import tempfile
from pathlib import Path
from typing import Dict, Iterable, List

from sqlalchemy import select

from bot.db import session_scope
from bot.models.feedback import FeedbackAnswer, FeedbackExportLog, FeedbackSubmission

CSV_COLUMNS = ("submission", "question", "text", "skipped", "role", "age_band", "district", "topic", "channel",
               "consent", "status", "created_at")
WITHHELD = "[withheld: no consent to use these words]"
MINIMUM_REASON_LENGTH = 10
# A cell starting with one of these is run as a formula by Excel and LibreOffice ("=HYPERLINK(...)").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class ExportRefused(ValueError):
    """An export that would break the privacy rules (e.g. raw text without a reason)."""


def _answer_rows(session) -> Iterable:
    return session.execute(
        select(FeedbackAnswer, FeedbackSubmission)
        .join(FeedbackSubmission, FeedbackAnswer.submission_id == FeedbackSubmission.id)
        .order_by(FeedbackSubmission.id, FeedbackAnswer.id)
    ).all()


def consented_answers(database_url: str) -> List[Dict]:
    """Every answer whose author said yes to their words being used, with its raw text (callers redact).

    Keys: id, text, question (working_well|not_working|needs_to_happen), role, age_band, district, topic,
    channel, created_at (ISO 8601), respondent (keyed hash, the same for one person's answers).
    """
    with session_scope(database_url) as session:
        return [
            {
                "id": answer.id, "text": answer.text, "question": answer.question, "role": submission.role,
                "age_band": submission.age_band, "district": submission.district, "topic": submission.topic,
                "channel": submission.channel, "created_at": answer.created_at.isoformat(),
                "respondent": submission.respondent,
            }
            for answer, submission in _answer_rows(session)
            if submission.consent is True and not answer.skipped and answer.text
        ]


def _safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def export_csv(database_url: str, path: Path, include_raw: bool = False, reason: str = "") -> int:
    """Write every answer to `path` (text redacted, or raw with a reason); record the export; return rows."""
    from bot.redaction import redact

    reason = (reason or "").strip()
    if include_raw and len(reason) < MINIMUM_REASON_LENGTH:
        raise ExportRefused("--include-raw needs --reason \"...\" saying why the unredacted words are needed "
                            f"(at least {MINIMUM_REASON_LENGTH} characters); it is recorded with the export.")
    path = Path(path)
    if not path.parent.is_dir():
        raise ExportRefused(f"The folder {path.parent} does not exist.")
    with session_scope(database_url) as session:
        rows = []
        for answer, submission in _answer_rows(session):
            if answer.skipped or answer.text is None:
                text = ""
            elif submission.consent is not True:
                text = WITHHELD
            else:
                text = answer.text if include_raw else redact(answer.text)
            rows.append({
                "submission": submission.id, "question": answer.question, "text": text,
                "skipped": "yes" if answer.skipped else "no", "role": submission.role,
                "age_band": submission.age_band, "district": submission.district, "topic": submission.topic,
                "channel": submission.channel,
                "consent": {True: "yes", False: "no", None: "not asked"}[submission.consent],
                "status": submission.status, "created_at": answer.created_at.isoformat(timespec="seconds"),
            })
        _write_atomically(path, rows)
        session.add(FeedbackExportLog(operator=_operator(), include_raw=include_raw,
                                      reason=reason or None, row_count=len(rows)))
    return len(rows)


def _operator() -> str:
    try:
        return getpass.getuser()[:100]
    except (KeyError, OSError):  # no user name in some containers
        return "unknown"


def _write_atomically(path: Path, rows: List[Dict]) -> None:
    # A half-written file must never be mistaken for a full export.
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".export-", suffix=".csv")
    try:
        with os.fdopen(handle, "w", newline="", encoding="utf-8-sig") as output:  # BOM: Excel reads UTF-8
            writer = csv.DictWriter(output, fieldnames=CSV_COLUMNS)
            writer.writeheader()
            for row in rows:
                writer.writerow({key: _safe_cell(value) for key, value in row.items()})
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
