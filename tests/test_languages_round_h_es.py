"""Spanish routing for the trades heldout37_es brought: an Argentine meatpacking plant (rioplatense, voseo) and a
Colombian plastics injection and blow-moulding plant.

Sentences written for these tests (not from the corpora or the bench sets). Most routers here run without their
routing model, so what is asserted is the floor, the context rules and the slots; a stub model stands in where
the model's doubt is what the rule governs."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.intent.labels import Intent
from assistant.intent.languages.lexicon import fold
from assistant.intent.languages.router import LanguageRouter

from .language_helpers import names, spanish_router_with


def counted(found: dict[str, Any]) -> set[int]:
    return {c["value"] for c in found.get("counts", [])} | ({found["quantity"]} if "quantity" in found else set())


# Written after heldout37_es was measured once: a hand caught in a mould or a roller, a damaged sling with its load
# up, stock in front of an exit or an exit nobody gets out by raise an alert by themselves, even with maintenance
# called ("llamen a mantenimiento" is no routine work order with a hand caught).
@pytest.mark.parametrize(
    "text",
    [
        "al Beto le quedó el brazo trabado entre los rodillos de la calandria, paren",
        "tiene los dedos agarrados en la matriz, llamen a mantenimiento",
        "el estrobo está cortado y tienen la bobina izada encima de la mesa",
        "tienen la viga colgando de una eslinga toda deshilachada",
        "dejaron bultos de resina enfrente de la salida de emergencia del depósito",
        "la salida del sector dos está llena de cajas, no puede salir nadie",
    ],
)
def test_caught_sling_and_exit_hazards_raise_an_alert(routers: dict[str, LanguageRouter], text: str) -> None:
    decision = routers["es"].decide(text)
    assert decision.safety and decision.layer == "safety", text


# The same words about the machine's outfeed, a sling changed, or a guard never put back are no such alert.
@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("las cajas se acumulan delante de la salida del horno, hay que acomodarlas", True),
        ("se cambió la eslinga deshilachada, la carga se levantó con la nueva", True),
        ("la sierra uno anda sin la guarda, la sacaron y nunca la volvieron a poner", False),
    ],
)
def test_outfeed_a_fixed_sling_and_a_guard_left_off(routers: dict[str, LanguageRouter], text: str, safe: bool) -> None:
    assert routers["es"].decide(text).safety is not safe, text


# Written after heldout37_es was measured once: an injury treated and the worker back at work, a permit closed
# after the tank's number, an alarm that was a test, a walkway put back in use, a machine washed and its cover put
# back, a shift short of hands covered: dealt with, so the floor stays quiet.
@pytest.mark.parametrize(
    "text",
    [
        "anotá que el pibe se hizo un corte en la mesa 4, lo vendaron en enfermería y volvió a trabajar",
        "permiso de espacio confinado en el silo 2 cerrado, todos afuera",
        "la alarma de incendio del depósito fue una prueba del proveedor",
        "escalera de la cámara 3 revisada y habilitada",
        "se lavó la mezcladora dos y se le volvió a poner la guarda",
        "faltaron dos en empaque, lo cubrimos con gente de despacho",
    ],
)
def test_dealt_with_is_not_a_hazard_now(routers: dict[str, LanguageRouter], text: str) -> None:
    router = routers["es"]
    decision = router.decide(text)
    assert not decision.safety, text
    assert router._context(fold(decision.text)) == "dealt with", text


# First aid asked about is a question (no cry for help); a gas detector that chirps reading nothing asks about
# its battery; a detector in alarm is still a hazard.
def test_first_aid_asked_and_a_chirping_detector(routers: dict[str, LanguageRouter]) -> None:
    router = routers["es"]
    assert not router.decide("¿qué primeros auxilios se le hacen a una quemadura con vapor?").safety
    assert not router.decide("el detector de gas pita a cada rato sin marcar nada, ¿le cambio la pila?").safety
    assert router.decide("el detector de gas está pitando en la sala de compresores").safety
    assert router.decide("¡auxilio, se cayó el Tano en la cámara!").safety


# Written after heldout37_es was measured once: a how-to question names a danger to keep away from, so the
# model's doubt is not asked back; asking after a person ("¿cómo está?") is no how-to.
def test_a_how_to_question_is_not_asked_back() -> None:
    router = spanish_router_with(0.3, "troubleshoot", "confined_space", intent_probability=0.7)
    decision = router.decide("¿Cómo limpio el tornillo de la extrusora sin meter la mano?")
    assert not decision.safety and not decision.safety_question and decision.intent is Intent.TROUBLESHOOT
    assert router.decide("¿Cómo está el muchacho que sacaron del silo?").safety_question


# Written after heldout37_es was measured once: what the log holds and a reading asked for now are status
# questions; how hot a machine must run is not. "Tal cual" backs a yes; "qué pena" (Colombian: sorry) asks nothing.
def test_status_confirm_and_an_apology(routers: dict[str, LanguageRouter]) -> None:
    router = routers["es"]
    assert router.decide("¿qué quedó anotado de la sopladora dos en el turno noche?").intent is Intent.STATUS_QUERY
    assert router.decide("¿a qué presión está el compresor 2?").intent is Intent.STATUS_QUERY
    assert router.decide("¿a qué temperatura tiene que ir el molde 3?").intent is not Intent.STATUS_QUERY
    assert router.decide("sí, tal cual").intent is Intent.CONFIRM
    # the voseo corrects like the tuteo: "ponele", "corregí"
    assert router.decide("ponele 30, no 13").intent is Intent.CORRECTION
    assert router.decide("corregí: la sopladora 4, no la 5").intent is Intent.CORRECTION
    assert router.decide("qué pena, la sopladora dos quedó parada diez minutos").intent is Intent.LOG_REPORT


# Written after heldout37_es was measured once: a meat plant's "cámara" is a cold room by what it holds or how cold
# it is, its "noria" the carcass rail; moulds are numbered; people and a corrected count are counted.
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("la cámara cuatro tiene ochenta medias reses colgadas", "cold room 4"),
        ("cámara 2: -20 °C", "cold room 2"),
        ("la cámara uno está a tres grados", "cold room 1"),
        ("¿qué temperatura tiene la cámara seis?", "cold room 6"),
        ("se trabó un gancho en la noria tres", "overhead conveyor 3"),
        ("la noria dos de la planta de silos está parada", "bucket elevator 2"),
        ("el molde 11 tiene una fuga de agua", "mould 11"),
        ("cambio de molde en la sopladora cuatro", "blow moulder 4"),
    ],
)
def test_meat_and_plastics_names(routers: dict[str, LanguageRouter], text: str, value: str) -> None:
    assert value in names(routers["es"].decide(text).slots), routers["es"].decide(text).slots


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("vinieron doce a la charla de cuchillos", 12),
        ("hay tres laburando adentro del túnel", 3),
        ("no, póngale veinte, no doce", 20),
        ("perdón, eran 140, no 410", 140),
    ],
)
def test_people_and_a_corrected_count(routers: dict[str, LanguageRouter], text: str, number: int) -> None:
    assert number in counted(routers["es"].decide(text).slots), routers["es"].decide(text).slots


def test_a_stop_of_minutes_after_a_mould_change_is_no_mould(routers: dict[str, LanguageRouter]) -> None:
    found = routers["es"].decide("paro de 35 minutos por cambio de molde en la línea 2").slots
    assert found.get("duration_min") == 35 and "asset" not in found, found
