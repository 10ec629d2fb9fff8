"""Index build time, memory, query latency and article-edit time for large synthetic knowledge bases.

The knowledge bases are synthesised from banking77 articles-all phrasings: every article gets 10
phrasings drawn from one banking77 intent, varied (a word dropped, two words swapped, a typo) and tagged
with an article-specific product name, so that many articles look alike, as in a large real KB.

Memory: "index MB" is the growth of resident memory over the build (what the index keeps), "peak MB" the
process's peak resident memory so far (build temporaries included; sizes run small to large).

With the semantic scorer (the default when the extra is installed), "build s" is the first build in the
process: phrasing vectors come from the bench file cache (bench/.cache) when an earlier run encoded them,
else from the model ("encoded" counts those); "rebuild s" is a second build, vectors from the process memo
(what the bot does after an edit). Question latency includes encoding the question with the model.

--stand-in replaces the model by unit vectors derived from each text's hash (same dimension): for the index
build, memory and matching latency at sizes whose encoding would take hours on a busy 2-core machine. The
model's own part (encoding the KB once, encoding each question) is then measured by the runs without it.

Usage: .venv/bin/python -W ignore bench/scale.py [--sizes 1000 10000 100000] [--queries 300] [--lexical]
       [--stand-in] [--json]
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import random
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from pool import bench_encoder

from kb.article import Article
from kb.embedding import MEMO, CachedEncoder, Vectors
from kb.evaluation import load_articles_jsonl, load_queries_jsonl
from kb.matcher import Matcher

DATA = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "banking77-openset"  # beside the clone
PHRASINGS_PER_ARTICLE = 10
PRODUCTS = ("alpha", "beta", "gamma", "delta", "omega", "nova", "terra", "luna", "sol", "vega", "orion", "atlas")


class StandInEmbedder:
    """Unit vectors from each text's SHA-256 (384 dimensions, like the packaged model): no model cost."""

    name = "stand-in-384"

    def encode(self, texts: list[str]) -> Vectors:
        rows = [
            np.random.default_rng(int(hashlib.sha256(t.encode()).hexdigest()[:16], 16)).standard_normal(384)
            for t in texts
        ]
        matrix = np.asarray(rows, dtype=np.float32).reshape(len(texts), 384)
        return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def vary(text: str, rng: random.Random) -> str:
    """One random variation: drop a word, swap two neighbours, or put in a typo."""
    words = text.split()
    if len(words) < 3:
        return text
    choice = rng.randrange(3)
    index = rng.randrange(len(words) - 1)
    if choice == 0:
        del words[index]
    elif choice == 1:
        words[index], words[index + 1] = words[index + 1], words[index]
    else:
        word = words[index]
        if len(word) > 3:
            cut = rng.randrange(1, len(word) - 1)
            words[index] = word[:cut] + word[cut + 1 :]
    return " ".join(words)


def synthesise(n_phrasings: int, seed: int = 1) -> list[Article]:
    """A knowledge base of about `n_phrasings` phrasings, 10 per article."""
    rng = random.Random(seed)
    intents = load_articles_jsonl(DATA / "articles-all.jsonl")
    articles = []
    for number in range(max(1, n_phrasings // PHRASINGS_PER_ARTICLE)):
        intent = intents[number % len(intents)]
        product = f"{rng.choice(PRODUCTS)}{number // len(intents)}"
        pool = rng.sample(intent.questions, PHRASINGS_PER_ARTICLE - 1)
        questions = tuple(f"{vary(text, rng)} {product}" for text in pool)
        articles.append(Article(f"{intent.id}-{number}", f"{intent.title} ({product})", "en", questions, "-"))
    return articles


def measure(size: int, n_queries: int, encoder: CachedEncoder | None) -> dict[str, float]:
    """Build, memory, latency and edit figures for one size."""
    articles = synthesise(size)
    gc.collect()
    before_mb = _rss_mb()
    encoded_before = encoder.encoded if encoder is not None else 0
    start = time.perf_counter()
    matcher = Matcher(articles, encoder=encoder)
    build_s = time.perf_counter() - start
    encoded = (encoder.encoded if encoder is not None else 0) - encoded_before
    gc.collect()
    index_mb = _rss_mb() - before_mb
    start = time.perf_counter()
    Matcher(articles, encoder=encoder)
    rebuild_s = time.perf_counter() - start
    queries = [q.text for q in load_queries_jsonl(DATA / "queries-test.jsonl")][:n_queries]
    MEMO.clear()  # every size encodes its questions afresh (the index keeps its own copy of the vectors)
    latencies = []
    for text in queries:
        start = time.perf_counter()
        matcher.match(text)
        latencies.append((time.perf_counter() - start) * 1000.0)
    latencies.sort()
    edited = articles[len(articles) // 2]
    start = time.perf_counter()
    matcher.replace_article(
        Article(edited.id, edited.title, edited.lang, (*edited.questions, "a brand new phrasing"), edited.body)
    )
    edit_s = time.perf_counter() - start
    return {
        "phrasings": sum(len(a.phrasings) for a in articles),
        "articles": len(articles),
        "classifier": matcher.has_classifier,
        "semantic": matcher.has_semantic,
        "build_s": round(build_s, 2),
        "encoded": encoded,
        "rebuild_s": round(rebuild_s, 2),
        "index_rss_mb": round(index_mb, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "p50_ms": round(statistics.median(latencies), 2),
        "p99_ms": round(latencies[int(0.99 * (len(latencies) - 1))], 2),
        "edit_s": round(edit_s, 3),
    }


def _rss_mb() -> float:
    """Resident memory of this process now (Linux)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--lexical", action="store_true", help="without the semantic scorer")
    parser.add_argument("--stand-in", action="store_true", help="hash-derived vectors instead of the model")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    encoder = CachedEncoder(StandInEmbedder()) if args.stand_in else bench_encoder(semantic=not args.lexical)
    results = {str(size): measure(size, args.queries, encoder) for size in args.sizes}
    if args.json:
        print(json.dumps(results, indent=2))
        return
    header = ("phrasings", "articles", "clf", "semantic", "build s", "encoded", "rebuild s", "index MB", "peak MB")
    header += ("p50 ms", "p99 ms", "edit s")
    print(" ".join(f"{name:>9}" for name in header))
    for r in results.values():
        cells = (r["phrasings"], r["articles"], "yes" if r["classifier"] else "no", "yes" if r["semantic"] else "no")
        cells += (r["build_s"], r["encoded"], r["rebuild_s"], r["index_rss_mb"], r["peak_rss_mb"])
        cells += (r["p50_ms"], r["p99_ms"], r["edit_s"])
        print(" ".join(f"{cell:>9}" for cell in cells))


if __name__ == "__main__":
    main()
