"""C4's line rules (Raffel et al. 2020, "Exploring the Limits of Transfer Learning", 2.2): a baseline.

The Colossal Clean Crawled Corpus kept, of each page's text:
- only lines that end in a terminal punctuation mark (`.`, `!`, `?`, `"`);
- only lines of at least 3 words (and no word longer than 1,000 characters);
- no line containing the word "javascript";
- no line containing a cookie or policy notice ("terms of use", "privacy policy",
  "cookie policy", "uses cookies", "use of cookies", "use cookies");
- Wikipedia citation markers (`[1]`, `[citation needed]`, `[edit]`) removed.
Page-level filters (fewer than 5 sentences, "lorem ipsum", a curly bracket, bad
words) drop whole pages from a corpus; they are applied only with `page_rules`.
Written from the paper's description and the public TensorFlow Datasets
`c4_utils` rules, as a baseline: a line classifier with no notion of titles,
comments or position.
"""

from __future__ import annotations

import re

END_MARKS = (".", "?", "!", '"')
MIN_WORDS_PER_LINE = 3
MIN_SENTENCES_PER_PAGE = 5
MAX_WORD_LENGTH = 1000
POLICY_SUBSTRINGS = ("terms of use", "privacy policy", "cookie policy", "uses cookies",
                     "use of cookies", "use cookies")
CITATION = re.compile(r"\[\d*\]|\[edit\]|\[citation needed\]")
_SENTENCE = re.compile(r"[.!?]+(?:\s|$)")


def keep_line(line: str) -> bool:
    """Whether C4 keeps one (stripped, citation-free) line."""
    words = line.split()
    if len(words) < MIN_WORDS_PER_LINE or not line.endswith(END_MARKS):
        return False
    if any(len(word) > MAX_WORD_LENGTH for word in words):
        return False
    lowered = line.lower()
    return "javascript" not in lowered and not any(policy in lowered for policy in POLICY_SUBSTRINGS)


def c4_clean(text: str, page_rules: bool = False) -> list[str]:
    """The lines C4 keeps of a page, in order; empty when a page rule drops the page."""
    kept = []
    for raw in text.split("\n"):
        line = CITATION.sub("", raw).strip()
        if keep_line(line):
            kept.append(line)
    if page_rules:
        joined = "\n".join(kept)
        lowered = joined.lower()
        too_short = len(_SENTENCE.findall(joined)) < MIN_SENTENCES_PER_PAGE
        if "lorem ipsum" in lowered or "{" in joined or too_short:
            return []
    return kept
