"""Fit the confidence model (kb/match_calibration.py) on banking77 queries-val.jsonl, and pick thresholds.

The model is fitted on the top-3 candidates of every validation question, against several knowledge
bases built from the banking77 articles: articles-10 (all 58 articles, and random subsets of 20 and 35
articles, whose other questions then count as out of scope) and articles-all. Pooling knowledge bases of
different sizes and maturity keeps the confidence from depending on one of them.

Usage: .venv/bin/python bench/calibrate.py [--no-classifier]
Prints the coefficient tuple to paste into kb/match_calibration.py and the precision/answered figures per
threshold on val. Never reads queries-test.jsonl.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kb import match_index
from kb.evaluation import Query, load_articles_jsonl, load_queries_jsonl
from kb.match_calibration import confidence
from kb.match_features import FEATURES
from kb.matcher import Matcher

DATA = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "banking77-openset"  # beside the clone


def knowledge_bases() -> list[tuple[str, list, list[Query]]]:
    """(name, articles, val queries relabelled for that KB)."""
    val = load_queries_jsonl(DATA / "queries-val.jsonl")
    ten = load_articles_jsonl(DATA / "articles-10.jsonl")
    rng = random.Random(7)
    bases = [("articles-10", ten)]
    for size in (20, 35):
        bases.append((f"articles-10[{size}]", rng.sample(ten, size)))
    bases.append(("articles-all", load_articles_jsonl(DATA / "articles-all.jsonl")))
    result = []
    for name, articles in bases:
        known = {a.id for a in articles}
        queries = [Query(q.text, q.expected if q.expected in known else None) for q in val]
        result.append((name, articles, queries))
    return result


def collect(matcher: Matcher, queries: list[Query]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Features, labels (candidate is right) and rank (0 = top) of the top-3 candidates per question."""
    rows, labels, ranks = [], [], []
    for query in queries:
        for rank, (article_id, features) in enumerate(matcher.candidate_features(query.text, 5)):
            rows.append(features)
            labels.append(article_id == query.expected)
            ranks.append(rank)
    return np.array(rows), np.array(labels), np.array(ranks)


def sweep(name: str, conf: np.ndarray, right: np.ndarray, in_scope: int) -> None:
    """Precision and answered-correct (% of in scope) for answer thresholds, top-1 only."""
    cells = []
    for threshold in (0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9):
        answered = conf >= threshold
        n = int(answered.sum())
        precision = 100.0 * right[answered].sum() / n if n else 100.0
        cells.append(f"{threshold:.2f}: {precision:5.1f}% / {100.0 * right[answered].sum() / in_scope:4.1f}")
    print(f"{name:22s} " + "  ".join(cells))


def reranked_top1(model: LogisticRegression, xs: np.ndarray, ys: np.ndarray, rank: np.ndarray, in_scope: int) -> float:
    """Top-1 (% of in scope) when each question's candidates are re-ranked by the fitted model."""
    conf = model.predict_proba(xs)[:, 1]
    starts = np.flatnonzero(rank == 0)
    ends = [*starts[1:], len(rank)]
    right = sum(bool(ys[s + int(np.argmax(conf[s:e]))]) for s, e in zip(starts, ends, strict=True))
    return 100.0 * right / in_scope


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-classifier", action="store_true")
    args = parser.parse_args()
    if args.no_classifier:
        match_index.CLASSIFIER_MAX_WORK = 0
    data = []
    for name, articles, queries in knowledge_bases():
        matcher = Matcher(articles)
        x, y, rank = collect(matcher, queries)
        data.append((name, x, y, rank, sum(q.expected is not None for q in queries)))
        print(f"collected {name}: {len(x)} candidates", file=sys.stderr)
    x = np.vstack([d[1] for d in data])
    y = np.concatenate([d[2] for d in data])
    model = LogisticRegression(C=1.0, max_iter=2000).fit(x, y)
    coefficients = (float(model.intercept_[0]), *map(float, model.coef_[0]))
    print("coefficients (intercept, " + ", ".join(FEATURES) + "):")
    print("(" + ", ".join(f"{c:.3f}" for c in coefficients) + ")")
    print("\nthreshold: precision / answered-correct (% of in scope), top-1 candidate, val")
    for name, xs, ys, rank, in_scope in data:
        top = rank == 0
        conf = np.array([confidence(row, with_classifier=not args.no_classifier) for row in xs[top]])
        fitted = model.predict_proba(xs[top])[:, 1]
        sweep(name + " (pasted)", conf, ys[top], in_scope)
        sweep(name + " (fitted)", fitted, ys[top], in_scope)
        print(
            f"{'':22s} top-1 by ranking score {100.0 * ys[top].sum() / in_scope:.1f}, "
            f"re-ranked by fitted confidence {reranked_top1(model, xs, ys, rank, in_scope):.1f}"
        )


if __name__ == "__main__":
    main()
