"""`assistant collector`."""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
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
