"""`sendvoice report` on the feedback stored by the assistant, on SQLite and PostgreSQL."""
import json
import os
import subprocess
import sys

import pytest
from sqlalchemy import delete

from bot.db import session_scope
from bot.feedback import storage
from bot.models.feedback import FeedbackAnswer, FeedbackSubmission
from bot.privacy import respondent_key
from bot.settings import PROJECT_ROOT
from tests.conftest import TEST_SECRET

NO_CONSENT_WORDS = "the minibus driver swears at the children every morning"


@pytest.fixture
def feedback_database(database_url):
    with session_scope(database_url) as session:  # the PostgreSQL test database is shared between tests
        for table in (FeedbackAnswer, FeedbackSubmission):
            session.execute(delete(table))
    return database_url


def give_feedback(url, public_id, sender, consent, answers, district="Melton"):
    key = respondent_key(sender, TEST_SECRET)
    storage.save_details(url, public_id, key, "twilio", role="parent", district=district)
    for question, words in answers.items():
        storage.save_answer(url, public_id, key, "twilio", question, words)
    storage.save_details(url, public_id, key, "twilio", consent=consent)
    storage.mark_complete(url, public_id, key, "twilio")


def report(url, tmp_path, *args):
    output = tmp_path / "report.json"
    result = subprocess.run([sys.executable, "-m", "bot.cli", "report", *args, "-o", str(output)], cwd=PROJECT_ROOT,
                            capture_output=True, text=True, timeout=300,
                            env={**os.environ, "DATABASE_URL": url, "SENDVOICE_SECRET_KEY": TEST_SECRET})
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return output


def test_report_themes_consented_stored_feedback_and_counts_people_once(feedback_database, tmp_path):
    for number in range(6):
        give_feedback(feedback_database, f"p{number}", f"sms-{number}", True, {
            "working_well": "The short breaks have been a lifeline for us.",
            "not_working": f"The school bus is late most days, ring me on 07700 900{number:03d}.",
            "needs_to_happen": "More youth clubs for disabled teenagers please.",
        })
    give_feedback(feedback_database, "x", "sms-x", False, {"not_working": NO_CONSENT_WORDS})
    output = report(feedback_database, tmp_path)
    data = json.loads(output.read_text(encoding="utf-8"))
    assert data["source"] == "stored feedback" and data["totals"]["respondents"] == 6
    first = {question["id"]: question["themes"][0] for question in data["questions"]}
    assert (first["not_working"]["id"], first["not_working"]["respondents"]) == ("transport", 6)
    assert first["working_well"]["id"] == "social_care_short_breaks"
    assert first["needs_to_happen"]["id"] == "social_activities"
    text = output.read_text(encoding="utf-8")
    assert "07700" not in text and "[phone]" in text
    assert NO_CONSENT_WORDS not in text and "swears" not in text


def test_filters_apply_to_stored_feedback(feedback_database, tmp_path):
    for number in range(5):
        give_feedback(feedback_database, f"m{number}", f"m-{number}", True,
                      {"not_working": "The taxi is always late."}, district="Melton")
        give_feedback(feedback_database, f"b{number}", f"b-{number}", True,
                      {"not_working": "The CAMHS waiting list is two years long."}, district="Blaby")
    data = json.loads(report(feedback_database, tmp_path, "--district", "blaby").read_text(encoding="utf-8"))
    themes = [theme["id"] for theme in data["questions"][1]["themes"]]
    assert themes == ["health_waits"]


def test_a_database_without_feedback_tables_is_a_clear_message(tmp_path):
    url = f"sqlite:///{tmp_path / 'new.db'}"
    result = subprocess.run([sys.executable, "-m", "bot.cli", "report", "-o", str(tmp_path / "r.html")],
                            cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "DATABASE_URL": url})
    assert result.returncode == 2
    assert "Could not read stored feedback from the database" in result.stderr
    assert "Traceback" not in result.stderr
