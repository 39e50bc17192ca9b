"""How the intents bench decides that a value said reached a slot. Values written for these tests."""

from __future__ import annotations

from assistant.bench.intents import _reached, _value_key


def test_one_machine_however_its_name_is_split() -> None:
    assert _reached(_value_key("rip saw 2"), {"ripsaw 2"})
    assert _reached(_value_key("bandsaw 1"), {"band saw 1"})
    assert not _reached(_value_key("rip saw 2"), {"ripsaw 3"})  # another machine
    assert not _reached(_value_key("rip saw 2"), {"2"})


def test_a_name_said_more_or_less_fully_is_the_same_machine() -> None:
    assert _reached(_value_key("door 6"), {"overhead door 6"})
    assert _reached(_value_key("rendering cooker 3"), {"cooker 3"})
    assert not _reached(_value_key("cooker 3"), {"cooker 4"})


def test_a_tag_or_a_machine_is_never_read_as_a_measurement() -> None:
    # "P-101A" is a pump's tag, not 101 amps; a controller's name holds "temperature" but is no reading.
    assert _reached(_value_key("P-101A"), {"p 101a"})
    assert not _reached(_value_key("P-101A"), {"101 amps"})
    assert _reached(_value_key("mold temperature controller 4"), {"controller 4"})
    assert not _reached(_value_key("mold temperature controller 4"), {"4 degrees"})
    assert _value_key("pH 7.2") == _value_key("7.2 pH")  # a pH is written either way round
    assert _value_key("6 kilos") == "6 kg"
