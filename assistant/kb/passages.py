"""Manual sections as the index searches them: `Passage` (the section, its asset and symptom words) and
`load_manuals`, which parses every manual of one folder of the plant pack."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..plant import PlantPack
from .parse import ParseWarning, manual_files, parse_manual
from .vocab import Vocabulary, load_vocabulary


@dataclass(frozen=True)
class Passage:
    manual: str
    model: str
    title: str
    steps: tuple[str, ...]
    names: str
    """The asset's spoken names, so that "press 3" finds the HP-200 manual."""
    notes: tuple[str, ...] = ()
    """Paragraphs and table rows of the section: searched, never read out as steps."""
    symptoms: tuple[str, ...] = ()
    """The pack's symptom words for this section (kb.toml): searched, never read out."""
    line: int = 0

    @property
    def error_code(self) -> str | None:
        """The code in the heading ('Error E12: ...' -> 'E12', 'Fault F-07' -> 'F07'), as the slots spell it."""
        match = re.search(r"\b([A-Z]{1,3})-?(\d{1,4})\b", self.title)
        return f"{match.group(1)}{match.group(2)}" if match else None

    @property
    def source(self) -> str:
        return f"{self.model} manual, {self.title}"

    @property
    def text(self) -> str:
        # The title twice: a heading says what the section is about more than any one step does.
        extra = " ".join((*self.notes, *self.symptoms))
        return (
            f"{self.names} {self.model}. {self.title}. {self.title}. "
            + " ".join(self.steps)
            + (f" {extra}" if extra else "")
        )

    @property
    def pieces(self) -> tuple[str, ...]:
        """Embedded one by one besides the whole text: the heading (with the asset), each step, note and symptom."""
        heading = f"{self.model}. {self.title}".strip()
        return (heading, *self.steps, *self.notes, *self.symptoms)


def load_passages(plant: PlantPack, vocabulary: Vocabulary | None = None) -> list[Passage]:
    return load_manuals(plant, vocabulary)[0]


def load_manuals(
    plant: PlantPack, vocabulary: Vocabulary | None = None, folder: Path | None = None
) -> tuple[list[Passage], list[ParseWarning]]:
    """Every section of every manual in `folder` (.md, .txt, .pdf; the pack's `manuals/` by default), and what
    could not be parsed well. A manual in another language's folder (`manuals/es/`) is named to the search by
    its own title ("Prensa hidráulica HP-200 (Prensa 3)"), as the asset's spoken names are English."""
    vocabulary = vocabulary if vocabulary is not None else load_vocabulary(plant.root)
    folder = folder if folder is not None else plant.manuals_dir
    translated = folder != plant.manuals_dir
    passages: list[Passage] = []
    warnings: list[ParseWarning] = []
    for path in manual_files(folder) if folder.is_dir() else []:
        asset = plant.asset_by_manual(path.name)
        model = asset.model if asset else path.stem
        names = ", ".join(asset.spoken_names) if asset else ""
        if translated:
            names = document_title(path) or names
        sections, found = parse_manual(path)
        warnings.extend(found)
        for section in sections:
            symptoms = vocabulary.symptoms.get((path.name, section.title), ())
            passages.append(
                Passage(path.name, model, section.title, section.steps, names, section.notes, symptoms, section.line)
            )
    known = {(p.manual, p.title) for p in passages}
    for manual, title in vocabulary.symptoms:
        if (manual, title) not in known:
            warnings.append(ParseWarning("kb.toml", 0, f"symptoms for '{manual}' section '{title}': no such section"))
    return passages, warnings


def document_title(path: Path) -> str:
    """The first '# ' heading of a Markdown or text manual, or ''."""
    if path.suffix.lower() not in (".md", ".markdown", ".txt"):
        return ""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return ""
    return next((line[2:].strip() for line in lines if line.startswith("# ")), "")


_CODE = re.compile(r"(?<![A-Za-z0-9])([A-Z]{1,3})[-\s]?(\d{1,4})(?![0-9])")


def codes_in(text: str) -> set[str]:
    """Code-like tokens as the slots spell them: 'L 4', 'L4' and 'L-4' -> 'L4'; also 'VG 46' and 'HP-200', which
    is why a code heard is checked against the codes the sections themselves mention, never on its own."""
    return {f"{m.group(1)}{m.group(2)}" for m in _CODE.finditer(text)}
