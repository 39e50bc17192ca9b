"""`assistant collector`, `assistant web ...` and `assistant bench plant`."""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from pathlib import Path
from typing import Any

from ..config import load_config

DSN_ENV = "ASSISTANT_PLANT_DSN"


def add_commands(commands: Any) -> None:
    collector = commands.add_parser(
        "collector",
        help="write every station's MQTT messages into the plant PostgreSQL database (idempotent)",
        description="Subscribe to all stations (MQTT 5 shared subscription: run several, any one may die) "
        "and write their incidents, reports, drafts and state into PostgreSQL by message id. "
        "Migrations are applied at start.",
    )
    collector.add_argument("--dsn", default=os.environ.get(DSN_ENV, ""), help=f"PostgreSQL DSN (default ${DSN_ENV})")
    collector.add_argument("--mqtt-host", help="broker host (default: [alerts] mqtt_host)")
    collector.add_argument("--mqtt-port", type=int, help="broker port (default: [alerts] mqtt_port)")
    collector.add_argument("--name", default=f"collector-{os.uname().nodename}", help="MQTT client id (keep it)")
    collector.add_argument("--group", default="plant", help="shared-subscription group of the collectors")
    collector.add_argument("--stats", type=float, default=0.0, help="print throughput every N seconds")
    collector.set_defaults(func=_cmd_collector)

    web = commands.add_parser("web", help="the supervisor web page (incidents, shift log, health, handover)")
    web.add_argument("--dsn", default=os.environ.get(DSN_ENV, ""), help="plant database; empty: this station's log")
    web.add_argument("--host", default="127.0.0.1")
    web.add_argument("--port", type=int, default=8080)
    web.add_argument(
        "--plain-http",
        action="store_true",
        help="session cookies without the Secure flag on a non-loopback host "
        "(only on a trusted network; otherwise put the page behind TLS)",
    )
    web.add_argument("--users", type=Path, help="users file (default: STATE_DIR/web-users.json)")
    web.set_defaults(func=_cmd_web)
    web_commands = web.add_subparsers(title="web commands", metavar="ACTION")
    user = web_commands.add_parser("user", help="add or change a supervisor login (asks for the password)")
    user.add_argument("name")
    user.add_argument("--role", choices=("viewer", "supervisor"), default="viewer")
    user.add_argument("--users", type=Path, help="users file (default: STATE_DIR/web-users.json)")
    user.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    user.set_defaults(func=_cmd_web_user)


def add_bench(bench_commands: Any) -> None:
    plant = bench_commands.add_parser(
        "plant",
        help="N simulated stations through a real broker into a real PostgreSQL with two collectors; "
        "kills a collector and restarts the broker mid-run; throughput, alert latency, loss",
    )
    plant.add_argument("--stations", type=int, default=200)
    plant.add_argument("--seconds", type=float, default=60.0, help="length of the realistic-rate phase")
    plant.add_argument("--burst", type=int, default=20000, help="messages sent as fast as possible after it")
    plant.add_argument("--live-burst", type=int, default=10000, help="messages sent at full speed with collectors up")
    plant.add_argument("--no-faults", action="store_true", help="skip the collector kill and broker restart")
    plant.add_argument("--report", type=Path, default=Path("reports") / "bench-plant.md")
    plant.set_defaults(func=_cmd_bench_plant)


def _settings(args: argparse.Namespace) -> Any:
    config = load_config(args.config)
    alerts = config.alerts
    if getattr(args, "mqtt_host", None):
        alerts = dataclasses.replace(alerts, mqtt_host=args.mqtt_host)
    if getattr(args, "mqtt_port", None):
        alerts = dataclasses.replace(alerts, mqtt_port=args.mqtt_port)
    return config, alerts


def _cmd_collector(args: argparse.Namespace) -> int:
    from .collector import run_collector

    if not args.dsn:
        print(f"error: no plant database: give --dsn or set ${DSN_ENV}", file=sys.stderr)
        return 2
    _, alerts = _settings(args)
    return int(run_collector(alerts, args.dsn, name=args.name, group=args.group, stats_every_s=args.stats))


def _users_path(args: argparse.Namespace, config: Any) -> Path:
    return Path(args.users) if args.users else config.database_path.parent / "web-users.json"


def _cmd_web(args: argparse.Namespace) -> int:
    from .web.server import serve

    config, alerts = _settings(args)
    return serve(
        config,
        alerts,
        dsn=args.dsn,
        users=_users_path(args, config),
        host=args.host,
        port=args.port,
        plain_http=args.plain_http,
    )


def _cmd_web_user(args: argparse.Namespace) -> int:
    import getpass

    from .web.auth import UserStore

    config, _ = _settings(args)
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass("password: ")
    if len(password) < 8:
        print("error: a password needs at least 8 characters", file=sys.stderr)
        return 2
    UserStore(_users_path(args, config)).set(args.name, password, args.role)
    print(f"{args.name}: {args.role}")
    return 0


def _cmd_bench_plant(args: argparse.Namespace) -> int:
    from .bench import run_bench

    return run_bench(
        stations=args.stations,
        seconds=args.seconds,
        burst=args.burst,
        faults=not args.no_faults,
        report=args.report,
        live_burst=args.live_burst,
    )
