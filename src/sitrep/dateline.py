"""The wire dateline's place, written once for every stage that reads a dateline.

A wire-style dateline opens a story with the place it was filed from in capitals,
then its country or state, the agency or the date: "KYIV, March 3 (Reuters) -",
"BEIRUT, Lebanon —", "DAMASCUS (AP) —", "KRAMATORSK, Ukraine, April 8 -".
`clean.dates` reads its date, `geo.context` its place and region, `extract.places`
the place as a span of the body: all three build on these patterns.
"""

from __future__ import annotations

import re

# KYIV / NEW YORK / ST. LOUIS / N'DJAMENA: capitals, dots, apostrophes, hyphens, spaces
PLACE = r"[A-Z][A-Z.'’\- ]{1,40}[A-Z.]"
# , Lebanon / , Iraq / , N.Y.: the country or state after the place
REGION = r"[A-Z][A-Za-z.'’\-]+(?: [A-Z][a-z]+)?"
# what closes the place part: a comma, a bracket (the agency), a dash
CLOSE = r"\s*(?:,|\(|—|–|-\s)"
DATELINE = re.compile(rf"^\s*(?P<place>{PLACE})(?:,\s*(?P<region>{REGION}))?{CLOSE}")
