"""Schemathesis against the app's own OpenAPI document, in-process: no server error, responses as documented.

Every operation is fuzzed with valid (positive) and invalid (negative)
requests, a bounded number of each, through Hypothesis. POST /api/pages gets
the right token, so the real ingest path (the pipeline's reader) is fuzzed too.
(Schemathesis' own pytest plugin does not run under this pytest; its Python
API does the same work.)
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from sitrep.pipeline import read_page
from sitrep.web.app import create_app

EXAMPLES = int(os.environ.get("SITREP_FUZZ_EXAMPLES", "20"))  # raise it for a longer hunt
OPERATIONS = ["GET /api/events", "GET /api/events/{event_id}", "GET /api/points", "GET /api/stats",
              "GET /api/events.csv", "GET /api/events.geojson", "GET /api/events.parquet",
              "GET /api/pages/{page_id}", "POST /api/pages"]
CHECKS = [schemathesis.checks.not_a_server_error, schemathesis.checks.status_code_conformance,
          schemathesis.checks.content_type_conformance, schemathesis.checks.response_schema_conformance]


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory, build_database: Callable[[Path], str],
               token: str) -> Any:
    url = build_database(tmp_path_factory.mktemp("fuzz") / "sitrep.db")
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(url, token=token, reader=read_page))


def test_the_document_describes_every_endpoint(api_schema: Any) -> None:
    labels = {result.ok().label for result in api_schema.get_all_operations()}
    assert set(OPERATIONS) <= labels
    assert api_schema.raw_schema["paths"]["/api/pages"]["post"]["security"], "writes declare the token"


@pytest.mark.parametrize("mode", list(schemathesis.GenerationMode), ids=lambda m: m.value)
@pytest.mark.parametrize("label", OPERATIONS)
def test_no_server_error_and_responses_as_documented(api_schema: Any, label: str, mode: Any,
                                                      token: str) -> None:
    operation = next(r.ok() for r in api_schema.get_all_operations() if r.ok().label == label)
    headers = {"Authorization": f"Bearer {token}"} if operation.method.upper() == "POST" else None
    checks = CHECKS if mode is schemathesis.GenerationMode.POSITIVE else CHECKS[:1]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def fuzz(case: Any) -> None:
        case.call_and_validate(headers=headers, checks=checks)

    fuzz()
