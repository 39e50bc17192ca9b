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
