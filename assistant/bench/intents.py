"""`assistant bench intents`: hazards caught, false alarms, intents, slots and routing time.

Held-out figures come first: sentences written by people who never saw the training corpus, the
phrase list or the rules (bench/heldout/*.jsonl). Then what the training run measured on whole hazard
categories and phrasings it held out, then the in-sample figures (sentences written with the rules
or trained on), which measure memory rather than the product. Spoken sentences are also synthesised
with the piper voice and routed from what speech to text heard, clean and in factory noise.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..app import build_router, load_routing_model
from ..config import Config
from ..intent.measures import DURATION, canonical, duration_minutes
from ..intent.numbered import ABBREVIATED, PLACES, british
from ..intent.router import INTENTS, IntentRouter
from ..intent.routing_model import ROUTING_DIR, SETTINGS_FILE
from ..intent.training import wilson
from ..models.store import ModelStore, resolve_models_dir
from ..plant import PlantPack, load_plant_pack
from .common import Report, percentile


@dataclass(frozen=True)
class Routed:
    intent: str
    safety: bool
    asked: bool
    slots: dict[str, Any]
    ms: float
    heard: str
    layer: str
    hazard_probability: float | None
    language: str = "en"


def load_set(path: Path) -> list[dict[str, Any]]:
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    unknown = {item["intent"] for item in items} - set(INTENTS)
    if unknown:
        raise ValueError(f"{path}: unknown intents {sorted(unknown)}")
    for item in items:
        item.setdefault("hazard", item.get("safety", item["intent"] == "safety_alert"))
    return items


def run(
    config: Config,
    held_out: list[Path],
    in_sample: list[Path],
    report_path: Path,
    audio_set: Path | None,
    snr_db: float,
    model_dir: Path | None = None,
    show_slot_misses: bool = False,
) -> int:
    plant = load_plant_pack(config.plant.pack)
    store = ModelStore(resolve_models_dir(config.models.dir))
    router = build_router(config, store, plant, model_dir=model_dir)
    phrases_only = IntentRouter(plant)
    report = Report("Intent benchmark (`assistant bench intents`)")
    model = load_routing_model(config, store, plant, model_dir=model_dir)
    if model is not None:
        report.add(
            f"Routing model: {model_dir or plant.root / ROUTING_DIR}; hazard alert at p ≥ {model.thresholds.alert}, "
            f"spoken safety question at p ≥ {model.thresholds.ask}."
        )
    report.add()
    report.add("## Held out: sentences the project never trained or tuned on (text)")
    report.add()
    for path in held_out:
        items = load_set(path)
        routed = _route_all(router, [item["text"] for item in items])
        _summary(report, f"{path.name} ({len(items)} sentences)", items, routed, plant)
        if path is held_out[0]:
            _summary(
                report, f"{path.name}, phrases and rules only", items, _route_all(phrases_only, _texts(items)), plant
            )
        _details(report, items, routed, path.name)
        if show_slot_misses:
            _slot_misses(report, items, routed, plant, path.name)
    _training_figures(report, model_dir or plant.root / ROUTING_DIR)
    report.add("## In sample: sentences written with the rules (measure memory, not the product)")
    report.add()
    for path in in_sample:
        items = load_set(path)
        routed = _route_all(router, _texts(items))
        _summary(report, f"{path.name} ({len(items)} sentences)", items, routed, plant)
        if show_slot_misses:
            _slot_misses(report, items, routed, plant, path.name)
    if audio_set is not None:
        # Only what a worker would say: the written incident reports and work orders are not spoken.
        spoken = [item for item in load_set(audio_set) if item.get("family", "spoken") == "spoken"]
        heard = _transcribe_all(config, store, plant, _texts(spoken), snr_db)
        for condition, transcripts in heard.items():
            report.add(f"## Held out, spoken: piper voice, {condition}, Whisper {config.stt.model}")
            report.add()
            routed = _route_all(router, transcripts)
            _summary(report, f"{audio_set.name}, {len(spoken)} spoken sentences as heard", spoken, routed, plant)
            _details(report, spoken, routed, condition)
            if show_slot_misses:
                _slot_misses(report, spoken, routed, plant, condition)
    report.save(report_path)
    return 0


def _texts(items: list[dict[str, Any]]) -> list[str]:
    return [item["text"] for item in items]


def _route_all(router: IntentRouter, texts: list[str], *, language: str = "en") -> list[Routed]:
    out = []
    for text in texts:
        started = time.perf_counter()
        decision = router.decide(text, language=language)
        out.append(
            Routed(
                intent=str(decision.intent),
                safety=decision.safety,
                asked=decision.safety_question,
                slots=decision.slots,
                ms=(time.perf_counter() - started) * 1000,
                heard=decision.text,
                layer=decision.layer,
                hazard_probability=decision.hazard_probability,
                language=decision.language,
            )
        )
    return out


def _summary(report: Report, name: str, items: list[dict[str, Any]], routed: list[Routed], plant: PlantPack) -> None:
    pairs = list(zip(items, routed, strict=True))
    hazards = [r for item, r in pairs if item["hazard"]]
    others = [r for item, r in pairs if not item["hazard"]]
    caught = sum(r.safety for r in hazards)
    asked = sum(r.asked for r in hazards)
    low, high = wilson(caught, len(hazards))
    false_alarms = sum(r.safety for r in others)
    questions = sum(r.asked for r in others)
    correct = sum(r.intent == item["intent"] for item, r in pairs)
    reached, said, wrong_asset = _slot_score(items, routed, plant)
    times = [r.ms for r in routed]
    rows = [
        [
            "hazards caught (alert raised)",
            f"{caught}/{len(hazards)}"
            + (f" ({caught / len(hazards):.1%}, 95% CI {low:.1%}-{high:.1%})" if hazards else ""),
        ],
        ["hazards asked about instead (spoken question)", f"{asked}/{len(hazards)}" if hazards else "-"],
        ["false alarms", f"{false_alarms}/{len(others)}" + (f" ({false_alarms / len(others):.1%})" if others else "")],
        ["non-hazards asked about", f"{questions}/{len(others)}" if others else "-"],
        ["intent accuracy", f"{correct}/{len(items)} ({correct / len(items):.1%})"],
        ["values said that reach a slot", f"{reached}/{said} ({reached / said:.1%})" if said else "-"],
        ["recorded under a different asset", str(wrong_asset) if said else "-"],
        ["routing time p50 / p95", f"{percentile(times, 50):.1f} / {percentile(times, 95):.1f} ms"],
    ]
    report.add(f"**{name}**")
    report.add()
    report.table(["measure", "value"], rows)
    print(
        f"{name}: hazards {caught}/{len(hazards)}, false alarms {false_alarms}/{len(others)}, intent "
        f"{correct / len(items):.1%}, slots {reached}/{said}, p50 {percentile(times, 50):.1f} ms",
        file=sys.stderr,
    )


def _details(report: Report, items: list[dict[str, Any]], routed: list[Routed], label: str) -> None:
    by_category: dict[str, list[bool]] = defaultdict(list)
    confusion: Counter[tuple[str, str]] = Counter()
    for item, result in zip(items, routed, strict=True):
        if item["hazard"]:
            by_category[item.get("category", "?")].append(result.safety)
        confusion[(item["intent"], result.intent)] += 1
    if by_category:
        weakest = sorted(by_category.items(), key=lambda kv: (sum(kv[1]) / len(kv[1]), -len(kv[1])))
        report.add(
            f"Hazards caught by category ({label}), weakest first: "
            + ", ".join(f"{k} {sum(v)}/{len(v)}" for k, v in weakest)
            + "."
        )
        report.add()
    labels = [i for i in INTENTS if any(i in pair for pair in confusion)]
    report.add(f"Confusion ({label}; rows: expected, columns: decided):")
    report.add()
    report.table(
        ["expected \\ decided", *[name.replace("_", " ") for name in labels]],
        [
            [row.replace("_", " "), *[str(confusion[(row, col)] or "") for col in labels]]
            for row in labels
            if any(confusion[(row, col)] for col in labels)
        ],
    )
    pairs = list(zip(items, routed, strict=True))
    sections = (
        ("Missed hazards", [(i, r) for i, r in pairs if i["hazard"] and not r.safety]),
        ("False alarms", [(i, r) for i, r in pairs if r.safety and not i["hazard"]]),
        ("Misrouted, first 20", [(i, r) for i, r in pairs if r.intent != i["intent"] and i["hazard"] == r.safety][:20]),
    )
    for title, rows in sections:
        report.add(f"{title} ({label}): {'none.' if not rows else ''}")
        for item, result in rows:
            probability = "" if result.hazard_probability is None else f", p={result.hazard_probability:.2f}"
            asked = ", asked" if result.asked else ""
            report.add(
                f'- "{item["text"]}" heard as "{result.heard}": expected {item["intent"]}, got '
                f"{result.intent} ({result.layer}{probability}{asked})"
            )
        report.add()


def _slot_score(items: list[dict[str, Any]], routed: list[Routed], plant: PlantPack) -> tuple[int, int, int]:
    """Values said (numbers, codes, equipment and places with numbers) that reached a slot; and how many
    were recorded under a known asset other than the one said."""
    reached = said = wrong = 0
    names = {asset.id: {_canon(n) for n in asset.spoken_names} | {_canon(asset.id)} for asset in plant.assets}
    for item, result in zip(items, routed, strict=True):
        values = item.get("values")
        if values is None and "slots" in item:
            values = [str(v) for v in item["slots"].values()]
        if not values:
            continue
        found = _slot_strings(result.slots, names)
        for value in values:
            said += 1
            reached += _reached(_value_key(str(value)), found)
        wrong += _under_another_asset(result.slots.get("asset"), [_canon(str(v)) for v in values], names)
    return reached, said, wrong


def _under_another_asset(asset: Any, values: list[str], names: dict[str, set[str]]) -> bool:
    """Whether a pack asset was recorded although the machine said with a number is another one: "conveyor 5"
    recorded as the pack's conveyor 1, or "SS-3" (a safety shower) as press 3."""
    if asset not in names:
        return False
    machines = [v for v in values if re.fullmatch(r"[a-z][a-z ]* \d+", v) and v.split()[-2] not in _NOT_MACHINES]
    return bool(machines) and not any(v in names[asset] for v in machines)


