"""Sitrep: turn raw news about armed conflict into a geolocated, sourced event database."""

__version__ = "0.1.0"
