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

import logging
import sqlite3

from spacy.tokens import Doc

from sitrep.model import Mention, Page

log = logging.getLogger(__name__)


def locate_mentions(page: Page, doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Mentions with `place` filled where the gazetteer resolves their place (see `locate`).

    Geocoding never costs a page its events: should the gazetteer itself be unusable
    (no index and no room to build one), the mentions come back unplaced, with a note."""
    from sitrep.geo.locate import locate_mentions as locate

    try:
        return locate(page, doc, mentions)
    except (OSError, sqlite3.Error) as error:
        log.warning("%s: geocode: gazetteer unusable: %s", page.id, error)
        page.notes.append(f"geocode: gazetteer unusable ({type(error).__name__}); events left unplaced")
        return mentions
