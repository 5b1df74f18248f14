"""`sendvoice safeguarding list | close ID --note "..." | retry`: the duty officer's commands."""
from __future__ import annotations

from bot import settings


def _list(args) -> int:
    from bot.safeguarding.alerts import list_alerts, recover_missed_alerts
    from bot.safeguarding.notifier import configured_transports

    config = settings.load()
    recover_missed_alerts(config.database_url, configured_transports(config))  # never show a list missing one
    alerts = list_alerts(config.database_url, include_closed=args.all)
    if not alerts:
        print("No open safeguarding alerts." if not args.all else "No safeguarding alerts.")
        return 0
    for alert in alerts:
        if not alert.notifications:
            told = "no notification configured"
        elif alert.undelivered:
            told = f"{alert.undelivered} notification(s) NOT delivered yet"
        else:
            told = "duty officer told"
        print(f"#{alert.id}  {alert.created_at:%Y-%m-%d %H:%M} UTC  {alert.status}  via {alert.channel}  "
              f"person {alert.respondent_key[:12]}  ({told})")
        print(f"    matched: {alert.matched}")
        print(f"    message: {alert.message!r}")
        if alert.closed_note:
            print(f"    closed {alert.closed_at:%Y-%m-%d %H:%M} UTC: {alert.closed_note}")
    if not args.all:
        print(f"\n{len(alerts)} open alert(s). Close one with: sendvoice safeguarding close ID --note \"what was done\"")
    return 0


def _close(args) -> int:
    from bot.cli import CommandError
    from bot.safeguarding.alerts import AlertError, close_alert

    try:
        close_alert(settings.load().database_url, args.id, args.note)
    except AlertError as error:
        raise CommandError(str(error)) from error
    print(f"Alert #{args.id} closed.")
    return 0


def _retry(_args) -> int:
    """For cron (every few minutes): recover missed alerts, send every notification that is due."""
    from bot.safeguarding.notifier import retry_pass, undelivered

    config = settings.load()
    recovered, report = retry_pass(config.database_url, config)
    if recovered:
        print(f"Recovered {len(recovered)} alert(s) the action server had not recorded: "
              + ", ".join(f"#{alert_id}" for alert_id in recovered))
    print(f"Sent {len(report.delivered)} notification(s).")
    for failure in report.failed:
        print(f"Not sent: {failure}")
    waiting = undelivered(config.database_url)
    if waiting:
        print(f"{len(waiting)} notification(s) still waiting; they are retried on the next run.")
    return 1 if report.failed else 0


def register(subparsers) -> None:
    safeguarding = subparsers.add_parser("safeguarding", help="safeguarding alerts for the duty officer")
    sub = safeguarding.add_subparsers(dest="safeguarding_command", metavar="ACTION")
    listing = sub.add_parser("list", help="show open alerts (newest last)")
    listing.add_argument("--all", action="store_true", help="closed alerts too")
    listing.set_defaults(handler=_list)
    close = sub.add_parser("close", help="close an alert, saying what was done")
    close.add_argument("id", type=int, help="alert number from `sendvoice safeguarding list`")
    close.add_argument("--note", required=True, help="what was done (who was told, what happened next)")
    close.set_defaults(handler=_close)
    retry = sub.add_parser("retry", help="send undelivered notifications and recover missed alerts (run from cron)")
    retry.set_defaults(handler=_retry)
    safeguarding.set_defaults(handler=lambda args: safeguarding.print_help() or 0)
