"""Pages that yield no events: no body, not English, nonsense, opinion and analysis.

Language is detected with langdetect on the start of the body (seeded, so the
answer is stable) and checked against the parse: English prose is dense in
function words, so a body where few tokens are English stop words is not read
as English whatever langdetect says. Opinion and analysis pages are known by
their label ("Analysis:", a line "Opinion") or their disclaimer; the markers
are data (data/extract/opinion.tsv).
"""

from __future__ import annotations

import re

from langdetect import DetectorFactory, LangDetectException, detect
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Token

from sitrep.extract import lexicon
from sitrep.model import Page

DetectorFactory.seed = 0
SAMPLE_CHARS = 600
MIN_STOPWORD_SHARE = 0.12
MIN_ALPHA_SHARE = 0.5
SURE_STOPWORD_SHARE = 0.35


def language_of(page: Page, doc: Doc) -> str | None:
    """ISO 639-1 code of the body's language, "xx" for text in no language, None if unknown."""
    words = [t for t in doc[:2000] if not t.is_space and not t.is_punct]
    alpha, stop = _shares(words)
    if len(words) >= 50 and stop >= SURE_STOPWORD_SHARE and alpha >= MIN_ALPHA_SHARE:
        return "en"  # prose this dense in English function words is English: no need to ask
    code = _detected(page.body[:SAMPLE_CHARS])
    if not words:
        return code
    if code == "en" and len(words) >= 30 and (alpha < MIN_ALPHA_SHARE or stop < MIN_STOPWORD_SHARE):
        return "xx"
    if code != "en" and stop >= 0.25 and alpha >= MIN_ALPHA_SHARE:
        return "en"  # short English bodies fool langdetect now and then
    return code


def _shares(words: list[Token]) -> tuple[float, float]:
    """The share of words made of letters, and the share that are English stop words."""
    if not words:
        return 0.0, 0.0
    alpha = sum(t.is_alpha for t in words) / len(words)
    return alpha, sum(t.lower_ in STOP_WORDS for t in words) / len(words)


def _detected(sample: str) -> str | None:
    """langdetect's answer for a sample, None where it has none."""
    if not sample.strip():
        return None
    try:
        return str(detect(sample))
    except LangDetectException:
        return None


def is_opinion(page: Page) -> bool:
    """Whether the page argues rather than reports (opinion, analysis, editorial...)."""
    markers = lexicon.opinion_markers()
    labels = markers["label"]
    title = (page.title or "").strip().lower()
    if title in labels or any(re.match(rf"{re.escape(label)}\s*[:|–—-]", title) for label in labels):
        return True
    head_end = page.paragraphs[0].start if page.paragraphs else 0
    for line in page.text[:head_end].splitlines():
        if line.strip().lower().rstrip(":") in labels:
            return True
    body = page.body.lower()
    return any(phrase in body for phrase in markers["phrase"])
