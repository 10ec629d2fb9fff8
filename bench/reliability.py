"""What the confidence means on different knowledge bases: share of right answers per confidence bin.

For every question, the best candidate's confidence is put in a bin; the table shows, per bin, how many
questions fell in it and how often that best candidate was right (out-of-scope questions count as wrong).
A well-calibrated confidence has "right %" close to the bin's middle on every knowledge base.

Usage: .venv/bin/python bench/reliability.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.evaluation import Query, load_articles_jsonl, load_queries_jsonl  # noqa: E402
from kb.loader import load_directory  # noqa: E402
from kb.matcher import Matcher  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "banking77-openset"  # beside the clone
BINS = (0.0, 0.1, 0.3, 0.5, 0.65, 0.8, 0.9, 1.01)


def table(name: str, matcher: Matcher, queries: list[Query]) -> None:
    """Print one row per bin: questions, right %, mean confidence."""
    counts = [0] * (len(BINS) - 1)
    right = [0] * (len(BINS) - 1)
    total = [0.0] * (len(BINS) - 1)
    for query in queries:
        best = matcher.match(query.text).best
        value = best.confidence if best else 0.0
        index = next(i for i in range(len(BINS) - 1) if BINS[i] <= value < BINS[i + 1])
        counts[index] += 1
        total[index] += value
        right[index] += best is not None and best.article_id == query.expected
    cells = [
        f"{BINS[i]:.2f}-{min(BINS[i + 1], 1.0):.2f}: {counts[i]:4d} q, {100 * right[i] / counts[i]:5.1f}% right"
        if counts[i]
        else f"{BINS[i]:.2f}-{min(BINS[i + 1], 1.0):.2f}:    0 q"
        for i in range(len(BINS) - 1)
    ]
    print(f"== {name}")
    for cell in cells:
        print("   " + cell)


def main() -> None:
    ten = Matcher(load_articles_jsonl(DATA / "articles-10.jsonl"))
    mature = Matcher(load_articles_jsonl(DATA / "articles-all.jsonl"))
    for split in ("val", "test"):
        queries = load_queries_jsonl(DATA / f"queries-{split}.jsonl")
        table(f"banking77 articles-10, {split}", ten, queries)
        table(f"banking77 articles-all, {split}", mature, queries)
    bundled = Matcher(load_directory(ROOT / "kb" / "articles").articles)
    for name in ("kb-nl-queries", "kb-en-queries"):
        table(f"kb/articles, {name}", bundled, load_queries_jsonl(ROOT / "bench" / "data" / f"{name}.jsonl"))


if __name__ == "__main__":
    main()
