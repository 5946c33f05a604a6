"""The place knowledge both the extraction and the geocoder read (sitrep.placewords, data/places/)."""

from __future__ import annotations

from collections import Counter

from sitrep import placewords
from sitrep.extract import lexicon

READERS = {"lookup", "gazetteer", "forces", "press"}


def test_each_name_of_a_country_is_written_once_with_known_readers() -> None:
    rows = placewords.table("countries.tsv")
    assert all(len(row) == 3 for row in rows)
    assert all(set(row[2].split()) <= READERS and row[2] for row in rows)
    twice = [key for key, n in Counter((row[1].lower(), row[0]) for row in rows).items() if n > 1]
    assert not twice


def test_one_forces_adjective_and_one_press_name_a_country() -> None:
    for reader in ("forces", "press"):
        codes = Counter(code for _, code in placewords.country_names(reader))
        assert max(codes.values()) == 1, reader


def test_country_codes_are_iso3_and_regions_are_named() -> None:
    for reader in ("lookup", "forces", "press"):
        assert all(len(code) == 3 and code.isupper() for _, code in placewords.country_names(reader))
    regions = {code for _, code in placewords.country_names("gazetteer") if not code.isupper()}
    assert {"Europe", "Middle East", "Balkans"} <= regions


def test_country_code_reads_names_and_demonyms() -> None:
    assert placewords.country_code("Nigerian") == "NGA"
    assert placewords.country_code("the Democratic Republic of the Congo") == "COD"
    assert placewords.country_code("Syria's") == "SYR"
    assert placewords.country_code("US") == "USA"
    assert placewords.country_code("us") is None  # three letters or less only in capitals
    assert placewords.country_code("Japanese") is None  # a name the gazetteer reads, not the lookup


def test_the_extraction_reads_the_same_tables() -> None:
    assert lexicon.country_code("Burkinabe") == placewords.country_code("Burkinabe") == "BFA"
    assert lexicon.demonyms()["MMR"] == "Myanmar"
    assert lexicon.demonyms()["NPL"] == "Nepalese"
    assert lexicon.country_short_names()["COD"] == "Democratic Republic of Congo"
    assert lexicon.country_short_names()["CPV"] == "Cape Verde"
    assert lexicon.countries() is placewords.countries()


def test_regions_and_province_adjectives() -> None:
    assert all(len(row) == 5 for row in placewords.regions())
    assert ("Welsh", "GB", "Wales") in placewords.subdivision_demonyms()


def test_leading_country_is_the_first_of_equals() -> None:
    assert placewords.leading({}) is None
    assert placewords.leading({"SYR": 1.0, "IRQ": 3.0, "TUR": 3.0}) == "IRQ"
