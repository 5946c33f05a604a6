"""Shared fixture for the geocoding tests: the gazetteer index (built by scripts/setup.sh,
or on first use)."""

from __future__ import annotations

import pytest

from sitrep.geo.gazetteer import Gazetteer, gazetteer


@pytest.fixture(scope="session")
def gaz() -> Gazetteer:
    return gazetteer()