def _slot_misses(
    report: Report, items: list[dict[str, Any]], routed: list[Routed], plant: PlantPack, label: str
) -> None:
    """Each sentence with a value said that reached no slot, and the slots it got instead."""
    names = {asset.id: {_canon(n) for n in asset.spoken_names} | {_canon(asset.id)} for asset in plant.assets}
    rows = []
    for item, result in zip(items, routed, strict=True):
        found = _slot_strings(result.slots, names)
        missed = [v for v in item.get("values") or [] if not _reached(_value_key(str(v)), found)]
        if missed:
            heard = f' heard as "{result.heard}"' if result.heard != item["text"] else ""
            rows.append(f'- "{item["text"]}"{heard}: {", ".join(map(str, missed))} not in {json.dumps(result.slots)}')
    report.add(f"Values that reached no slot ({label}): {'none.' if not rows else ''}")
    for row in rows:
        report.add(row)
    report.add()


def _slot_strings(slots: dict[str, Any], names: dict[str, set[str]]) -> set[str]:
    found: set[str] = set()
    for key, value in slots.items():
        if key in ("line", "station"):
            found |= {f"{key} {value}", str(value)}
        elif key == "asset":
            found |= names.get(str(value), set()) | {_canon(str(value))}
        elif key == "duration_min":
            minutes = int(value)
            found |= {f"{minutes} minutes", f"{minutes} minute", str(minutes)}
            if minutes % 60 == 0:
                found |= {f"{minutes // 60} hours", f"{minutes // 60} hour"}
        elif key == "measurements":
            for m in value:
                number = m["value"]
                for unit in _unit_spellings(m["unit"]):
                    found.add(_canon(f"{number} {unit}"))
                found |= {_canon(str(number)), _value_key(f"{number} {m['unit']}")}
        elif key == "assets":
            for asset in value:
                found |= names.get(str(asset), set()) | {_canon(str(asset))}
        elif key == "week":
            found |= {str(value), f"week {value}", f"wk {value}"}
        elif key == "batch":  # "lot 774" is the batch slot 774 (batch_kind says lot, coil, heat, ...)
            found |= {_canon(str(value))} | {f"{kind} {_canon(str(value))}" for kind in ("batch", "lot")}
            found.add(f"{slots.get('batch_kind', 'batch')} {_canon(str(value))}")
        elif key == "times":  # "2:10" said without am or pm may be 14:10; "2 o'clock" is 02:00
            for said in value:
                found.add(_canon(str(said)))
                clock = re.sub(r"^(\d{1,2}) o'clock$", r"\1:00", str(said))
                if match := re.fullmatch(r"(\d{1,2}):(\d\d)", clock):
                    hour = int(match.group(1))
                    found |= {f"{hour % 12 + 12}:{match.group(2)}", f"{hour:02d}:{match.group(2)}", clock}
                    found.add(f"{hour:02d}{match.group(2)}")  # "0215" in an incident notice is 02:15
        elif key == "reference":  # "PO 88213" is the reference 88213 of kind po
            found |= {_canon(str(value)), _canon(f"{slots.get('reference_kind', '')} {value}")}
        elif isinstance(value, list):  # counts: [{"value": 4, "of": "reject"}], ranges, areas: ["aisle 7"]
            for item in value:
                numbers = [item[k] for k in _NUMBER_KEYS if k in item] if isinstance(item, dict) else [item]
                found |= {_canon(str(number)) for number in numbers}
                if key == "ranges":  # "aisles 5 to 8" names aisle 5 and aisle 8
                    noun = re.sub(r"(?<=[^s])s$|(?<=ss)es$", "", str(item["of"]))
                    found |= {f"{noun} {item['from']}", f"{noun} {item['to']}"}
        elif isinstance(value, (str, int, float)):
            found |= {_canon(str(value))}
    # A code or tag written glued, spaced or hyphenated is one value: "A113" is "A-113", "PM2" is "pm 2".
    found |= {re.sub(r"^([a-z]{1,5})(\d)", r"\1 \2", f) for f in found}
    found |= {re.sub(r"^([a-z]{1,5}) (\d+)$", r"\1\2", f) for f in found}
    return found


