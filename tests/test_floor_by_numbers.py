"""Hazards the floor finds by their numbers, however calmly said: a gas read at or over a portable monitor's first
alarm, a lift over its crane's or sling's rating.

Found by a probe after the h48 mend: a short reading with nothing said wrong had come to be logged as routine, and
"H2S at 50 ppm in the pit" (the model's 0.82) and "chlorine 5 ppm at the dosing room" were logged in silence.
"""

from __future__ import annotations

import pytest

from assistant.intent.gas_levels import gas_over_alarm
from assistant.intent.labels import Intent
from assistant.intent.languages.lexicon import fold
from assistant.intent.languages.router import LanguageRouter
from assistant.intent.over_set import over_rated_load
from assistant.intent.router import IntentRouter


@pytest.mark.parametrize(
    "text",
    [
        "H2S at 50 ppm in the pit",
        "hydrogen sulphide reading 12 ppm at the manway",
        "the monitor says 60 ppm CO in the boiler house",
        "CO went up to 120 ppm near the forklift charging",
        "LEL is 15 percent by the sump",
        "we're reading 22% LEL at the tank farm",
        "ammonia showing 80 ppm by the compressor skid",
        "so2 reading 9 ppm on the converter deck of the acid plant",
    ],
)
def test_a_gas_over_its_first_alarm_is_found(text: str) -> None:
    assert gas_over_alarm(text)


@pytest.mark.parametrize(
    "text",
    [
        "H2S 4 ppm at the manway",  # under the first alarm
        "CO 20 ppm near the forklift charging",
        "gas test before entry, LEL 0 percent, H2S 0 ppm, O2 20.9 percent, CO 2 ppm",
        "bump tested the H2S monitors at 25 ppm, all passed",  # a test gas
        "H2S alarm is set at 10 ppm",  # a set point
        "H2S below 5 ppm at the manway, good to go",  # a bound
        "the limit for H2S is 10 ppm",
        "chlorine in the chiller water at 45 ppm",  # a sanitiser in water, not a gas in the air
        "Ladle preheater gas det alarm level - 10% or 20% LEL?",
        "boiler 1 burner serviced, flue CO 45 ppm, O2 3.5%",  # combustion gas analysed, not air breathed
        "CO 150 ppm at the kiln inlet analyser, normal",
        "calibrated the CO head with 100 ppm span gas",
        "TDS 2800 ppm on boiler 2 blowdown",  # not a gas
        "what do I do if H2S goes over 10 ppm?",
    ],
)
def test_a_gas_under_its_alarm_or_not_a_reading_is_not_found(text: str) -> None:
    assert gas_over_alarm(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "H2S at 50 ppm in the pit",
        "LEL 40 percent at the tank farm",
        "the CO by the forklift chargers is 90 ppm",
    ],
)
def test_a_calm_gas_reading_over_its_alarm_is_alerted(rules: IntentRouter, text: str) -> None:
    decision = rules.decide(text)
    assert decision.intent is Intent.SAFETY_ALERT and decision.safety


def test_a_chlorine_reading_is_asked_about_not_logged_in_silence(router: IntentRouter) -> None:
    # no floor for chlorine (water and air both read in ppm), but no plain reading either: the model's doubt is asked
    decision = router.decide("chlorine 5 ppm at the dosing room")
    assert decision.safety or decision.safety_question


@pytest.mark.parametrize(
    "text",
    [
        "H2S hit 40 ppm earlier, area cleared and it's back to 0 now",
        "bump tested the H2S monitors at 25 ppm, all passed",
        "gas test before entry, LEL 0 percent, H2S 0 ppm, O2 20.9 percent, CO 2 ppm",
    ],
)
def test_a_gas_reading_dealt_with_or_tested_is_logged(router: IntentRouter, text: str) -> None:
    decision = router.decide(text)
    assert decision.intent is Intent.LOG_REPORT and not decision.safety


