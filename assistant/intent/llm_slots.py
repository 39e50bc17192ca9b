"""The LLM's one job in routing: propose slots for long free-form reports, under a strict schema.

Its output is untrusted. Only known keys with the right type survive, and only values that were
actually said (they must appear in the transcript); anything else is dropped, and the rules' slots
always win where both have a value. It never decides the intent or whether something is a hazard.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any

_LOGGER = logging.getLogger(__name__)

SCHEMA: dict[str, str] = {
    "line": "int",
    "station": "int",
    "quantity": "int",
    "duration_min": "int",
    "defect_code": r"^D\d{1,4}$",
    "error_code": r"^E\d{1,4}$",
    "batch": r"^\d{2,10}$",
    "part": r"^[a-z][a-z -]{1,30}$",
    "result": r"^(passed|failed)$",
}

_PROMPT = (
    "<|im_start|>system\nExtract facts from a factory worker's report as JSON with only these keys: "
    "line, station, quantity, part, defect_code, batch, duration_min, result. Omit keys that were not said."
    "<|im_end|>\n<|im_start|>user\n{text}<|im_end|>\n<|im_start|>assistant\n{{"
)


def validate_slots(raw: str, transcript: str) -> dict[str, Any] | None:
    """Parse the model's JSON and keep only schema-valid values that appear in the transcript.

    Returns None when the output is not a JSON object at all (the caller then keeps the rules' result).
    """
    proposed = _parse(raw)
    if proposed is None:
        return None
    said = transcript.lower()
    kept: dict[str, Any] = {}
    for key, value in proposed.items():
        rule = SCHEMA.get(key)
        if rule is None or isinstance(value, bool | dict | list) or value is None:
            continue
        if rule == "int":
            if not (isinstance(value, int) or (isinstance(value, str) and value.isdigit())):
                continue
            value = int(value)
            if not re.search(rf"\b{value}\b", said):
                continue  # a number nobody said
        else:
            value = str(value).strip()
            if key in ("defect_code", "error_code"):
                value = value.upper()
            if not re.match(rule, value) or value.lower() not in said:
                continue
        kept[key] = value
    return kept


def _parse(raw: str) -> dict[str, Any] | None:
    """A JSON object, or failing that the "key": value pairs of a cut-off one (small models stop mid-way)."""
    match = re.search(r"\{.*?\}", raw, re.S)
    if match:
        try:
            parsed = json.loads(match.group(0))
        except ValueError:
            parsed = None
        if isinstance(parsed, dict):
            return parsed
    pairs = re.findall(r'"(\w+)"\s*:\s*(?:"([^"]*)"|(-?\d+))', raw)
    if not pairs:
        return None
    return {key: (int(number) if number else text) for key, text, number in pairs}


class LlmSlotExtractor:
    """SmolLM2 (CTranslate2 int8) proposing slots; measured too weak to route, so it only proposes."""

    def __init__(self, model_dir: Path, *, max_new_tokens: int = 64) -> None:
        import ctranslate2
        from tokenizers import Tokenizer

        self._generator = ctranslate2.Generator(str(model_dir), compute_type="int8", intra_threads=2)
        self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._max_new_tokens = max_new_tokens

    def propose(self, transcript: str) -> dict[str, Any] | None:
        prompt = _PROMPT.format(text=transcript)
        tokens = self._tokenizer.encode(prompt, add_special_tokens=False).tokens
        result = self._generator.generate_batch(
            [tokens],
            max_length=self._max_new_tokens,
            sampling_topk=1,
            include_prompt_in_result=False,
            end_token="<|im_end|>",
        )
        raw = "{" + self._tokenizer.decode(result[0].sequences_ids[0])
        slots = validate_slots(raw, transcript)
        _LOGGER.debug("LLM slots for %r: %r -> %r", transcript, raw, slots)
        return slots