_NUMBER_KEYS = ("value", "from", "to", "out_of")  # the numbers said in a count or a range
_NOT_MACHINES = PLACES | {"line", "station", "zone", "batch", "lot"}


def _reached(key: str, found: set[str]) -> bool:
    """A value said reached a slot: the same value, or a machine or place with the same noun and number named
    more fully in the slot than in the value ("overhead door 6" for "door 6") or less fully ("cooker 3" for
    "rendering cooker 3", the line slot 1 for "boning line 1"): not a different machine."""
    if key in found:
        return True
    if not re.fullmatch(r"[a-z][a-z ]* \d+[a-z]?", key):
        return False
    named = [f for f in found if re.fullmatch(r"[a-z][a-z ]* \d+[a-z]?", f)]
    if _squeezed(key) in {_squeezed(f) for f in named}:  # "ripsaw 2" is "rip saw 2", "band saw 1" "bandsaw 1"
        return True
    if key.startswith("machine "):  # the writers' word for a machine their list had no name for ("涂布机")
        number = key.split()[-1]
        return any(f.split()[-1] == number and " ".join(f.split()[:-1]) not in _NOT_MACHINES for f in named)
    return any(f.endswith(" " + key) or key.endswith(" " + f) for f in named)


def _unit_spellings(unit: str) -> set[str]:
    base = unit.split()[0] if unit.startswith("degrees") else unit
    return {unit, base, base.rstrip("s"), base + "s" if not base.endswith("s") else base}


