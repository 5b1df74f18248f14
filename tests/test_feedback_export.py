"""The officer's export and the analytics feed: redacted unless a reason is recorded, consented words only,
safe to open in a spreadsheet; and erasure and retention across our rows and Rasa's tracker store."""
import csv
import os
import subprocess
import sys
import time
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, text

from bot import retention
from bot.db import session_scope
from bot.feedback import storage
from bot.feedback.export import WITHHELD, consented_answers, export_csv
from bot.models.feedback import FeedbackExportLog, FeedbackSubmission
from bot.privacy import respondent_key, sms_sender_id
from bot.settings import PROJECT_ROOT
from tests.conftest import TEST_SECRET

RAW = "my son Jack is 7. Call me on 07700 900123 or jo@example.com, we're in LE11 3TU"




def give_feedback(url, public_id, sender, consent, answers, role="parent"):
    key = respondent_key(sender, TEST_SECRET)
    storage.save_details(url, public_id, key, "twilio", role=role, topic="transport", district="melton")
    for question, words in answers.items():
        storage.save_answer(url, public_id, key, "twilio", question, words)
    if consent is not None:
        storage.save_details(url, public_id, key, "twilio", consent=consent)
        storage.mark_complete(url, public_id, key, "twilio")


def read_csv(path):
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def run_cli(*args, url):
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], cwd=PROJECT_ROOT, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "DATABASE_URL": url, "SENDVOICE_SECRET_KEY": TEST_SECRET})


def test_export_is_redacted_and_withholds_words_without_consent(fresh_database_url, tmp_path):
    give_feedback(fresh_database_url, "a", "web-1", True, {"working_well": RAW, "not_working": None})
    give_feedback(fresh_database_url, "b", "web-2", False, {"working_well": "Dr Khan was rude"})
    give_feedback(fresh_database_url, "c", "web-3", None, {"working_well": "half way, never asked"})

    assert export_csv(fresh_database_url, tmp_path / "out.csv") == 4
    rows = read_csv(tmp_path / "out.csv")
    first = rows[0]
    assert first["text"] == "my son [name] is 7. Call me on [phone] or [email], we're in [postcode]"
    assert (first["role"], first["topic"], first["district"], first["consent"], first["status"]) == (
        "parent", "transport", "melton", "yes", "complete")
    assert rows[1]["skipped"] == "yes" and rows[1]["text"] == ""
    assert rows[2]["text"] == WITHHELD and rows[2]["consent"] == "no"
    assert rows[3]["text"] == WITHHELD and rows[3]["consent"] == "not asked" and rows[3]["status"] == "partial"
    written = (tmp_path / "out.csv").read_text(encoding="utf-8-sig")
    for secret in ("Jack", "900123", "jo@example.com", "LE11", "Khan", "half way", "web-1"):
        assert secret not in written


def test_raw_export_needs_a_reason_and_is_recorded(fresh_database_url, tmp_path):
    give_feedback(fresh_database_url, "a", "web-1", True, {"working_well": RAW})
    refused = run_cli("feedback", "export", "-o", str(tmp_path / "raw.csv"), "--include-raw", url=fresh_database_url)
    assert refused.returncode == 2 and "--reason" in refused.stderr and "Traceback" not in refused.stderr
    assert not (tmp_path / "raw.csv").exists()

    done = run_cli("feedback", "export", "-o", str(tmp_path / "raw.csv"), "--include-raw",
                   "--reason", "Subject access request SAR-2026-014", url=fresh_database_url)
    assert done.returncode == 0, done.stderr
    assert "Wrote 1 answer(s)" in done.stdout
    assert read_csv(tmp_path / "raw.csv")[0]["text"] == RAW
    with session_scope(fresh_database_url) as session:
        log = session.execute(select(FeedbackExportLog)).scalars().all()
    assert [(entry.include_raw, entry.reason, entry.row_count) for entry in log] == [
        (True, "Subject access request SAR-2026-014", 1)]


def test_export_cells_cannot_run_as_spreadsheet_formulas(fresh_database_url, tmp_path):
    give_feedback(fresh_database_url, "a", "web-1", True, {"working_well": "=HYPERLINK(\"http://x\",\"click\")",
                                                     "not_working": "-1 star", "needs_to_happen": "+more staff"})
    texts = [row["text"] for row in read_csv_after_export(fresh_database_url, tmp_path)]
    assert all(value.startswith("'") for value in texts)
    assert texts[2] == "'+more staff"


def read_csv_after_export(url, tmp_path):
    export_csv(url, tmp_path / "f.csv")
    return read_csv(tmp_path / "f.csv")


def test_export_to_a_missing_folder_is_a_clear_error(fresh_database_url, tmp_path):
    result = run_cli("feedback", "export", "-o", str(tmp_path / "nope" / "x.csv"), url=fresh_database_url)
    assert result.returncode == 2 and "does not exist" in result.stderr


