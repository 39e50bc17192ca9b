"""Fixtures for the plant-view tests: a real PostgreSQL and a real Mosquitto on loopback, stopped by PID."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from assistant.plant_view.localpg import LocalPostgres, PlantBroker


@pytest.fixture
def postgres() -> Iterator[LocalPostgres]:
    server = LocalPostgres()
    yield server
    server.close()


@pytest.fixture
def plant_broker() -> Iterator[PlantBroker]:
    broker = PlantBroker()
    yield broker
    broker.close()
