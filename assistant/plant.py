"""The plant pack: lines, assets, codes, safety phrases and equipment manuals of one plant."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .tomlfile import TomlFileError, load_toml

SHIPPED_PACKS = Path(__file__).with_name("plant_packs")


@dataclass(frozen=True)
class Asset:
    id: str
    name: str
    aliases: tuple[str, ...]
    model: str
    manual: str

    @property
    def spoken_names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class SafetyVocabulary:
    phrases: tuple[str, ...]
    negations: tuple[str, ...]
    benign: tuple[str, ...]


@dataclass(frozen=True)
class PlantPack:
    root: Path
    name: str
    lines: tuple[int, ...]
    areas: tuple[str, ...]
    parts: tuple[str, ...]
    assets: tuple[Asset, ...]
    defect_codes: dict[str, str]
    safety: SafetyVocabulary
    languages: tuple[str, ...] = ("en",)
    """The languages its workers may speak (ISO 639-1), the first the station's default."""

    @property
    def manuals_dir(self) -> Path:
        return self.root / "manuals"

    def asset_by_manual(self, manual: str) -> Asset | None:
        return next((a for a in self.assets if a.manual == manual), None)


def resolve_pack_path(pack: str) -> Path:
    candidate = Path(pack)
    if candidate.is_dir():
        return candidate
    shipped = SHIPPED_PACKS / pack
    if re.fullmatch(r"[\w-]+", pack) and shipped.is_dir():
        return shipped
    raise ConfigError(f"'plant.pack' = {pack!r} is neither a folder nor a shipped pack ({_shipped_names()})")


def load_plant_pack(pack: str) -> PlantPack:
    root = resolve_pack_path(pack)
    path = root / "plant.toml"
    if not path.exists():
        raise ConfigError(f"plant pack {root} has no plant.toml")
    try:
        data = load_toml(path, "plant description")
    except TomlFileError as exc:
        raise ConfigError(str(exc)) from None
    _check_schema(data, path)
    plant = _table(data, "plant", path)
    safety = _table(data, "safety", path)
    assets = tuple(_asset(raw, path, root) for raw in data.get("assets", []))
    for pattern in safety.get("phrases", []):
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ConfigError(f"{path}: safety phrase {pattern!r} is not a valid pattern ({exc})") from None
    return PlantPack(
        root=root,
        name=str(plant.get("name", root.name)),
        lines=tuple(int(x) for x in plant.get("lines", [])),
        areas=tuple(plant.get("areas", [])),
        parts=tuple(plant.get("parts", [])),
        assets=assets,
        defect_codes={str(k).upper(): str(v) for k, v in data.get("defect_codes", {}).items()},
        safety=SafetyVocabulary(
            phrases=tuple(safety.get("phrases", [])),
            negations=tuple(safety.get("negations", [])),
            benign=tuple(safety.get("benign", [])),
        ),
        languages=_languages(plant, path),
    )


SUPPORTED_LANGUAGES = ("en", "es", "zh")


def _languages(plant: dict[str, Any], path: Path) -> tuple[str, ...]:
    languages = tuple(str(x) for x in plant.get("languages", ["en"]))
    unknown = [x for x in languages if x not in SUPPORTED_LANGUAGES]
    if unknown or not languages:
        raise ConfigError(
            f"{path}: [plant] languages = {list(languages)}: each must be one of {', '.join(SUPPORTED_LANGUAGES)}"
        )
    return languages


def _asset(raw: dict[str, Any], path: Path, root: Path) -> Asset:
    try:
        asset = Asset(
            id=str(raw["id"]),
            name=str(raw["name"]),
            aliases=tuple(raw.get("aliases", [])),
            model=str(raw.get("model", "")),
            manual=str(raw.get("manual", "")),
        )
    except KeyError as exc:
        raise ConfigError(f"{path}: an [[assets]] entry lacks the key {exc}") from None
    if asset.manual and not (root / "manuals" / asset.manual).is_file():
        raise ConfigError(f"{path}: asset '{asset.id}' names manual '{asset.manual}', which is not in manuals/")
    return asset


def _check_schema(data: dict[str, Any], path: Path) -> None:
    """Wrong types stop the load with the file and line; unknown keys are only logged (`assistant pack check`)."""
    import logging

    from .packschema import check_plant_data

    problems = check_plant_data(data, path.read_text(encoding="utf-8"), path)
    for problem in problems:
        if problem.level == "error":
            raise ConfigError(str(problem))
        logging.getLogger(__name__).warning("%s", problem)


def _table(data: dict[str, Any], key: str, path: Path) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: [{key}] must be a table")
    return value


def _shipped_names() -> str:
    names = sorted(p.name for p in SHIPPED_PACKS.iterdir() if (p / "plant.toml").is_file())
    return "shipped: " + ", ".join(names)
