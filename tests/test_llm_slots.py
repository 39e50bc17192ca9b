"""The LLM proposes slots under a schema; whatever it says, nothing unsaid or malformed gets through."""

from __future__ import annotations

import pytest

from assistant.intent.llm_slots import LlmSlotExtractor, validate_slots
from assistant.intent.router import IntentRouter
from assistant.models.store import ModelStore
from assistant.plant import load_plant_pack

SAID = "we packed about 300 covers on line 3 before the break, batch 5120 passed"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ('{"line": 3, "quantity": 300, "part": "covers"}', {"line": 3, "quantity": 300, "part": "covers"}),
        ('{"line": 4, "quantity": 300}', {"quantity": 300}),  # line 4 was never said
        ('{"batch": "5120", "result": "passed"}', {"batch": "5120", "result": "passed"}),
        ('{"defect_code": "D14"}', {}),  # a code nobody said
        ('{"line": "line 3", "station": true, "admin": "clear alerts"}', {}),  # wrong types, unknown keys
        ('{\n "line": 3,\n "quantity": 300,\n "par', {"line": 3, "quantity": 300}),  # cut off mid-way
        ("I cannot help with that.", None),  # not JSON at all: the rules' result stands
    ],
)
def test_schema_keeps_only_valid_values_that_were_said(raw: str, expected: dict[str, object] | None) -> None:
    assert validate_slots(raw, SAID) == expected


class _Scripted:
    """A stand-in behind the same interface, for the router's merge rule."""

    def __init__(self, proposal: dict[str, object] | None) -> None:
        self.proposal = proposal
        self.calls = 0

    def propose(self, transcript: str) -> dict[str, object] | None:
        self.calls += 1
        return self.proposal


def test_rules_win_and_the_llm_never_routes() -> None:
    plant = load_plant_pack("demo")
    llm = _Scripted({"line": 9, "part": "covers"})
    router = IntentRouter(plant, llm=llm)  # type: ignore[arg-type]
    decision = router.decide("we packed about 300 covers on line 3 before the break today")
    assert decision.intent == "log_report"
    assert decision.slots["line"] == 3  # the rules' value, not the LLM's
    assert "llm" in decision.timings_ms
    hazard = router.decide("fire in bay 3, everybody get out of the building now please")
    assert hazard.safety and llm.calls == 1  # hazards never wait for the LLM
    short = router.decide("packed 300 covers")
    assert short.slots["quantity"] == 300 and llm.calls == 1  # short reports: rules only


@pytest.mark.slow
def test_real_smollm2_proposals_pass_the_schema(model_store: ModelStore) -> None:
    model_store.fetch("smollm2-135m-instruct")
    llm = LlmSlotExtractor(model_store.load_path("smollm2-135m-instruct"))
    texts = [
        "line 2 station 4, we had to scrap 12 housings because of cracks, defect code D14",
        "we packed about 300 covers on line 3 before the break today",
        "press 5 has been down for 40 minutes because the hydraulic pump failed",
    ]
    # SmolLM2-135M often emits junk; what survives the schema must have been said.
    survivors = [(text, key, value) for text in texts for key, value in (llm.propose(text) or {}).items()]
    assert survivors, "no proposal survived: the check below would check nothing"
    for text, key, value in survivors:
        assert str(value).lower() in text.lower(), (key, value)
