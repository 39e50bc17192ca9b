"""The plant's manuals in every language it has them: one `ManualIndex` per language, English by default.

A question is searched in the manuals of the language it was asked in; a language whose manuals the pack
does not have falls back to the English ones (the answer is still framed in the worker's language, by
`handlers.answers`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ..plant import PlantPack
from .languages import DEFAULT_LANGUAGE, PassageQueryEncoder, retrieval_for
from .manuals import ManualIndex
from .parse import manual_files

_LOGGER = logging.getLogger(__name__)

TRANSLATABLE = ("es", "zh")
"""Languages with retrieval settings besides English (`languages.retrieval_for`)."""


class ManualLibrary:
    def __init__(self, indexes: Mapping[str, ManualIndex]) -> None:
        if DEFAULT_LANGUAGE not in indexes:
            raise ValueError("a manual library needs the default (English) manuals")
        self._indexes = dict(indexes)

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages that have manuals of their own, English first."""
        return tuple(self._indexes)

    @property
    def english(self) -> ManualIndex:
        return self._indexes[DEFAULT_LANGUAGE]

    def for_language(self, language: str) -> ManualIndex:
        """The index of `language`'s manuals, or the English one when the pack has none in it."""
        return self._indexes.get(language, self._indexes[DEFAULT_LANGUAGE])

    def __getitem__(self, language: str) -> ManualIndex:
        return self._indexes[language]


def languages_with_manuals(plant: PlantPack, languages: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """Of `languages` (the pack's own by default), those with a `manuals/<language>/` folder holding manuals."""
    wanted = languages if languages is not None else plant.languages
    found = []
    for language in wanted:
        folder = plant.manuals_dir / language
        if language in TRANSLATABLE and folder.is_dir() and manual_files(folder):
            found.append(language)
    return tuple(found)


def translated_indexes(
    plant: PlantPack,
    *,
    cache_dir: Path | None,
    languages: tuple[str, ...] | None = None,
    multilingual: Any = None,
    progress: Callable[[str], Callable[[int, int], None] | None] | None = None,
    rebuild: bool = False,
    embeddings: bool = True,
) -> dict[str, ManualIndex]:
    """A `ManualIndex` for each language of the pack (or of `languages`) that has manuals, embeddings read from
    (and kept in) `cache_dir`. `multilingual`: a loaded `MultilingualEncoder` to share (the routing's); loaded
    here otherwise, once, only when some language has manuals. `progress(language)` gives that language's
    progress callback. `embeddings` False: BM25 only, as English with `[manuals] embed_model = ""`."""
    found = languages_with_manuals(plant, languages)
    if not found:
        return {}
    encoder = None
    if embeddings:
        if multilingual is None:
            from ..intent.languages.encoder import MultilingualEncoder

            multilingual = MultilingualEncoder.load()
        encoder = PassageQueryEncoder(multilingual)
    indexes = {}
    for language in found:
        indexes[language] = ManualIndex(
            plant,
            encoder,
            cache_dir=cache_dir,
            progress=progress(language) if progress is not None else None,
            rebuild=rebuild,
            retrieval=retrieval_for(language),
        )
        _LOGGER.info("%s manuals: %d sections", language, len(indexes[language].passages))
    return indexes
