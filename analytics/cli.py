"""`sendvoice analyse`, `sendvoice report` and `sendvoice codebook suggest`: the participation officer's commands.

Heavy libraries (spaCy, scikit-learn, openpyxl) load inside the handlers, so `sendvoice --help` stays quick.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Dict

from bot.cli import CommandError


def register(subparsers) -> None:
    analyse = subparsers.add_parser(
        "analyse", help="split answers into statements and give each a stance, themes and sentiment (CSV out)")
    analyse.add_argument("input", type=Path, help="CSV with a 'text' column (and optionally id, question, role, "
                                                  "age_band, district, topic, created_at, respondent)")
    analyse.add_argument("-o", "--output", type=Path, required=True, help="CSV file to write")
    _common(analyse)
    analyse.set_defaults(handler=_analyse)

    report = subparsers.add_parser("report", help="themed report by question: report.html, .xlsx or .json")
    report.add_argument("--input", type=Path, help="CSV to report on (default: consented feedback stored in "
                                                   "DATABASE_URL)")
    report.add_argument("--since", help="only answers on or after this date (YYYY-MM-DD)")
    report.add_argument("--until", help="only answers on or before this date (YYYY-MM-DD)")
    report.add_argument("--role", help="only answers from this role (e.g. parent, young person)")
    report.add_argument("--district", help="only answers from this district")
    report.add_argument("-o", "--output", type=Path, required=True, help="report.html, report.xlsx or report.json")
    _common(report)
    report.set_defaults(handler=_report)

    codebook = subparsers.add_parser("codebook", help="work with the theme codebook")
    codebook_sub = codebook.add_subparsers(dest="codebook_command", metavar="ACTION")
    suggest = codebook_sub.add_parser(
        "suggest", help="propose new themes from statements that fit none (codebook YAML to review)")
    suggest.add_argument("--input", type=Path, help="CSV of answers (default: stored feedback)")
    suggest.add_argument("-o", "--output", type=Path, help="write the suggestions here instead of the screen")
    _common(suggest)
    suggest.set_defaults(handler=_suggest)
    codebook.set_defaults(handler=lambda args: codebook.print_help() or 0)


def _common(parser) -> None:
    parser.add_argument("--codebook", type=Path, help="codebook YAML (default: analytics/codebook.yml)")
    parser.add_argument("--encoding", help="the CSV's text encoding when it is not UTF-8 (e.g. cp1252)")


def _load_rows(input_path, encoding) -> tuple:
    from analytics.inputs import read_csv, read_stored_feedback

    if input_path:
        return read_csv(input_path, encoding), input_path.name
    from bot import settings

    url = settings.load().database_url
    return read_stored_feedback(url), "stored feedback"


def _writable(path: Path, suffixes) -> Path:
    if suffixes and path.suffix.lower() not in suffixes:
        raise CommandError(f"Cannot write {path.name}: the output must end in {', '.join(suffixes)}.")
    if not path.parent.exists():
        raise CommandError(f"The folder {path.parent} does not exist.")
    return path


def _analyse(args) -> int:
    from analytics.analysis import analyse, write_analysed_csv
    from analytics.codebook import load_codebook
    from analytics.inputs import read_csv

    output = _writable(args.output, (".csv",))
    codebook = load_codebook(args.codebook)
    rows = read_csv(args.input, args.encoding)
    statements = analyse(rows, codebook)
    with output.open("w", encoding="utf-8", newline="") as stream:
        written = write_analysed_csv(statements, stream)
    print(f"{len(rows):,} answers became {written:,} statements: {output}")
    return 0


def _filters(args) -> Dict[str, str]:
    from analytics.inputs import parse_date

    filters = {"since": args.since, "until": args.until, "role": args.role, "district": args.district}
    for key in ("since", "until"):
        if filters[key] and parse_date(filters[key]) is None:
            raise CommandError(f"--{key} must be a date like 2025-01-31, not {filters[key]!r}.")
    return filters


def _report(args) -> int:
    from analytics.analysis import analyse, analysed_row
    from analytics.codebook import load_codebook
    from analytics.emerging import emerging_themes
    from analytics.inputs import apply_filters
    from analytics.render import FORMATS, write_report
    from analytics.report import MIN_GROUP, build_report

    output = _writable(args.output, FORMATS)
    filters = _filters(args)
    codebook = load_codebook(args.codebook)
    rows, source = _load_rows(args.input, args.encoding)
    rows = apply_filters(rows, filters)
    if not rows:
        raise CommandError("No answers match those filters; nothing to report.")
    statements = analyse(rows, codebook, keep_words=True)
    emerging = [candidate for candidate in emerging_themes(statements) if candidate["respondents"] >= MIN_GROUP]
    report = build_report(statements, codebook, source, filters, emerging)
    write_report(report, (analysed_row(statement) for statement in statements), output)
    print(f"Report on {len(statements):,} statements written to {output}")
    return 0


def _suggest(args) -> int:
    from analytics.analysis import analyse
    from analytics.codebook import load_codebook
    from analytics.emerging import as_codebook_yaml, emerging_themes

    codebook = load_codebook(args.codebook)
    rows, _source = _load_rows(args.input, args.encoding)
    statements = analyse(rows, codebook, keep_words=True)
    text = as_codebook_yaml(emerging_themes(statements))
    if args.output:
        _writable(args.output, (".yml", ".yaml")).write_text(text, encoding="utf-8")
        print(f"Suggestions written to {args.output}")
    else:
        sys.stdout.write(text)
    return 0