def test_analytics_gets_consented_answers_only_with_raw_text(fresh_database_url):
    give_feedback(fresh_database_url, "a", "web-1", True, {"working_well": RAW, "not_working": None,
                                                     "needs_to_happen": "more taxis"}, role="young_person")
    give_feedback(fresh_database_url, "b", "web-2", False, {"working_well": "no consent"})
    give_feedback(fresh_database_url, "c", "web-3", None, {"working_well": "not finished"})
    answers = consented_answers(fresh_database_url)
    assert [(a["question"], a["text"]) for a in answers] == [("working_well", RAW), ("needs_to_happen", "more taxis")]
    first = answers[0]
    assert set(first) == {"id", "text", "question", "role", "age_band", "district", "topic", "channel",
                          "created_at", "respondent"}
    assert (first["role"], first["topic"], first["channel"]) == ("young_person", "transport", "twilio")
    assert first["respondent"] == answers[1]["respondent"] == respondent_key("web-1", TEST_SECRET)
    assert datetime.fromisoformat(first["created_at"])


def _tracker_event(session, sender, age_days):
    # The same table Rasa's SQL tracker store writes (rasa/core/tracker_store.py, SQLTrackerStore.SQLEvent).
    session.execute(text(
        "CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255) NOT NULL, "
        "type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255), action_name VARCHAR(255), "
        "data TEXT)"))
    next_id = session.execute(text("SELECT COALESCE(MAX(id), 0) + 1 FROM events")).scalar_one()
    session.execute(text("INSERT INTO events (id, sender_id, type_name, timestamp, data) "
                         "VALUES (:i, :s, 'user', :t, '{}')"),
                    {"i": next_id, "s": sender, "t": time.time() - age_days * 86400})


def _age(url, public_id, days):
    with session_scope(url) as session:
        submission = session.execute(
            select(FeedbackSubmission).where(FeedbackSubmission.public_id == public_id)).scalar_one()
        submission.updated_at = submission.updated_at - timedelta(days=days)


def test_purge_removes_old_feedback_and_old_conversations_only(fresh_database_url):
    give_feedback(fresh_database_url, "old", "web-old", True, {"working_well": "old words"})
    give_feedback(fresh_database_url, "new", "web-new", True, {"working_well": "new words"})
    _age(fresh_database_url, "old", 800)
    with session_scope(fresh_database_url) as session:
        _tracker_event(session, "web-old", 800)
        _tracker_event(session, "web-old", 790)
        _tracker_event(session, "web-new", 900)  # an old start, but this conversation is still going
        _tracker_event(session, "web-new", 0)

    result = run_cli("purge", "--older-than", "730", url=fresh_database_url)
    assert result.returncode == 0, result.stderr
    assert "1 feedback submissions, 1 feedback answers, 2 conversation events" in result.stdout
    assert [a["text"] for a in consented_answers(fresh_database_url)] == ["new words"]
    with session_scope(fresh_database_url) as session:
        left = session.execute(text("SELECT sender_id FROM events ORDER BY id")).scalars().all()
    assert left == ["web-new", "web-new"]
    assert run_cli("purge", "--older-than", "0", url=fresh_database_url).returncode == 2


def test_forget_by_phone_number_in_any_format_removes_only_that_person(fresh_database_url):
    phone_sender = sms_sender_id("07700 900123", TEST_SECRET)
    give_feedback(fresh_database_url, "a", phone_sender, True, {"working_well": "mine", "not_working": "also mine"})
    give_feedback(fresh_database_url, "b", phone_sender, None, {"working_well": "second go"})
    give_feedback(fresh_database_url, "c", "web-other", True, {"working_well": "someone else"})
    with session_scope(fresh_database_url) as session:
        _tracker_event(session, phone_sender, 1)
        _tracker_event(session, "web-other", 1)

    removed = retention.forget("+44 (0)7700 900123".replace("(0)", ""), fresh_database_url, TEST_SECRET)
    assert removed == {"feedback submissions": 2, "feedback answers": 3, "conversation events": 1}
    assert [a["text"] for a in consented_answers(fresh_database_url)] == ["someone else"]
    with session_scope(fresh_database_url) as session:
        assert session.execute(text("SELECT sender_id FROM events")).scalars().all() == ["web-other"]


def test_forget_works_before_rasa_has_ever_run(fresh_database_url):
    give_feedback(fresh_database_url, "a", "web-session-42", True, {"working_well": "x"})
    result = run_cli("forget", "web-session-42", url=fresh_database_url)
    assert result.returncode == 0, result.stderr
    assert "Removed: 1 feedback submissions, 1 feedback answers, 0 conversation events." in result.stdout


def test_doctor_warns_when_feedback_outlives_the_retention_period(fresh_database_url):
    from bot import doctor, settings

    config = settings.load({"DATABASE_URL": fresh_database_url, "RETENTION_DAYS": "30"})
    give_feedback(fresh_database_url, "old", "web-old", True, {"working_well": "old words"})
    assert retention.check_retention(config)[0].status == doctor.OK
    _age(fresh_database_url, "old", 31)
    [finding] = retention.check_retention(config)
    assert finding.status == doctor.WARN and "sendvoice purge" in finding.message
    assert retention.check_retention in doctor.CHECKS
