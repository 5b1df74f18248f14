"""`sendvoice analyse`, `report` and `codebook suggest` as the participation officer runs them."""
import csv
import json
import re
import subprocess
import sys

import pytest

from analytics.synthetic import write_csv
from bot.cli import main
from bot.redaction import redact
from bot.settings import PROJECT_ROOT

PHONE_OR_EMAIL = re.compile(r"(?:\+44|0)\s?\d{3,4}\s?\d{3}\s?\d{3,4}|[\w.+-]+@[\w-]+\.[\w.]+")
SAFEGUARDING_TEXT = "my stepdad hurts me when mum is out"


@pytest.fixture(scope="module")
def answers_csv(tmp_path_factory):
    """600 made-up answers, plus answers the report must treat specially."""
    path = tmp_path_factory.mktemp("answers") / "answers.csv"
    write_csv(path, 600)
    with path.open("a", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        # A safeguarding disclosure flagged by the feedback flow: must never reach a report.
        writer.writerow(["sg1", SAFEGUARDING_TEXT, "not_working", "young person", "11-15", "Melton", "", "2025-03-01",
                         "rsg", "true"])
        # A district with only three people: its counts must be withheld.
        for number in range(3):
            writer.writerow([f"tiny{number}", "The bus is always late and the driver shouts.", "not_working",
                             "parent", "", "Rutland", "", "2025-04-02", f"rt{number}", ""])
    text = path.read_text(encoding="utf-8").replace("respondent\n", "respondent,safeguarding\n", 1)
    path.write_text(text, encoding="utf-8")
    return path


def run(*args):
    return main([str(arg) for arg in args])


def read_rows(path):
    with open(path, encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_analyse_writes_every_statement_with_stance_themes_sentiment_and_redacted_text(answers_csv, tmp_path):
    output = tmp_path / "out.csv"
    assert run("analyse", answers_csv, "-o", output) == 0
    rows = read_rows(output)
    source = {row["id"]: row for row in read_rows(answers_csv)}
    assert len(rows) > len(source)  # answers with several points became several statements
    for row in rows:
        assert row["stance"] in ("working_well", "not_working", "needs_to_happen")
        assert row["themes"] and all(re.fullmatch(r"[a-z0-9_]+", theme) for theme in row["themes"].split(";"))
        assert -1 <= float(row["sentiment"]) <= 1
        assert row["text"] in redact(source[row["answer_id"]]["text"])  # verbatim apart from redaction
        assert not PHONE_OR_EMAIL.search(row["text"])
    assert SAFEGUARDING_TEXT not in output.read_text(encoding="utf-8")


def test_same_input_and_codebook_give_the_same_output_every_run(answers_csv, tmp_path):
    first, second = tmp_path / "1.csv", tmp_path / "2.csv"
    run("analyse", answers_csv, "-o", first)
    run("analyse", answers_csv, "-o", second)
    assert first.read_bytes() == second.read_bytes()
    run("report", "--input", answers_csv, "-o", tmp_path / "1.json")
    run("report", "--input", answers_csv, "-o", tmp_path / "2.json")
    reports = [json.loads((tmp_path / name).read_text()) for name in ("1.json", "2.json")]
    for report in reports:
        report.pop("generated_at")
    assert reports[0] == reports[1]


@pytest.fixture(scope="module")
def report(answers_csv, tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "report.json"
    assert run("report", "--input", answers_csv, "-o", path) == 0
    return json.loads(path.read_text(encoding="utf-8"))


def test_report_ranks_themes_by_respondents_for_each_of_the_three_questions(report):
    assert [question["id"] for question in report["questions"]] == ["working_well", "not_working", "needs_to_happen"]
    for question in report["questions"]:
        shown = [theme for theme in question["themes"] if theme["respondents"] is not None]
        assert len(shown) >= 3
        counts = [theme["respondents"] for theme in shown]
        assert counts == sorted(counts, reverse=True)
        for theme in shown:
            assert 0 < theme["share"] <= 1
            assert theme["share"] == pytest.approx(theme["respondents"] / question["respondents"], abs=1e-3)
            assert theme["description"]
            assert 1 <= len(theme["quotes"]) <= 3  # made-up answers repeat sentences; repeats are quoted once


def test_quotes_are_verbatim_redacted_words_of_different_people(report, answers_csv):
    redacted_answers = [redact(row["text"]) for row in read_rows(answers_csv)]
    for question in report["questions"]:
        for theme in question["themes"]:
            for quote in theme["quotes"]:
                assert any(quote in answer for answer in redacted_answers), quote
                assert not PHONE_OR_EMAIL.search(quote)
            assert len(set(theme["quotes"])) == len(theme["quotes"])


def test_quotes_come_from_different_people_and_are_never_cut_short():
    from types import SimpleNamespace

    from analytics.report import pick_quotes

    def statement(text, person):
        return SimpleNamespace(text=text, respondent=person, themes=["transport"], evidence={"transport": ["bus"]})

    long_text = "The bus " + "is late again " * 40
    statements = [statement("The bus is late every single day.", "a"), statement("The bus driver shouts at him.", "a"),
                  statement(long_text, "b"), statement("Our bus takes ninety minutes each way.", "c"),
                  statement("The minibus has no seatbelts that work.", "d"), statement("The bus is late every single day.", "e")]
    quotes = pick_quotes(statements)
    assert len(quotes) == 3 and len(set(quotes)) == 3
    assert long_text not in quotes
    assert not {"The bus is late every single day.", "The bus driver shouts at him."} <= set(quotes)


def test_groups_under_five_people_are_withheld_everywhere(report):
    def every_count(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("respondents", "statements", "answers") and value is not None:
                    yield value
                yield from every_count(value)
        elif isinstance(node, list):
            for item in node:
                yield from every_count(item)

    assert all(count >= 5 for count in every_count(report))
    transport = next(theme for theme in report["questions"][1]["themes"] if theme["id"] == "transport")
    rutland = [row for row in transport["breakdown"]["district"] if row["group"] == "Rutland"]
    assert rutland == [{"group": "Rutland", "respondents": None}]
    small = [theme for question in report["questions"] for theme in question["themes"] if theme["respondents"] is None]
    assert all(theme["quotes"] == [] and theme["share"] is None for theme in small)


def test_breakdowns_and_monthly_trend_are_there(report):
    theme = report["questions"][1]["themes"][0]
    assert {"role", "age_band", "district"} <= set(theme["breakdown"])
    assert {row["group"] for row in theme["breakdown"]["role"]} >= {"parent"}
    months = [point["month"] for point in theme["trend"]]
    assert months == sorted(months) and all(re.fullmatch(r"2025-\d\d", month) for month in months)
    assert report["method"] and any("fewer than 5" in note for note in report["method"])


def test_safeguarding_alerts_never_appear(report, answers_csv, tmp_path):
    assert SAFEGUARDING_TEXT not in json.dumps(report)
    for suffix in ("html", "xlsx"):
        path = tmp_path / f"report.{suffix}"
        run("report", "--input", answers_csv, "-o", path)
        if suffix == "html":
            assert SAFEGUARDING_TEXT not in path.read_text(encoding="utf-8")


def test_filters_narrow_the_report(answers_csv, tmp_path):
    path = tmp_path / "filtered.json"
    assert run("report", "--input", answers_csv, "--role", "young person", "--district", "Melton",
               "--since", "2025-06-01", "--until", "2025-12-31", "-o", path) == 0
    filtered = json.loads(path.read_text())
    assert filtered["filters"] == {"since": "2025-06-01", "until": "2025-12-31", "role": "young person",
                                   "district": "Melton"}
    for question in filtered["questions"]:
        for theme in question["themes"]:
            assert all(row["group"] in ("young person",) for row in theme["breakdown"].get("role", []))
            assert all(row["group"] == "Melton" for row in theme["breakdown"].get("district", []))
            assert all("2025-06" <= point["month"] <= "2025-12" for point in theme["trend"])


def test_a_respondent_with_several_answers_counts_once(tmp_path):
    path = tmp_path / "repeat.csv"
    rows = [["id", "text", "question", "respondent"]]
    rows += [[f"a{n}", "The bus is always late.", "not_working", "same-person"] for n in range(8)]
    rows += [[f"b{n}", "The taxi never turns up.", "not_working", f"person{n}"] for n in range(5)]
    with path.open("w", newline="") as stream:
        csv.writer(stream).writerows(rows)
    run("report", "--input", path, "-o", tmp_path / "r.json")
    report = json.loads((tmp_path / "r.json").read_text())
    transport = report["questions"][1]["themes"][0]
    assert (transport["id"], transport["respondents"], transport["statements"]) == ("transport", 6, 13)


def test_xlsx_has_a_sheet_per_question_and_the_themed_rows(answers_csv, tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "report.xlsx"
    assert run("report", "--input", answers_csv, "-o", path) == 0
    workbook = load_workbook(path, read_only=True)
    assert workbook.sheetnames == ["Whats working well", "Whats not working well", "What needs to happen",
                                   "Themed statements", "How this was made"]
    rows = list(workbook["Themed statements"].iter_rows(values_only=True))
    assert rows[0][:3] == ("id", "stance", "themes") and len(rows) > 600
    ranked = list(workbook["Whats not working well"].iter_rows(min_row=5, max_row=6, values_only=True))
    assert ranked[0][0] == 1 and ranked[0][1] and ranked[0][5]  # rank, theme name, first quote
    assert not any(PHONE_OR_EMAIL.search(str(cell)) for row in rows for cell in row if cell)


def test_formulas_control_characters_and_markup_in_answers_stay_plain_text_in_the_spreadsheet(tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "odd.csv"
    path.write_text('text\n"=HYPERLINK(""http://x"",""click"") the bus is late"\n"the taxi\x01 is <b>late</b> & loud"\n',
                    encoding="utf-8")
    run("report", "--input", path, "-o", tmp_path / "r.xlsx")
    sheet = load_workbook(tmp_path / "r.xlsx")["Themed statements"]
    assert sheet.cell(row=2, column=5).data_type == "s"
    assert sheet.cell(row=2, column=5).value.startswith("'=HYPERLINK")
    assert sheet.cell(row=3, column=5).value == "the taxi is <b>late</b> & loud"
    assert isinstance(sheet.cell(row=3, column=4).value, float)  # sentiment is a number to sort and chart by


def test_codebook_suggest_proposes_a_named_theme_from_what_fits_none(answers_csv, tmp_path):
    import yaml

    output = tmp_path / "suggested.yml"
    assert run("codebook", "suggest", "--input", answers_csv, "-o", output) == 0
    suggested = yaml.safe_load(output.read_text(encoding="utf-8"))
    allotment = [entry for entry in suggested if "allotment" in entry["phrases"]]
    assert allotment, suggested
    assert allotment[0]["id"].startswith("new_") and allotment[0]["name"]
    assert allotment[0]["examples"] and all("allotment" in example.lower() for example in allotment[0]["examples"])
    # Accepted into a codebook as it stands, the suggestion loads and matches.
    from analytics.codebook import load_codebook

    merged = tmp_path / "codebook.yml"
    base = (PROJECT_ROOT / "analytics" / "codebook.yml").read_text(encoding="utf-8")
    merged.write_text(base + "\n" + "\n".join("  " + line for line in yaml.safe_dump(allotment, sort_keys=False)
                                             .splitlines()) + "\n", encoding="utf-8")
    assert "new_" in load_codebook(merged).ids[-1]


def command(*args, env=None):
    import os

    return subprocess.run([sys.executable, "-m", "bot.cli", *map(str, args)], cwd=PROJECT_ROOT, capture_output=True,
                          text=True, timeout=300, env={**os.environ, **(env or {})})


@pytest.mark.parametrize("content, message", [
    (b"answer,question\nhello,working_well\n", "has no 'text' column (columns found: 'answer', 'question')"),
    (b"", "is empty"),
    (b"text,question\n,working_well\n  ,\n", "has no answers to analyse"),
    (b"text\nthe caf\xe9 group is great\n", "is not UTF-8 text (first unreadable byte on line 2)"),
    (b"PK\x03\x04rest-of-a-workbook", "is a spreadsheet workbook, not a CSV file"),
])
def test_bad_input_gets_a_clear_message_and_no_traceback(tmp_path, content, message):
    path = tmp_path / "input.csv"
    path.write_bytes(content)
    result = command("analyse", path, "-o", tmp_path / "out.csv")
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not (tmp_path / "out.csv").exists()


def test_a_50_mb_file_is_refused_with_advice(tmp_path):
    path = tmp_path / "huge.csv"
    with path.open("w", encoding="utf-8") as stream:
        stream.write("text\n")
        line = "The bus is always late and nobody answers the phone at the office.\n"
        stream.write(line * (50 * 1024 * 1024 // len(line)))
    result = command("report", "--input", path, "-o", tmp_path / "r.html")
    assert result.returncode == 2
    assert "more than the 25 MB limit" in result.stderr and "ANALYTICS_MAX_INPUT_MB" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_older_excel_export_reads_when_its_encoding_is_given(tmp_path):
    path = tmp_path / "cp1252.csv"
    path.write_bytes("text,question\n\u201cThe caf\u00e9 club is brilliant\u201d,working_well\n".encode("cp1252"))
    assert run("analyse", path, "--encoding", "cp1252", "-o", tmp_path / "out.csv") == 0
    assert "caf\u00e9 club is brilliant" in read_rows(tmp_path / "out.csv")[0]["text"]


def test_other_languages_emoji_html_and_sql_looking_text_pass_through_safely(tmp_path):
    path = tmp_path / "odd.csv"
    answers = ["Mae'r bws yn hwyr bob dydd \U0001F68C", "<script>alert('x')</script> the taxi is late",
               "'; DROP TABLE feedback; -- bus", "\U0001F600\U0001F600\U0001F600"]
    with path.open("w", newline="", encoding="utf-8") as stream:
        csv.writer(stream).writerows([["text"]] + [[answer] for answer in answers])
    assert run("analyse", path, "-o", tmp_path / "out.csv") == 0
    texts = [row["text"] for row in read_rows(tmp_path / "out.csv")]
    assert texts == answers
    assert run("report", "--input", path, "-o", tmp_path / "r.html") == 0
    assert "<script>alert" not in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_report_names_a_wrong_output_type_and_bad_dates(answers_csv, tmp_path):
    result = command("report", "--input", answers_csv, "-o", tmp_path / "report.pdf")
    assert result.returncode == 2 and "must end in .html, .xlsx, .json" in result.stderr
    result = command("report", "--input", answers_csv, "--since", "last tuesday", "-o", tmp_path / "r.html")
    assert result.returncode == 2 and "--since must be a date like 2025-01-31" in result.stderr


def test_a_long_run_shows_progress_on_stderr_and_keeps_stdout_clean(tmp_path):
    answers = write_csv(tmp_path / "big.csv", 3200)  # about 5,600 statements
    result = command("analyse", answers, "-o", tmp_path / "out.csv")
    assert result.returncode == 0
    assert "Analysing" in result.stderr and "100%" in result.stderr
    assert result.stdout.strip().endswith("out.csv") and "Analysing" not in result.stdout


def test_a_formula_in_an_answer_stays_text_in_the_analysed_csv(tmp_path):
    path = tmp_path / "formula.csv"
    path.write_text('text\n"=HYPERLINK(""http://x"",""click"") the bus is late"\n', encoding="utf-8")
    run("analyse", path, "-o", tmp_path / "out.csv")
    assert read_rows(tmp_path / "out.csv")[0]["text"].startswith("'=HYPERLINK")


def test_a_disclosure_in_a_csv_without_an_alert_column_is_left_out(tmp_path):
    from bot.safeguarding.detector import is_disclosure

    disclosure = "my dad hits me when he is drunk and I am scared to go home"
    assert is_disclosure(disclosure)
    path = tmp_path / "notes.csv"
    with path.open("w", newline="", encoding="utf-8") as stream:
        csv.writer(stream).writerows([["text"], ["The bus is always late."], [disclosure]])
    run("analyse", path, "-o", tmp_path / "out.csv")
    assert [row["text"] for row in read_rows(tmp_path / "out.csv")] == ["The bus is always late."]


def test_a_survey_export_with_the_questions_as_worded_gets_the_question_prior(tmp_path):
    path = tmp_path / "survey.csv"
    with path.open("w", newline="", encoding="utf-8") as stream:
        csv.writer(stream).writerows([["text", "question"], ["The SENCO at his school", "What\u2019s working well?"],
                                      ["The SENCO at his school", "What needs to happen?"],
                                      ["The SENCO at his school", "Any other comments?"]])
    run("analyse", path, "-o", tmp_path / "out.csv")
    rows = read_rows(tmp_path / "out.csv")
    assert [(row["question"], row["stance_source"]) for row in rows] == [
        ("working_well", "question"), ("needs_to_happen", "question"), ("", "words")]
