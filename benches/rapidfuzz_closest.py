#!/usr/bin/env python3
"""The closest passage of each broken quote over a whole corpus, by RapidFuzz, for BENCHMARKS.md.

For each quote, `fuzz.partial_ratio_alignment(quote, text)` runs over the text of every source file (the best
substring of the text aligned with the quote, by normalized Indel similarity), and the best score wins: the same
question factcheck's closest-passage search answers. Prints `load_s SECONDS` once and `quote_ms MS` per quote.
"""

import argparse
import pathlib
import sys
import time

try:
    from rapidfuzz import fuzz
except ImportError:  # pragma: no cover - reported to the caller
    sys.exit("rapidfuzz is not installed: pip install rapidfuzz")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--quotes", required=True)
    parser.add_argument("--limit", type=int, default=20)
    args = parser.parse_args()

    started = time.perf_counter()
    texts = [path.read_text(encoding="utf-8") for path in sorted(pathlib.Path(args.corpus).rglob("*.txt"))]
    print(f"load_s {time.perf_counter() - started:.3f}")

    quotes = [line for line in pathlib.Path(args.quotes).read_text(encoding="utf-8").splitlines() if line.strip()]
    for quote in quotes[: args.limit]:
        started = time.perf_counter()
        best = None
        for text in texts:
            alignment = fuzz.partial_ratio_alignment(quote, text, score_cutoff=best.score if best else 0)
            if alignment is not None and (best is None or alignment.score > best.score):
                best = alignment
        print(f"quote_ms {(time.perf_counter() - started) * 1e3:.1f}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
