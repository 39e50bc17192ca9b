"""Turn former held-out sets into routing-model training lines.

Each set here was written by an outside writer and measured once as a held-out set before joining the
corpus (docs/benchmarks.md has those figures). Only lines with an intent the model decides are kept:
procedure requests and dialogue turns (confirm, cancel, correction) belong to the rules. A hazard line
must name one of the model's 18 hazard categories.

Run from the repository root:
    python bench/join_outside_sets.py OUT.jsonl SET.jsonl [SET.jsonl ...]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from assistant.intent.labels import HAZARD_CATEGORIES, MODEL_INTENTS


def corpus_lines(path: Path) -> list[dict[str, object]]:
    writer = path.stem
    lines = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip():
            continue
        item = json.loads(raw)
        if item["intent"] not in MODEL_INTENTS:
            continue
        hazard = bool(item.get("hazard", item["intent"] == "safety_alert"))
        category = item.get("category")
        if hazard and category not in HAZARD_CATEGORIES:
            raise ValueError(f"{path}:{number}: hazard category {category!r} is not one of the model's")
        lines.append(
            {
                "text": item["text"],
                "intent": item["intent"],
                "hazard": hazard,
                "category": category,
                "family": item.get("family", "spoken"),
                "writer": item.get("writer", writer),
            }
        )
    return lines


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(argv[0])
    lines = [line for name in argv[1:] for line in corpus_lines(Path(name))]
    out.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    print(f"{len(lines)} lines from {len(argv) - 1} sets -> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
