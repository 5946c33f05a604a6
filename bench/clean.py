"""Cleaning benchmark: text-page line classifier and HTML extraction, in one run.

    .venv/bin/python bench/clean.py [--quick]

Prints Sitrep's figures beside the baselines measured in the same run: C4's
line rules on text pages, trafilatura on HTML (AEB body F1, pages/s, comments).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import clean_html
import clean_text
from common import print_rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer pages and repetitions")
    args = parser.parse_args()
    print_rows("Text pages (gold pages, AEB as plain text)", clean_text.measure(quick=args.quick))
    print_rows("HTML pages (AEB, trafilatura comments set)", clean_html.measure(quick=args.quick))


if __name__ == "__main__":
    main()
