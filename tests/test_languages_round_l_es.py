"""Spanish routing for the trades heldout40_es brought: a winery, a fishmeal plant, a forge, a
flower farm and a dairy.

Sentences written for these tests (not from the corpora or the bench sets). The routers here run without their
routing model, so what is asserted is the floor, the context rules and the slots."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.intent.labels import Intent
from assistant.intent.languages.router import LanguageRouter


def names(found: dict[str, Any]) -> set[str]:
    return {str(n) for n in (found.get("asset"), found.get("area"), *found.get("assets", [])) if n}


def measured(found: dict[str, Any]) -> set[tuple[float, str]]:
    return {(m["value"], m["unit"]) for m in found.get("measurements", [])}


# Written after heldout40_es was measured once: someone gone in or down to do a job who does not answer, people
# dizzy or red-eyed after spraying, a farm chemical lying spilt and a chemical burning the skin (even with the
# shower asked for) raise an alert by themselves.
@pytest.mark.parametrize(
    "text",
    [
        "el Chino entró a raspar el silo dos hace rato y no responde, nadie lo ve",
        "se ha metido en la cuba a sacar la borra y ni sale ni contesta",
        "los del turno fumigaron el galpón y ahora dos están mareados y vomitando",
        "hay como cincuenta litros de plaguicida derramados junto a la bodega",
        "al ayudante le salpicó el desincrustante en el cuello, le arde la piel, ¿dónde queda el lavaojos?",
    ],
)
def test_silent_entrant_exposure_and_spill_raise_an_alert(routers: dict[str, LanguageRouter], text: str) -> None:
    decision = routers["es"].decide(text)
    assert decision.safety and decision.layer == "safety", text


# The same words of a machine gone into a fault, a spill cleaned up or a question about exposure are no such alert.
@pytest.mark.parametrize(
    "text",
    [
        "la llenadora entró en falla y el proveedor no contesta el teléfono",
        "el plaguicida derramado ya se recogió con arena, quedó limpio",
        "¿qué hago si a alguien le arde la piel después de fumigar?",
    ],
)
def test_a_machine_fault_a_spill_cleaned_and_a_question_are_no_alert(
    routers: dict[str, LanguageRouter], text: str
) -> None:
    assert not routers["es"].decide(text).safety, text


# Written after heldout40_es was measured once: cancel turns said in more words, a machine that switches itself
# off with an alarm (no alarm silenced), a count asked with what it counts.
def test_cancel_a_machine_alarm_and_a_count(routers: dict[str, LanguageRouter]) -> None:
    router = routers["es"]
    assert router.decide("no, no, olvídalo, bórralo todo, no lo anotes").intent is Intent.CANCEL
    assert router.decide("borra lo último que te dije, eso no va").intent is Intent.CANCEL
    assert router.decide("el quemador se apaga con alarma de presión, ¿qué reviso?").intent is not Intent.ACK_ALERT
    assert router.decide("silencia la alarma de la caldera dos").intent is Intent.ACK_ALERT
    assert router.decide("¿cuántas cajas de fruta llevamos hoy?").intent is Intent.STATUS_QUERY


# Written after heldout40_es was measured once: a forge's hammers and furnaces, a winery's vats, a rotary dryer,
# two machines of a kind said with one noun, gallons and millilitres, a range and a correction with the unit said once.
def test_forge_winery_lists_and_units(routers: dict[str, LanguageRouter]) -> None:
    router = routers["es"]
    assert "hammer 4" in names(router.decide("el martinete cuatro da golpes dobles").slots)
    assert "arc furnace 3" in names(router.decide("el horno de arco tres tiró escoria").slots)
    assert "furnace 5" in names(router.decide("horno tt 5 en temple").slots)
    assert "vat 12" in names(router.decide("bajamos la pileta doce a quince grados").slots)
    assert "dryer 4" in names(router.decide("el secador rotatorio 4 vibra").slots)
    assert {"press 6", "press 7"} <= names(router.decide("se limpiaron las prensas 6 y 7").slots)
    assert (90, "gallons") in measured(router.decide("cargamos 90 galones de diesel").slots)
    assert (500, "ml") in measured(router.decide("la dosis es de 500 mililitros").slots)
    assert {(6, "bar"), (4, "bar")} <= measured(router.decide("la presión cae de 6 a 4 bar").slots)
    assert (75, "degrees") in measured(router.decide("no eran 70 grados, eran 75").slots)
    assert "12" in str(router.decide("la línea 2 lleva 300 bolsas, merma como de 12").slots)
    assert router.decide("llevamos envasadas 2600 en la línea dos").slots.get("quantity") == 2600
