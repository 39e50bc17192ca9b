"""Spanish routing for what heldout42_es brought: a copper concentrator and an acid plant in Chile and Peru, a
pharmaceutical plant, and Caribbean and Spanglish speech ("cover", "running", "tre'").

Sentences written for these tests (not from the corpora or the bench sets). The routers here run without their
routing model, so what is asserted is the floor, the context rules and the slots; a stub model stands in where
the model's doubt is what the rule governs."""

from __future__ import annotations

import pytest

from assistant.intent.labels import Intent
from assistant.intent.languages.lexicon import fold
from assistant.intent.languages.router import LanguageRouter

from .language_helpers import measured, names, spanish_router_with


# Written after heldout42_es was measured once: live bars or terminals left exposed, a guard or cover taken off
# with the machine left running (in Spanglish too).
@pytest.mark.parametrize(
    "text",
    [
        "en el tablero 3 quedaron los bornes energizados expuestos y pasa gente",
        "abrieron la celda y dejaron expuestas las barras energizadas",
        "le sacaron la guarda a la polea del molino y la dejaron andando",
        "alguien retiró los covers del transportador y lo dejan running toda la noche",
        "la faja del chancador está girando sin el cover",
    ],
)
def test_live_bars_and_a_guard_off_a_running_machine_raise_an_alert(
    routers: dict[str, LanguageRouter], text: str
) -> None:
    decision = routers["es"].decide(text)
    assert decision.safety and decision.layer == "safety", text


# The same words said of bars no one left exposed, a cover changed, or a guard put back are no such alert.
@pytest.mark.parametrize(
    "text",
    [
        "no hay barras energizadas expuestas, la celda quedó cerrada",
        "cambiamos el cover de la faja 2 y la dejamos andando",
        "la guarda del transportador 2 ya la apernamos, quedó firme",
    ],
)
def test_bars_made_safe_and_a_guard_off_for_work_are_no_alert(routers: dict[str, LanguageRouter], text: str) -> None:
    assert not routers["es"].decide(text).safety, text


# A fault, a smoke, a leak or an alarm said dealt with is dealt with; not when a "pero" follows or it is denied.
def test_done_markers_hold_narrowly(routers: dict[str, LanguageRouter]) -> None:
    router = routers["es"]
    for said in (
        "la alarma de gas de la caldera 1 fue un error del detector, lo recalibraron",
        "el detector de la sala 4 se calibró y quedó en cero",
        "el humo del tablero era puro vapor de la lavadora",
        "la fuga de aceite era una conexión suelta, ya la apretamos",
        "revisamos el tecle 2, cadena y gancho en buenas condiciones",
        "el compresor 3 ya está funcionando normal",
        "el molino 2 anduvo todo el turno sin una parada",
        "la operaria que se cortó el lunes fue atendida en la enfermería y ya volvió a su puesto",
    ):
        assert router._context(fold(said)) == "dealt with", said
        assert not router.decide(said).safety, said
    assert router._context(fold("el compresor no está funcionando normal")) is None
    assert router._context(fold("la bomba está funcionando normal pero huele a quemado")) is None
    assert router.decide("fue un error del sensor, pero la alarma de gas sigue sonando").safety
    assert router._context(fold("el puente grúa no está en buen estado")) is None


# Written after heldout42_es was measured once: numbered filters (a compressor's filter is the compressor's),
# absorption towers, a tailings tank, buildings, a fluid bed dryer and a ball mill written without its "de";
# megawatts and newtons; a decimal after "error de"; a batch said digit by digit with a dropped s ("tre'"); a
# machine said against another in a correction.
def test_concentrator_names_units_and_numbers(routers: dict[str, LanguageRouter]) -> None:
    router = routers["es"]
    assert "filter 4" in names(router.decide("el filtro cuatro está botando agua turbia").slots)
    assert "absorption tower 2" in names(router.decide("revisamos la torre de absorción dos").slots)
    assert "compressor 3" in names(router.decide("cambio filtro compresor 3, hecho").slots)
    assert any(n.endswith("tank 2") for n in names(router.decide("el estanque de relaves dos está lleno").slots))
    assert "building 5" in names(router.decide("evacuamos el edificio cinco por simulacro").slots)
    assert any(n.endswith("dryer 2") for n in names(router.decide("el secador de lecho fluido dos está parado").slots))
    assert "ball mill 3" in names(router.decide("molino bolas 3 con 88% de carga").slots)
    assert (14.5, "megawatts") in measured(router.decide("potencia del molino 14,5 MW").slots)
    assert (95, "newtons") in measured(router.decide("dureza media 95 N, dentro de rango").slots)
    assert (0.5, "bar") in measured(router.decide("el manómetro tiene un error de cero punto cinco bar").slots)
    assert router.decide("terminamos el lote siete dos tre' en la blistera").slots.get("batch") == "723"
    assert router.decide("arrancamos la línea do' a las seis").slots.get("line") == 2
    corrected = router.decide("No, la prensa dos, no la cuatro.")
    assert corrected.intent is Intent.CORRECTION
    assert {"press 2", "press 4"} <= names(corrected.slots)
    assert corrected.slots.get("asset") == "press 2"


