"""Which machine a question is about, when the router heard none of its names whole.

Workers shorten and bend names: "the weld robot" for the welding robot, "tee double-u fifty" for the TW-50. Two
readings here, both only for the pack's own assets: a model said letter by letter (`spoken.with_model_named`),
and a word of exactly one asset's names, in any of its forms ("weld" of "welding robot"), that no other asset's
manual uses (so "press" stays unnamed where another manual says "press the reset button").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from ..intent.normalize import normalize_numbers
from ..plant import PlantPack
from .passages import Passage
from .spoken import with_model_named

Tokenize = Callable[[list[str]], list[list[str]]]


class AssetNames:
    def __init__(self, plant: PlantPack, passages: Sequence[Passage], tokenize: Tokenize) -> None:
        self._plant = plant
        self._tokenize = tokenize
        # Words that place rather than name ("line 2", "the welding cell", "station three") name no machine.
        places = ["line lines station bay", *(str(n) for n in range(1, 21))]
        placing = {t for terms in tokenize([normalize_numbers(p) for p in places]) for t in terms}
        placing |= {t for terms in tokenize(["one two three four five six seven eight nine ten"]) for t in terms}
        owners: dict[str, set[str]] = {}
        for asset in plant.assets:
            for term in {t for terms in tokenize(list(asset.spoken_names)) for t in terms}:
                owners.setdefault(term, set()).add(asset.id)
        self._manual_terms = {
            a.id: {t for terms in tokenize([p.text for p in passages if p.manual == a.manual]) for t in terms}
            for a in plant.assets
        }
        self._words: dict[str, str] = {}
        """A word term (stemmed) that names one asset and no other asset's manual uses -> that asset."""
        for term, ids in owners.items():
            if len(ids) != 1 or term.isdigit() or term in placing:
                continue
            asset_id = next(iter(ids))
            manual = next(a.manual for a in plant.assets if a.id == asset_id)
            others = [p.text for p in passages if p.manual != manual]
            if not any(term in terms for terms in tokenize(others)):
                self._words[term] = asset_id

    def resolve(self, question: str, slots: dict[str, Any]) -> tuple[str, dict[str, Any], tuple[str, ...]]:
        """The question (a spoken model replaced by the asset's name), the slots with the asset it names, and the
        words that named it by a part of a name ("weld", "robot"), to be taken out like the name itself."""
        if slots.get("asset") in {a.id for a in self._plant.assets}:
            return question, slots, ()
        rest = {k: v for k, v in slots.items() if k != "asset_known"}
        said = with_model_named(question, {a.model: a.name for a in self._plant.assets if a.model})
        if said is not None:
            asset = next(a for a in self._plant.assets if a.model == said[1])
            return said[0], {**rest, "asset": asset.id}, ()
        if (by_number := self._number_named(question)) is not None:
            return by_number[0], {**rest, "asset": by_number[1]}, ()
        words = re.findall(r"[\w'-]+", question)
        terms = {w: t[0] for w, t in zip(words, self._tokenize(words), strict=True) if t}
        ids = {self._words[t] for t in terms.values() if t in self._words}
        if len(ids) != 1:
            return question, slots, ()
        asset_id = ids.pop()
        # Taken out as the name is, unless the manual says it too: "the welds look porous" is about welds.
        said = tuple(w for w, t in terms.items() if t in self._words and t not in self._manual_terms[asset_id])
        return question, {**rest, "asset": asset_id}, said

    def _number_named(self, question: str) -> tuple[str, str] | None:
        """The question with a model's number said alone as a name ("on the two hundred, never done it") replaced by
        the asset's name, and that asset; None otherwise. Only "the" and a number of one model's, standing alone (at a
        pause, the end or "'s"): "the 200 bar" or "two hundred strokes" is a quantity."""
        numbered = normalize_numbers(question)
        for match in _NUMBER_AS_NAME.finditer(numbered):
            owners = [a for a in self._plant.assets if a.model and re.sub(r"\D", "", a.model) == match.group("n")]
            if len(owners) == 1:
                return f"{numbered[: match.start('n')]}{owners[0].name}{numbered[match.end('n') :]}", owners[0].id
        return None


# "the 200" at a pause, the end, or with "'s": how a crew names a machine by its model's number. Two digits or more,
# so that "the one" or "the 5" (a count or a step) is never a machine.
_NUMBER_AS_NAME = re.compile(r"\bthe (?P<n>\d{2,})(?='s\b|\s*[,.?!;]|\s*$)", re.I)
