"""Geocoding: place names of mentions to gazetteer places, with precision.

- `build`: the gazetteer index from installed GeoNames packages (cached per user);
- `normalize`: name keys that survive case, diacritics and transliteration;
- `gazetteer`: lookups in the index;
- `resolve`: one place for each name of a page, in context;
- `recognize`: which stretches of a text are place names;
- `locate`: the place (and precision) of each event mention;
- `geoparse`: the `sitrep geoparse` command's work.
"""

from __future__ import annotations

from spacy.tokens import Doc

from sitrep.model import Mention, Page


def locate_mentions(page: Page, doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Mentions with `place` filled where the gazetteer resolves their place (see `locate`)."""
    from sitrep.geo.locate import locate_mentions as locate

    return locate(page, doc, mentions)
