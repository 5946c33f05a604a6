"""Helpers shared by the tests and the benchmarks, kept out of the product.

    synthetic.py      made-up pages, mentions and events, and a stand-in for read_page
    local_cluster.py  a Ray cluster on loopback, started and stopped as a unit

The tests import it as `sitrep_testkit` (pytest's `pythonpath = ["tests"]` in
pyproject.toml); the benchmarks put `tests/` on sys.path first (bench/common.py).
"""
