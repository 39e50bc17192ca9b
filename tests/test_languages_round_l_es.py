"""Spanish routing for the trades heldout40_es and heldout38_es brought: a winery, a fishmeal plant, a forge, a
flower farm and a dairy; a car plant and an olive mill.

Sentences written for these tests (not from the corpora or the bench sets). The routers here run without their
routing model, so what is asserted is the floor, the context rules and the slots; a stub model stands in where
the model's doubt is what the rule governs."""

from __future__ import annotations

import pytest

from assistant.intent.labels import Intent
from assistant.intent.languages.lexicon import fold
from assistant.intent.languages.router import LanguageRouter

from .language_helpers import measured, names, spanish_router_with


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
    # ...but a count said after a machine is no second machine
    assert "table 120" not in names(router.decide("en la mesa cinco y ciento veinte salieron malos").slots)
    assert {"crane 1", "crane 2"} <= names(router.decide("revisión puente grúa 1 y 2 aprobada").slots)
    assert (90, "gallons") in measured(router.decide("cargamos 90 galones de diesel").slots)
    assert (500, "ml") in measured(router.decide("la dosis es de 500 mililitros").slots)
    assert {(6, "bar"), (4, "bar")} <= measured(router.decide("la presión cae de 6 a 4 bar").slots)
    assert (75, "degrees") in measured(router.decide("no eran 70 grados, eran 75").slots)
    assert "12" in str(router.decide("la línea 2 lleva 300 bolsas, merma como de 12").slots)
    assert router.decide("llevamos envasadas 2600 en la línea dos").slots.get("quantity") == 2600


# Written after heldout38_es was measured once: a casing that gives cramps, a personal monitor that will not stop
# beeping or reads ppm of a toxic gas, a tank entered without a meter, a hose about to burst, a hoist's brake that
# does not hold, racking collapsed and an armed man raise an alert by themselves.
@pytest.mark.parametrize(
    "text",
    [
        "el chasis de la enderezadora da toques, ya le pasó a uno",
        "el multigas del Pepe no para de sonar junto a la fosa",
        "el monitor marca 30 ppm de amoniaco en la sala",
        "entraron a la tolva cinco sin medidor de gases",
        "el flexible de la bomba tres está hinchado, va a tronar",
        "el freno del polipasto dos no sostiene, la bobina se está bajando sola",
        "el rack del pasillo C quedó desplomado encima de las cajas",
        "hay un hombre armado en la entrada de camiones",
    ],
)
def test_shock_gas_entry_hose_brake_collapse_and_intruder(routers: dict[str, LanguageRouter], text: str) -> None:
    decision = routers["es"].decide(text)
    assert decision.safety and decision.layer == "safety", text


# Written after heldout38_es was measured once: a seizure with first aid given is still now; a leak sealed, a rail
# fixed, an Andalusian "recogío" or "rellenao" and a route cleared are dealt with, but not when said undone.
def test_done_markers_hold_narrowly(routers: dict[str, LanguageRouter]) -> None:
    router = routers["es"]
    assert router.decide("el soldador está convulsionando, ya le pusimos algo bajo la cabeza").safety
    assert not router.decide("quedó fijada la baranda suelta del entrepiso, le apretamos las grapas").safety
    assert router.decide("la baranda del entrepiso está suelta, no quedó fijada").safety
    assert router._context(fold("el gasoil que se salió ya está recogío y el piso fregao")) == "dealt with"
    assert router._context(fold("el gasoil que se salió no está recogío todavía")) != "dealt with"
    assert router._context(fold("la fuga de aire del tablero ya se selló")) == "dealt with"
    assert router._context(fold("la fuga de amoniaco no se selló")) != "dealt with"
    assert router._context(fold("revisé el pasillo de escape y ya lo despejaron")) == "dealt with"


# Written after heldout38_es was measured once: half a unit, tonnes an hour, N·m, sensors and assembly points; an
# olive mill's batidora is its malaxer.
def test_half_units_rates_and_olive_mill(routers: dict[str, LanguageRouter]) -> None:
    router = routers["es"]
    assert (0.5, "mm") in measured(router.decide("le quitamos medio milímetro a la cuchilla").slots)
    assert (6.5, "tonnes per hour") in measured(router.decide("el molino va a seis y media toneladas por hora").slots)
    assert (40, "newton metres") in measured(router.decide("apriete final 40 N·m").slots)
    assert "sensor 5" in names(router.decide("falla el sensor cinco").slots)
    assert "assembly point 3" in names(router.decide("todos al punto de reunión 3").slots)
    assert "malaxer 2" in names(router.decide("la batidora 2 tiene la pasta de aceituna muy fría").slots)
    assert "mixer 2" in names(router.decide("la batidora 2 de la panadería hace ruido").slots)


# Written after heldout38_es was measured once: a procedure asked to be walked through is not asked back about
# a hazard on the model's doubt; a hazard said in a floor phrase still alerts.
def test_a_procedure_is_not_asked_back() -> None:
    router = spanish_router_with(0.4, "procedure", "caught_in", intent_probability=0.7)
    decision = router.decide("guíame paso a paso con el candado de la guillotina tres")
    assert not decision.safety and not decision.safety_question and decision.intent is Intent.PROCEDURE
    assert router.decide("hay un herido en la guillotina tres, guíame paso a paso").safety