# A person treated and back at work is logged, not asked about, unless the model is all but sure or something is
# still wrong; a machine's trip asked why is a question to answer, unless a danger or a person is in it; a fault
# noted for maintenance is not asked about.
def test_back_at_work_a_trip_asked_why_and_a_fault_noted_are_not_asked_back() -> None:
    router = spanish_router_with(0.8, category="burn_heat")
    back = router.decide("al soldador le curaron una quemadura chica en la mano y ya volvió a trabajar")
    assert not back.safety and not back.safety_question and back.intent is Intent.LOG_REPORT
    still = router.decide("el mecánico volvió a su puesto, pero todavía le sangra la mano")
    assert still.safety or still.safety_question
    assert (
        spanish_router_with(0.95, category="burn_heat")
        .decide("el operador volvió a trabajar y se volvió a quemar el brazo")
        .safety
    )

    doubtful = spanish_router_with(0.3, "troubleshoot", category="burn_heat")
    why = doubtful.decide("¿por qué la bomba tres se me bota a cada rato por sobrecarga?")
    assert not why.safety and not why.safety_question and why.intent is Intent.TROUBLESHOOT
    assert doubtful.decide("¿por qué sale humo del motor de la bomba tres cuando se dispara?").safety_question
    assert doubtful.decide("¿por qué se para la sierra? el operador tiene la mano atrapada").safety

    noted = spanish_router_with(0.3, category="burn_heat").decide(
        "la válvula 5 pierde un poco de agua, lo dejo anotado para mantención"
    )
    assert not noted.safety and not noted.safety_question


# "funciona bien" is dealt with only when it is not denied: an e-stop or a gas sensor that "no está funcionando bien"
# is a safety device that fails, never a repair logged in silence.
@pytest.mark.parametrize(
    "text",
    [
        "el paro de emergencia de la cizalla 2 no está funcionando bien",
        "la seta de emergencia de la línea 4 no funciona bien, la probé dos veces",
        "el detector de gas del cuarto 3 no funciona bien y huele a gas",
    ],
)
def test_a_safety_device_that_does_not_work_well_is_alerted(routers: dict[str, LanguageRouter], text: str) -> None:
    assert routers["es"].decide(text).safety


def test_a_machine_working_well_again_is_still_dealt_with(routers: dict[str, LanguageRouter]) -> None:
    decision = routers["es"].decide("la bomba 3 ya está funcionando bien, cambiamos el sello")
    assert not decision.safety and not decision.safety_question


# A fix said not done is no fix: the hazard words around it raise the alert the floor gives them.
@pytest.mark.parametrize(
    "text",
    [
        "la fuga de cloro en el cuarto 2 todavía no se ha reparado y huele cada vez más fuerte",
        "nadie ha limpiado el derrame de ácido del pasillo 3 y la gente pasa por encima",
        "el fuego de la tolva no se apagó del todo, sigue saliendo humo",
    ],
)
def test_a_fix_denied_is_no_fix(routers: dict[str, LanguageRouter], text: str) -> None:
    assert routers["es"].decide(text).safety, text


def test_a_fix_done_is_still_dealt_with(routers: dict[str, LanguageRouter]) -> None:
    assert not routers["es"].decide("la fuga de cloro del cuarto 2 ya se reparó, no hay olor").safety
