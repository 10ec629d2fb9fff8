"""What learned phrasings do: replay banking77 val questions as feedback, then measure on test.

Every in-scope val question becomes a `LearnedPhrasing` of its expected article (as if a colleague had
confirmed "yes, this answered my question"); out-of-scope val questions teach nothing. The test figures
before and after show the effect, with the default thresholds.

Usage: .venv/bin/python bench/learning.py [--kb 10 all] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kb.article import LearnedPhrasing
from kb.evaluation import evaluate, load_articles_jsonl, load_queries_jsonl
from kb.matcher import Matcher

DATA = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "banking77-openset"  # beside the clone


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kb", nargs="+", default=["10", "all"], choices=["10", "all"])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    learned = [
        LearnedPhrasing(q.expected, q.text) for q in load_queries_jsonl(DATA / "queries-val.jsonl") if q.expected
    ]
    test = load_queries_jsonl(DATA / "queries-test.jsonl")
    results: dict[str, dict[str, object]] = {}
    for kb in args.kb:
        articles = load_articles_jsonl(DATA / f"articles-{kb}.jsonl")
        for name, feedback in (("before", []), ("after", learned)):
            start = time.perf_counter()
            matcher = Matcher(articles, feedback)
            build_s = time.perf_counter() - start
            report = evaluate(matcher, test)
            results[f"articles-{kb} {name}"] = {**report.to_json(), "learned": len(feedback), "build_s": build_s}
    if args.json:
        print(json.dumps(results, indent=2))
        return
    keys = ("learned", "top1", "top3", "answered_correct", "precision", "oos_declined", "p99_ms")
    print(f"{'':22}" + "".join(f"{key:>17}" for key in keys))
    for name, figures in results.items():
        print(f"{name:22}" + "".join(f"{float(figures[key]):>17.1f}" for key in keys))  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
