"""The handover charts as inline SVG (no JavaScript, no image library): horizontal bars with a title,
a text alternative and the numbers beside the bars, so they read on a phone and to a screen reader."""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass
from html import escape
from typing import Any


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    unit: str
    bars: list[tuple[str, float]]


def _number(value: Any, default: float) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return default


def handover_charts(reports: list[dict[str, Any]], incidents: list[dict[str, Any]]) -> list[Chart]:
    scrap: dict[str, float] = defaultdict(float)
    downtime: dict[str, float] = defaultdict(float)
    per_hour: dict[str, float] = defaultdict(float)
    for report in reports:
        slots = report.get("slots") or {}
        line = str(slots.get("line") or report.get("line") or "?")
        per_hour[time.strftime("%H:00", time.localtime(float(report.get("created_at") or 0)))] += 1
        if slots.get("defect_code"):
            scrap[f"{slots['defect_code']} · line {line}"] += _number(slots.get("quantity"), 1.0)
        if report.get("kind") == "downtime" or slots.get("duration_min") is not None:
            asset = slots.get("asset") or f"line {line}"
            cause = slots.get("cause") or slots.get("defect") or slots.get("error_code") or "unspecified"
            downtime[f"{asset} · {cause}"] += _number(slots.get("duration_min"), 0.0)
    areas: dict[str, float] = defaultdict(float)
    for incident in incidents:
        areas[str(incident.get("area") or f"line {incident.get('line')} station {incident.get('station')}")] += 1
    return [
        Chart("scrap", "Scrap by defect code and line", "parts", _top(scrap)),
        Chart("downtime", "Downtime by asset and cause", "min", _top(downtime)),
        Chart("per-hour", "Reports per hour", "reports", sorted(per_hour.items())),
        Chart("alerts", "Alerts per area", "incidents", _top(areas)),
    ]


def _top(values: dict[str, float], n: int = 12) -> list[tuple[str, float]]:
    return sorted(values.items(), key=lambda item: (-item[1], item[0]))[:n]


def svg(chart: Chart, width: int = 560) -> str:
    """One chart as an accessible SVG (role img, <title>, <desc> listing every value)."""
    if not chart.bars:
        return f'<p class="empty">No data for “{escape(chart.title)}” in this period.</p>'
    row_h, label_w, value_w = 26, 190, 70
    height = row_h * len(chart.bars) + 8
    top = max(value for _, value in chart.bars) or 1.0
    bar_room = width - label_w - value_w
    desc = "; ".join(f"{label}: {value:g} {chart.unit}" for label, value in chart.bars)
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-labelledby="{chart.key}-t {chart.key}-d"'
        f' xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{chart.key}-t">{escape(chart.title)}</title><desc id="{chart.key}-d">{escape(desc)}</desc>',
    ]
    for i, (label, value) in enumerate(chart.bars):
        y = 4 + i * row_h
        w = max(1.0, bar_room * value / top)
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 17}" text-anchor="end" font-size="13" fill="#1a1a1a">'
            f"{escape(label[:28])}</text>"
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 8}" fill="#1f5fa8"/>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + 17}" font-size="13" fill="#1a1a1a">{value:g}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
