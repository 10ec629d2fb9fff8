"""The default matcher on banking77-openset: articles-10 and articles-all against queries-test (and val).

Usage: .venv/bin/python bench/banking77.py [--json] [--data DIR] [--kb 10 all] [--split test val]
Thresholds and weights are the defaults (calibrated on queries-val only); test is for reporting.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kb.evaluation import evaluate, format_report, load_articles_jsonl, load_queries_jsonl
from kb.matcher import Matcher

DATA = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "banking77-openset"  # beside the clone


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--kb", nargs="+", default=["10", "all"], choices=["10", "all"])
    parser.add_argument("--split", nargs="+", default=["test", "val"], choices=["test", "val"])
    args = parser.parse_args()
    results: dict[str, object] = {}
    for kb in args.kb:
        articles = load_articles_jsonl(args.data / f"articles-{kb}.jsonl")
        start = time.perf_counter()
        matcher = Matcher(articles)
        build_s = time.perf_counter() - start
        for split in args.split:
            report = evaluate(matcher, load_queries_jsonl(args.data / f"queries-{split}.jsonl"))
            name = f"articles-{kb} -> queries-{split}"
            results[name] = {**report.to_json(), "build_s": round(build_s, 3)}
            if not args.json:
                print(f"== {name} (index built in {build_s:.2f} s)")
                print(format_report(report), end="\n\n")
    if args.json:
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
