"""`assistant log ...` and `assistant alerts ...`: the shift log and safety alerts from a terminal."""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .alerts.incidents import IncidentBook
from .config import Config, load_config
from .store import REPORT_FIELDS, LogWriteError, ShiftLog

_EXPORT_FIELDS = (*REPORT_FIELDS, "hash")


def add_commands(commands: Any) -> None:
    log = commands.add_parser(
        "log",
        help="read, export and verify the shift log",
        description="The shift log: every report, hash-chained in SQLite.",
    )
    log_commands = log.add_subparsers(title="log commands", required=True, metavar="ACTION")
    tail = log_commands.add_parser("tail", help="the latest reports")
    tail.add_argument("-n", type=int, default=10, help="how many (default 10)")
    tail.set_defaults(func=_cmd_log_tail)
    show = log_commands.add_parser("show", help="one report with every field")
    show.add_argument("id", type=int)
    show.set_defaults(func=_cmd_log_show)
    export = log_commands.add_parser("export", help="every report as CSV or JSON")
    form = export.add_mutually_exclusive_group(required=True)
    form.add_argument("--csv", action="store_true")
    form.add_argument("--json", action="store_true", help="one JSON object per line")
    export.add_argument("--out", type=Path, help="write to this file instead of stdout")
    export.set_defaults(func=_cmd_log_export)
    drafts = log_commands.add_parser("drafts", help="reports read back but not confirmed (never saved silently)")
    drafts.add_argument("--all", action="store_true", help="also committed and discarded drafts")
    drafts.set_defaults(func=_cmd_log_drafts)
    verify = log_commands.add_parser(
        "verify",
        help="check integrity, the keyed hash chains, deletions and forged acknowledgements; exit 1 on any finding",
    )
    verify.add_argument(
        "--published",
        type=Path,
        metavar="JSON",
        help="an alert message (or its log_head) as a receiver kept it: the log must still hold that chain head",
    )
    verify.set_defaults(func=_cmd_log_verify)

    alerts = commands.add_parser(
        "alerts",
        help="list, acknowledge and deliver safety alerts",
        description="Safety alerts are advisory notifications, not a certified safety function.",
    )
    alert_commands = alerts.add_subparsers(title="alert commands", required=True, metavar="ACTION")
    listing = alert_commands.add_parser("list", help="incidents with their state and delivery")
    listing.add_argument("--open", action="store_true", help="only incidents not yet acknowledged")
    listing.set_defaults(func=_cmd_alerts_list)
    ack = alert_commands.add_parser("ack", help="acknowledge an incident: stops its repeats")
    ack.add_argument("incident", help="incident id (a unique prefix is enough)")
    ack.add_argument("--by", required=True, help="who acknowledges (name or badge)")
    ack.set_defaults(func=_cmd_alerts_ack)
    clear = alert_commands.add_parser(
        "clear", help="the hazard is gone: close an incident (acknowledging it first); 'cleared' goes to every channel"
    )
    clear.add_argument("incident", help="incident id (a unique prefix is enough)")
    clear.add_argument("--by", required=True, help="who clears it (name or badge)")
    clear.set_defaults(func=_cmd_alerts_clear)
    deliver = alert_commands.add_parser("deliver", help="send queued alert messages now, then exit")
    deliver.add_argument("--timeout", type=float, default=30.0, help="give up after this many seconds")
    deliver.set_defaults(func=_cmd_alerts_deliver)


def _open(args: argparse.Namespace) -> tuple[Config, ShiftLog]:
    config = load_config(args.config)
    if not config.database_path.exists():
        head = config.database_path.with_name(config.database_path.name + ".head")
        if head.exists():
            raise LogWriteError(f"{config.database_path} is missing but its chain head {head} exists: deleted?")
        print(f"no shift log at {config.database_path} yet", file=sys.stderr)
        raise SystemExit(1)
    return config, ShiftLog(config.database_path, config.chain_key_path)


def _when(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, tz=UTC).astimezone().strftime("%Y-%m-%d %H:%M:%S")


def _cmd_log_tail(args: argparse.Namespace) -> int:
    _, log = _open(args)
    for report in log.reports(limit=args.n):
        print(_line(report, report["created_at"], f"{report['station']:10} {report['kind']:18} {report['status']:10}"))
    return 0


def _cmd_log_drafts(args: argparse.Namespace) -> int:
    _, log = _open(args)
    for draft in log.drafts(None if args.all else "pending"):
        print(_line(draft, draft["updated_at"], f"{draft['headset']:12} {draft['state']:10}"))
    return 0


def _line(record: Mapping[str, Any], when: float, middle: str) -> str:
    slots = ", ".join(f"{k}={v}" for k, v in record["slots"].items())
    return f"{record['id']:>6}  {_when(when)}  {middle} {slots}  | {record['transcript']}"


