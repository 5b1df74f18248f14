"""Answers to analyse, from a CSV file (a survey export, notes from an event) or from stored feedback.

Every problem with the input is a sentence the officer can act on (`CommandError`), never a traceback.
"""
from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path
from typing import Dict, List, Optional

from analytics.stance import QUESTION_ALIASES
from bot.cli import CommandError

OPTIONAL_COLUMNS = ("id", "question", "role", "age_band", "district", "topic", "created_at", "respondent")
_TRUE = {"1", "true", "yes", "y", "t"}


def max_input_bytes() -> int:
    from bot import settings

    return settings.load().analytics_max_input_mb * 1024 * 1024


def read_csv(path, encoding: Optional[str] = None) -> List[Dict]:
    """Rows with a `text` column, normalised (see `normalise_row`); safeguarding-flagged rows left out."""
    path = Path(path)
    if not path.is_file():
        raise CommandError(f"There is no file at {path}.")
    size, limit = path.stat().st_size, max_input_bytes()
    if size > limit:
        raise CommandError(
            f"{path.name} is {size / 1048576:.1f} MB, more than the {limit / 1048576:.0f} MB limit. Split it into "
            f"smaller files, or set ANALYTICS_MAX_INPUT_MB higher if this machine has the memory.")
    if size == 0:
        raise CommandError(f"{path.name} is empty: it needs a header row with a 'text' column and one answer a row.")
    text = _decode(path, path.read_bytes(), encoding)
    if "\x00" in text:
        raise CommandError(f"{path.name} does not look like a CSV file (it contains binary data).")
    csv.field_size_limit(limit)
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = [(name or "").strip().lower() for name in (reader.fieldnames or [])]
        if "text" not in header:
            found = ", ".join(repr(name) for name in header if name) or "none"
            raise CommandError(f"{path.name} has no 'text' column (columns found: {found}). "
                               "Name the column that holds the answers 'text'.")
        reader.fieldnames = header
        rows = [normalise_row(raw, number) for number, raw in enumerate(reader, start=1)]
    except csv.Error as error:
        raise CommandError(f"{path.name} is not a readable CSV file near line {reader.line_num}: {error}.") from None
    return keep_answers(rows, path.name)


def keep_answers(rows: List[Dict], source: str) -> List[Dict]:
    """Answers with words, less anything marked or reading as a safeguarding disclosure: those are for the
    safeguarding team, never for a report (a CSV of event notes has no alert column to mark them)."""
    from bot.safeguarding.detector import is_disclosure

    answers = [row for row in rows if row["text"] and not row["safeguarding"] and not is_disclosure(row["text"])]
    if not answers:
        raise CommandError(f"{source} has no answers to analyse (every 'text' cell is empty).")
    return answers


def _decode(path: Path, data: bytes, encoding: Optional[str]) -> str:
    if data.startswith(b"PK\x03\x04"):
        raise CommandError(f"{path.name} is a spreadsheet workbook, not a CSV file. In Excel choose "
                           "File > Save As > 'CSV UTF-8 (Comma delimited)' and use that file.")
    if encoding:
        try:
            return data.decode(encoding)
        except LookupError:
            raise CommandError(f"{encoding!r} is not an encoding Python knows (try utf-8 or cp1252).") from None
        except UnicodeDecodeError as error:
            raise CommandError(f"{path.name} is not valid {encoding} (byte {error.start}).") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise CommandError(
            f"{path.name} is not UTF-8 text (first unreadable byte on line {line}). Save it as 'CSV UTF-8', or "
            "say which encoding it uses, e.g. --encoding cp1252 for an older Excel export.") from None


def normalise_row(raw: Dict, number: int) -> Dict:
    """One answer with every optional field present (empty when unknown); `question` as a stance id or ''."""
    def cell(name: str) -> str:
        value = raw.get(name)
        if isinstance(value, list):  # extra unnamed cells in a ragged row
            value = ",".join(value)
        return "" if value is None else str(value).strip()

    # Survey tools export the question as worded: "What’s working well?" is working_well.
    question_text = cell("question").lower().replace("\u2019", "'").strip(" ?.!:")
    created_at = parse_date(cell("created_at"))
    row_id = cell("id") or str(number)
    return {
        "id": row_id,
        "text": cell("text"),
        "question": QUESTION_ALIASES.get(question_text, ""),
        "role": cell("role"),
        "age_band": cell("age_band"),
        "district": cell("district"),
        "topic": cell("topic").lower(),
        "created_at": created_at.isoformat() if created_at else "",
        # One person may give several answers; without a respondent key each answer counts as one person.
        "respondent": cell("respondent") or f"answer:{row_id}",
        "safeguarding": cell("safeguarding").lower() in _TRUE,
    }


def parse_date(value) -> Optional[date]:
    """ISO dates and times, and UK day-first dates (31/01/2025) as survey tools export them."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    value = (value or "").strip()
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    for pattern in ("%d/%m/%Y", "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d-%m-%Y", "%d/%m/%y"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


def apply_filters(rows: List[Dict], filters: Dict[str, str]) -> List[Dict]:
    """Answers within --since/--until (inclusive) and of the --role/--district asked for (any case)."""
    since = parse_date(filters.get("since")) if filters.get("since") else None
    until = parse_date(filters.get("until")) if filters.get("until") else None
    kept = []
    for row in rows:
        day = parse_date(row["created_at"]) if (since or until) else None
        if (since or until) and day is None:
            continue  # an undated answer cannot be placed in a date range
        if (since and day < since) or (until and day > until):
            continue
        if filters.get("role") and row["role"].lower() != filters["role"].strip().lower():
            continue
        if filters.get("district") and row["district"].lower() != filters["district"].strip().lower():
            continue
        kept.append(row)
    return kept


def read_stored_feedback(database_url: str) -> List[Dict]:
    """Consented answers from the database, through the feedback feature's export (no alerts are in it)."""
    from bot.feedback.export import consented_answers

    try:
        stored = consented_answers(database_url)
    except Exception as error:  # a database the officer can fix: say what it is, not a traceback
        first_line = str(error).splitlines()[0] if str(error) else error.__class__.__name__
        raise CommandError(f"Could not read stored feedback from the database ({first_line}). Check DATABASE_URL "
                           "and run `sendvoice db upgrade`, or give a CSV file with --input.") from None
    rows = [normalise_row({key: value for key, value in answer.items()}, number)
            for number, answer in enumerate(stored, start=1)]
    return keep_answers(rows, "The database")
