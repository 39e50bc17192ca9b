"""Every spoken sentence exists in every language, with the same fields to fill in."""

from __future__ import annotations

import string

from assistant.voice.phrases import CATALOGUES, ENGLISH, phrase


def _fields(sentence: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(sentence) if name}


def test_every_language_has_every_sentence_with_the_same_fields() -> None:
    for language, catalogue in CATALOGUES.items():
        assert catalogue.keys() == ENGLISH.keys(), language
        for key, sentence in catalogue.items():
            assert _fields(sentence) == _fields(ENGLISH[key]), (language, key)


def test_a_sentence_comes_in_the_language_asked_and_english_otherwise() -> None:
    assert phrase("safety_acknowledgement", "es") == "Alerta de seguridad enviada."
    assert phrase("safety_acknowledgement", "zh") == "安全警报已发出。"
    assert phrase("safety_acknowledgement", "fr") == "Safety alert raised."


def test_numbers_and_codes_are_said_the_way_workers_say_them_in_each_language() -> None:
    from assistant.voice.spoken import for_speech

    assert for_speech("defecto D14, lote 2231, 12 piezas", "es") == (
        "defecto D catorce, lote dos mil doscientos treinta y uno, doce piezas"
    )
    assert (
        for_speech("2号线，缺陷D14，批次2231，数量12，3.5兆帕", "zh")
        == "二号线，缺陷D十四，批次二二三一，数量十二，三点五兆帕"
    )
    assert for_speech("defect D14, batch 2231") == "defect D fourteen, batch twenty-two thirty-one"


def test_every_language_that_translates_nouns_knows_the_same_nouns() -> None:
    from assistant.voice.phrases import NOUNS

    assert NOUNS["es"].keys() == NOUNS["zh"].keys()
    assert NOUNS["en"] == {}  # English nouns are read back as they were said


def test_every_sentence_in_the_catalogue_is_said_somewhere() -> None:
    """A key no code asks for is a sentence nobody hears: it goes, or the code that should say it is missing."""
    from pathlib import Path

    import assistant

    root = Path(assistant.__file__).parent
    code = "\n".join(path.read_text(encoding="utf-8") for path in root.rglob("*.py") if path.parent.name != "catalogue")
    unused = [key for key in ENGLISH if f'"{key}"' not in code]
    assert unused == []


def test_a_spanish_noun_takes_the_plural_its_count_needs() -> None:
    from assistant.voice.phrases import noun

    assert (noun("housing", "es", count=12), noun("panel", "es", count=2), noun("housing", "es", count=1)) == (
        "carcasas",
        "paneles",
        "carcasa",
    )
    assert noun("housing", "zh", count=12) == "外壳"
    assert noun("gizmo", "es", count=3) == "gizmo"  # unknown: as it was said