def _squeezed(named: str) -> str:
    """A machine's name and number without the spaces inside the name: one name however it is split."""
    name, number = named.rsplit(" ", 1)
    return f"{name.replace(' ', '')} {number}"


def _canon(text: str) -> str:
    # A leading minus is part of the value: "-23 degrees" is not "23 degrees".
    text = re.sub(r"(?<![\w.])-(?=\d)", "minus ", text.lower())
    # One word in two spellings: speech to text writes "palletizer" for a "palletiser", "mold" for "mould".
    text = british(text)
    # A machine named in work-order shorthand is the same machine: "cyl 3" is "cylinder 3".
    text = re.sub(r"\b[a-z]+(?=[\s-]*\d)", lambda m: ABBREVIATED.get(m.group(0), m.group(0)), text)
    return re.sub(r"[\s-]+", " ", text).strip()


def _value_key(said: str) -> str:
    """A value as the bench compares it: a measurement in canonical units ("6 kilos" is "6 kg"), a duration
    in minutes ("1 hour 20 minutes" is "80 minutes"), a number without its thousands comma or times sign."""
    said = re.sub(r"(?<=\d),(?=\d{3}\b)", "", said.strip())
    said = re.sub(r"^x\s?(\d+)$|^(\d+)\s?x$", lambda m: m.group(1) or m.group(2), said, flags=re.I)
    if (duration := duration_minutes(said)) and duration[1] == 0 and DURATION.fullmatch(said):
        return f"{duration[0]} minutes"
    if not _MEASUREMENT_SAID.match(said):  # a tag or a machine: "P-101A" is no 101 amps, "ballast tank 3S" no 3 s
        return _canon(said)
    return _canon(canonical(said) or said)


