"""`sendvoice feedback export -o FILE.csv [--include-raw --reason "..."]`."""
from __future__ import annotations

from bot import settings


def _export(args) -> int:
    from bot.cli import CommandError
    from bot.feedback.export import ExportRefused, export_csv

    try:
        rows = export_csv(settings.load().database_url, args.output, args.include_raw, args.reason or "")
    except ExportRefused as error:
        raise CommandError(str(error)) from error
    kind = "raw (unredacted) text; this export and its reason are recorded" if args.include_raw else "redacted text"
    print(f"Wrote {rows} answer(s) to {args.output} with {kind}. Words without consent are withheld.")
    return 0


def register(subparsers) -> None:
    feedback = subparsers.add_parser("feedback", help="consultation feedback commands")
    actions = feedback.add_subparsers(dest="feedback_command", metavar="ACTION")
    export = actions.add_parser("export", help="write every answer to a CSV file (personal details redacted)")
    export.add_argument("-o", "--output", required=True, help="CSV file to write")
    export.add_argument("--include-raw", action="store_true",
                        help="people's exact words, unredacted (needs --reason; recorded)")
    export.add_argument("--reason", help="why the unredacted words are needed (recorded with the export)")
    export.set_defaults(handler=_export)
    feedback.set_defaults(handler=lambda args: feedback.print_help() or 0)
