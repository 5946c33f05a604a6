# Sitrep's entry points. `make run` and `make test` work on a fresh machine.
.PHONY: setup run test lint typecheck unit lock bench clean

VENV := .venv/bin

setup:
	scripts/setup.sh

run: setup
	$(VENV)/sitrep ingest examples/ && $(VENV)/sitrep events

test: setup
	scripts/install-test-deps.sh
	$(VENV)/ruff check src tests bench
	$(VENV)/mypy
	$(VENV)/lint-imports --no-cache
	$(VENV)/pytest

lock:
	$(VENV)/uv pip compile requirements.in --python-version 3.11 --generate-hashes -o requirements.lock

bench: setup
	$(VENV)/python bench/clean.py
	$(VENV)/python bench/geo.py
	$(VENV)/python bench/extract.py

clean:
	rm -rf .venv build dist *.egg-info .mypy_cache .ruff_cache .pytest_cache