def _cmd_log_show(args: argparse.Namespace) -> int:
    _, log = _open(args)
    report = log.report(args.id)
    if report is None:
        print(f"no report {args.id}", file=sys.stderr)
        return 1
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


def _cmd_log_export(args: argparse.Namespace) -> int:
    _, log = _open(args)
    out = args.out.open("w", newline="", encoding="utf-8") if args.out else sys.stdout
    try:
        reports: list[dict[str, Any]] = [dict(report) for report in log.reports()]
        if args.json:
            for report in reports:
                out.write(json.dumps({k: report[k] for k in _EXPORT_FIELDS}, ensure_ascii=False) + "\n")
        else:
            writer = csv.writer(out)
            writer.writerow(_EXPORT_FIELDS)
            for report in reports:
                writer.writerow(
                    [
                        json.dumps(report[k], sort_keys=True) if isinstance(report[k], dict) else report[k]
                        for k in _EXPORT_FIELDS
                    ]
                )
    finally:
        if args.out:
            out.close()
    if args.out:
        print(f"exported {len(reports)} reports to {args.out}", file=sys.stderr)
    return 0


def _cmd_log_verify(args: argparse.Namespace) -> int:
    try:
        _, log = _open(args)
        problems = log.verify()
        if args.published is not None:
            problems += log.verify_published(_published_head(args.published))
    except LogWriteError as exc:  # not even openable: that is a finding too, not a traceback
        print(f"FAILED: {exc}")
        return 1
    if problems:
        for problem in problems:
            print(f"FAILED: {problem}")
        return 1
    heads = log.heads()
    legacy = f"; {log.legacy_rows} rows from before keyed chaining checked unkeyed" if log.legacy_rows else ""
    print(
        f"ok: {heads['reports'].count} reports, {heads['alerts'].count} alerts and {heads['events'].count} "
        f"delivery/acknowledgement events; integrity check passed, keyed hash chains intact and ending where "
        f"the head outside the database says{legacy}"
    )
    return 0


def _published_head(path: Path) -> dict[str, Any]:
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise LogWriteError(f"--published {path}: not a readable JSON file ({exc})") from None
    head = body.get("log_head", body) if isinstance(body, dict) else None
    if not isinstance(head, dict):
        raise LogWriteError(f"--published {path}: no log_head in it")
    return head


def _cmd_alerts_list(args: argparse.Namespace) -> int:
    config, log = _open(args)
    book = IncidentBook(log, config.alerts)
    incidents = book.open_incidents() if args.open else book.incidents()
    for incident in incidents:
        state = incident["state"] + (f" by {incident['acked_by']}" if incident["acked_by"] else "")
        print(
            f"{incident['id']}  {_when(incident['created_at'])}  {incident['hazard_key']:30} "
            f"alerts={incident['alert_count']} repeats={incident['repeats']} level={incident['level']}  {state}"
        )
    print(f"{book.pending_count()} message(s) waiting for delivery", file=sys.stderr)
    return 0


def _incident(args: argparse.Namespace) -> tuple[IncidentBook, str] | None:
    """The incident a unique id prefix names, or None (said on stderr)."""
    config, log = _open(args)
    book = IncidentBook(log, config.alerts)
    matches = [i["id"] for i in book.incidents() if str(i["id"]).startswith(args.incident)]
    if len(matches) != 1:
        print(f"{'no' if not matches else 'more than one'} incident matches '{args.incident}'", file=sys.stderr)
        return None
    return book, str(matches[0])


def _cmd_alerts_ack(args: argparse.Namespace) -> int:
    if (found := _incident(args)) is None:
        return 1
    book, incident = found
    if book.acknowledge(incident, by=f"cli:{args.by}"):
        print(f"incident {incident} acknowledged by {args.by}")
        return 0
    print(f"incident {incident} was already acknowledged", file=sys.stderr)
    return 0


def _cmd_alerts_clear(args: argparse.Namespace) -> int:
    if (found := _incident(args)) is None:
        return 1
    book, incident = found
    if book.clear(incident, by=f"cli:{args.by}"):
        print(f"incident {incident} cleared by {args.by}; the channels are told when delivery runs")
        return 0
    print(f"incident {incident} was already cleared", file=sys.stderr)
    return 0


def _cmd_alerts_deliver(args: argparse.Namespace) -> int:
    from .app import start_delivery

    config, log = _open(args)
    book = IncidentBook(log, config.alerts)
    delivery = start_delivery(book, config.alerts, config.plant.site)
    deadline = time.monotonic() + args.timeout
    pending = book.pending_count()
    while pending and time.monotonic() < deadline:
        delivery.wake()
        time.sleep(0.1)
        pending = book.pending_count()
    delivery.stop()
    print(f"{pending} message(s) still waiting" if pending else "every queued alert message delivered")
    return 1 if pending else 0