@pytest.mark.parametrize(
    "text",
    [
        "el multigás marca 25 ppm de H2S en la cámara",
        "monóxido de carbono a 90 ppm junto a los montacargas",
        "lectura de 30 por ciento LEL en el tanque 4",
    ],
)
def test_a_spanish_gas_reading_over_its_alarm_is_alerted(routers: dict[str, LanguageRouter], text: str) -> None:
    decision = routers["es"].decide(text)
    assert decision.intent is Intent.SAFETY_ALERT and decision.safety


@pytest.mark.parametrize(
    "text",
    [
        "prueba de detectores con gas patrón de 25 ppm de H2S, todos bien",
        "la alarma de CO está ajustada a 35 ppm",
        "H2S por debajo de 5 ppm en la entrada, se puede entrar",
        "medición antes de entrar: LEL 0 por ciento, H2S 0 ppm, CO 3 ppm",
    ],
)
def test_a_spanish_gas_test_or_bound_is_not_found(text: str) -> None:
    assert gas_over_alarm(fold(text), "es") is None


@pytest.mark.parametrize(
    "text",
    [
        "oxygen 25 percent in the welding bay",  # enriched air: the floor's level, whatever the model says
        "O2 reading 24 percent by the cutting station",
    ],
)
def test_enriched_oxygen_is_alerted(rules: IntentRouter, text: str) -> None:
    decision = rules.decide(text)
    assert decision.intent is Intent.SAFETY_ALERT and decision.safety


@pytest.mark.parametrize(
    "text",
    [
        "cold room 2 at minus 30, door latch inside broken",  # a broken part is something wrong said
        "oxygen 25 percent in the welding bay",
    ],
)
def test_a_short_reading_with_something_wrong_is_not_logged_in_silence(router: IntentRouter, text: str) -> None:
    decision = router.decide(text)
    assert decision.safety or decision.safety_question


def test_a_plain_reading_is_logged_without_asking(router: IntentRouter) -> None:
    decision = router.decide("tank 6 gauged at 21 feet 2 inches")
    assert decision.intent is Intent.LOG_REPORT and not decision.safety and not decision.safety_question


@pytest.mark.parametrize(
    "text",
    [
        "crane 2 lifting 12 tonnes, rated 10 tonnes",
        "SWL 5 t and they've hooked on 6.5 t",
        "chain hoist rated 2000 lbs holding a 2500 lb motor",
        "lifting 1200 kg with a sling rated 1 tonne",
    ],
)
def test_a_lift_over_its_rating_is_alerted(rules: IntentRouter, text: str) -> None:
    assert over_rated_load(text)
    decision = rules.decide(text)
    assert decision.intent is Intent.SAFETY_ALERT and decision.safety


@pytest.mark.parametrize(
    "text",
    [
        "crane 3 lifting 8 tonnes, rated 10 tonnes",  # under its rating
        "load test: crane 2 lifted 12.5 t, rated 10 t, passed",  # a proof load is over on purpose
        "sling WLL 2 t, lifting a 1.5 t pump",
    ],
)
def test_a_lift_within_its_rating_or_a_load_test_is_not_found(text: str) -> None:
    assert over_rated_load(text) is None


def test_a_spanish_lift_over_its_rating_is_alerted(routers: dict[str, LanguageRouter]) -> None:
    decision = routers["es"].decide("la grúa 2 está levantando 12 toneladas y su capacidad es 10 toneladas")
    assert decision.intent is Intent.SAFETY_ALERT and decision.safety
    assert over_rated_load(fold("grúa 3 levantando 8 toneladas, capacidad 10 toneladas"), "es") is None
    assert over_rated_load(fold("prueba de carga de la grúa 2 con 12 t, capacidad 10 t, aprobada"), "es") is None


def test_a_mandarin_lift_over_its_rating_is_alerted(routers: dict[str, LanguageRouter]) -> None:
    decision = routers["zh"].decide("5号行车额定起重量5吨，现在吊着6吨的钢卷")
    assert decision.intent is Intent.SAFETY_ALERT and decision.safety
    assert over_rated_load("3号天车吊8吨,额定10吨", "zh") is None
    assert over_rated_load("2号天车载荷试验吊了12.5吨,额定10吨,合格", "zh") is None
