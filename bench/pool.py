"""The knowledge bases the bench scripts measure on: a calibration pool (validation questions only) and the
reporting set-ups (test questions), built from banking77-openset, hwu64-openset and our own bundled KB.

The pool differs in size (20 to 77 articles), phrasings per article (3, 5, 10, ~110) and language (English,
Dutch, English questions on Dutch articles), so that no fitted number depends on one data set's shape.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from kb.article import Article
from kb.embedder_e5 import default_embedder
from kb.embedding import CachedEncoder
from kb.evaluation import Query, load_articles_jsonl, load_queries_jsonl
from kb.loader import load_directory
from kb.matcher import embedding_text

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT.parent / "shared" / "datasets"  # beside the clone
BANKING = DATASETS / "banking77-openset"
HWU = DATASETS / "hwu64-openset"
BUNDLED_DATA = ROOT / "bench" / "data"


@dataclass(frozen=True)
class Setup:
    """One knowledge base and the questions to ask it; `family` names the data set it comes from."""

    name: str
    family: str
    articles: list[Article]
    queries: list[Query]


def shots(articles: list[Article], count: int) -> list[Article]:
    """The same articles with only their first `count` questions besides the title."""
    return [Article(a.id, a.title, a.lang, a.questions[:count], a.body, a.tags) for a in articles]


def relabel(queries: list[Query], articles: list[Article]) -> list[Query]:
    """Questions whose article is not in the knowledge base become out of scope."""
    known = {a.id for a in articles}
    return [Query(q.text, q.expected if q.expected in known else None) for q in queries]


def bundled_articles() -> list[Article]:
    return list(load_directory(ROOT / "kb" / "articles").articles)


def calibration_pool() -> list[Setup]:
    """Every set-up the confidence model and the weights are fitted on: validation questions only."""
    rng = random.Random(7)
    pool: list[Setup] = []
    banking_val = load_queries_jsonl(BANKING / "queries-val.jsonl")
    ten = load_articles_jsonl(BANKING / "articles-10.jsonl")
    for name, articles in (
        ("articles-10", ten),
        ("articles-10[20]", rng.sample(ten, 20)),
        ("articles-10[35]", rng.sample(ten, 35)),
        ("shots-3", shots(ten, 3)),
        ("shots-5", shots(ten, 5)),
        ("articles-all", load_articles_jsonl(BANKING / "articles-all.jsonl")),
    ):
        pool.append(Setup(f"banking77 {name}", "banking77", articles, relabel(banking_val, articles)))
    hwu_val = load_queries_jsonl(HWU / "queries-val.jsonl")
    hwu_ten = load_articles_jsonl(HWU / "articles-10.jsonl")
    for name, articles in (
        ("articles-3", load_articles_jsonl(HWU / "articles-3.jsonl")),
        ("shots-5", shots(hwu_ten, 5)),
        ("articles-10", hwu_ten),
        ("articles-10[24]", rng.sample(hwu_ten, 24)),
    ):
        pool.append(Setup(f"hwu64 {name}", "hwu64", articles, relabel(hwu_val, articles)))
    ours = load_queries_jsonl(BUNDLED_DATA / "kb-nl-val.jsonl") + load_queries_jsonl(BUNDLED_DATA / "kb-en-val.jsonl")
    bundled = bundled_articles()
    pool.append(Setup("bundled kb/articles", "bundled", bundled, ours))
    pool.append(Setup("bundled shots-3", "bundled", shots(bundled, 3), ours))
    return pool


def report_setups() -> list[Setup]:
    """The set-ups the README reports on (test questions; never fitted on)."""
    banking_test = load_queries_jsonl(BANKING / "queries-test.jsonl")
    hwu_test = load_queries_jsonl(HWU / "queries-test.jsonl")
    bundled = bundled_articles()
    return [
        Setup("banking77 articles-10", "banking77", load_articles_jsonl(BANKING / "articles-10.jsonl"), banking_test),
        Setup("hwu64 articles-3", "hwu64", load_articles_jsonl(HWU / "articles-3.jsonl"), hwu_test),
        Setup("hwu64 articles-10", "hwu64", load_articles_jsonl(HWU / "articles-10.jsonl"), hwu_test),
        Setup("banking77 articles-all", "banking77", load_articles_jsonl(BANKING / "articles-all.jsonl"), banking_test),
        Setup("bundled, Dutch questions", "bundled", bundled, load_queries_jsonl(BUNDLED_DATA / "kb-nl-queries.jsonl")),
        Setup(
            "bundled, English questions", "bundled", bundled, load_queries_jsonl(BUNDLED_DATA / "kb-en-queries.jsonl")
        ),
    ]


def bench_encoder(semantic: bool) -> CachedEncoder | None:
    """The packaged model behind a file cache (bench/.cache), or None for lexical-only / without the extra."""
    from vector_file import FileVectorStore  # bench/ is on sys.path when a bench script runs

    embedder = default_embedder() if semantic else None
    return CachedEncoder(embedder, FileVectorStore()) if embedder is not None else None


def warm(encoder: CachedEncoder | None, queries: list[Query]) -> None:
    """Put the questions' vectors in the process memo (from the file cache where possible), so that a
    second bench run does not encode them again. Latency is measured separately, on cold questions."""
    if encoder is not None:
        encoder.encode([embedding_text(q.text) for q in queries])