# A value the writer wrote as a measurement starts with its number (or "pH"); anything else is a name or a tag.
_MEASUREMENT_SAID = re.compile(r"[-+−]?\.?\d|minus\b|ph\b", re.I)


def _training_figures(report: Report, model_dir: Path) -> None:
    path = model_dir / SETTINGS_FILE
    if not path.is_file():
        return
    training = json.loads(path.read_text(encoding="utf-8")).get("training", {})
    held = training.get("held_out")
    report.add("## Held out by category and phrasing, in the training run")
    report.add()
    if held:
        low, high = held["hazard_recall_95ci"]
        report.add(
            f"`assistant intents train` first trains without the categories {', '.join(held['categories'])} and "
            f"the phrasings {', '.join(held['families'])}, then measures on them: hazards caught "
            f"{held['hazards_caught']}/{held['hazards']} ({held['hazard_recall']:.1%}, 95% CI {low:.1%}-{high:.1%}), "
            f"false alarms {held['false_alarms']}/{held['non_hazards']}, intent accuracy "
            f"{held['intent_accuracy']:.1%}; by category {held['recall_by_category']}."
        )
    inside = training.get("in_sample")
    if inside:
        report.add()
        report.add(
            f"In sample (the {inside['sentences']} training sentences): hazards caught {inside['hazards_caught']}/"
            f"{inside['hazards']}, false alarms {inside['false_alarms']}/{inside['non_hazards']}, intent accuracy "
            f"{inside['intent_accuracy']:.1%} ({training.get('mode', '')}, {training.get('train_seconds', '?')} s)."
        )
    report.add()


def _transcribe_all(
    config: Config, store: ModelStore, plant: PlantPack, texts: list[str], snr_db: float
) -> dict[str, list[str]]:
    from ..app import build_recognizer
    from ..voice.tts import PiperSynthesizer
    from .synth import factory_noise, mix_at_snr, piper_speech, silence

    voice = PiperSynthesizer(store.load_path(config.tts.model) / "voice.onnx", deterministic=True)
    recognizer = build_recognizer(config, store, plant)
    rng = np.random.default_rng(10)
    heard: dict[str, list[str]] = {"clean": [], f"{snr_db:g} dB factory noise": []}
    started = time.monotonic()
    for n, text in enumerate(texts, start=1):
        speech = np.concatenate([silence(0.2), piper_speech(voice, text), silence(0.3)])
        noisy = mix_at_snr(speech, factory_noise(len(speech) / 16000, rng), snr_db)
        heard["clean"].append(recognizer.transcribe(speech).text)
        heard[f"{snr_db:g} dB factory noise"].append(recognizer.transcribe(noisy).text)
        if n % 25 == 0 or n == len(texts):
            print(
                f"audio: {n}/{len(texts)} utterances transcribed ({time.monotonic() - started:.0f} s)",
                file=sys.stderr,
                flush=True,
            )
    return heard
