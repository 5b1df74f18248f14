"""`sendvoice db upgrade`: bring our tables to the newest schema (run by `make run` and the tests)."""
from __future__ import annotations

from bot import settings


def _upgrade(args) -> int:
    from bot.migrations import upgrade_database

    url = settings.load().database_url
    upgrade_database(url)
    print(f"Database is up to date ({_describe(url)}).")
    return 0


def _describe(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def register(subparsers) -> None:
    db = subparsers.add_parser("db", help="database schema commands")
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION")
    upgrade = db_sub.add_parser("upgrade", help="apply every pending migration")
    upgrade.set_defaults(handler=_upgrade)
    db.set_defaults(handler=lambda args: db.print_help() or 0)
