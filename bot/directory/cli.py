"""`sendvoice directory import FILE | export [--out FILE] | search ...`: the council's service directory."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from bot import settings


def _import(args) -> int:
    from bot.cli import CommandError
    from bot.directory.importer import DirectoryFileError, import_file

    try:
        summary = import_file(Path(args.file), _migrated_url())
    except DirectoryFileError as error:
        raise CommandError(str(error)) from error
    print("\n".join(summary.lines()))
    # Skipped records are worth a non-zero exit for a scheduled import, but the good ones are already in.
    return 1 if summary.skipped else 0


def _migrated_url() -> str:
    """The database URL, with its tables brought up to date: a fresh install has no directory tables yet."""
    from bot.migrations import upgrade_database

    url = settings.load().database_url
    upgrade_database(url)
    return url


def _export(args) -> int:
    from bot.directory.exporter import export_directory

    document = export_directory(_migrated_url())
    text = json.dumps(document, indent=2, ensure_ascii=False)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
        print(f"Exported {document['total_items']} service(s) to {args.out}.")
    else:
        sys.stdout.write(text + "\n")
    return 0


def _search(args) -> int:
    from bot.db import session_scope
    from bot.directory.search import query_from_words, search

    query = query_from_words(args.need, args.category, args.district, args.age)
    if query.too_broad:
        from bot.cli import CommandError

        raise CommandError("give --need or --category (or both)")
    with session_scope(_migrated_url()) as session:
        matches = search(session, query, limit=args.limit)
    for match in matches:
        print(f"{match.name} [{match.id}]{' (local)' if match.local else ''}: {match.phone or match.url or ''}")
    if not matches:
        print("No service matches.")
    return 0


def register(subparsers) -> None:
    directory = subparsers.add_parser("directory", help="import, export and search the Local Offer service directory")
    actions = directory.add_subparsers(dest="directory_command", metavar="ACTION")
    load = actions.add_parser("import", help="load an Open Referral UK JSON file (HSDS 3 or ORUK v1); safe to repeat")
    load.add_argument("file", help="the JSON export from your directory system")
    load.set_defaults(handler=_import)
    dump = actions.add_parser("export", help="write the directory out as HSDS 3 JSON")
    dump.add_argument("--out", help="file to write (default: standard output)")
    dump.set_defaults(handler=_export)
    find = actions.add_parser("search", help="try a search as the assistant would run it")
    find.add_argument("--need", help="e.g. autism, hearing")
    find.add_argument("--category", help="e.g. short breaks, transport")
    find.add_argument("--district", help="e.g. Melton")
    find.add_argument("--age", type=int)
    find.add_argument("--limit", type=int, default=3)
    find.set_defaults(handler=_search)
    directory.set_defaults(handler=lambda args: directory.print_help() or 0)
