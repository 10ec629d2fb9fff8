"""The matcher on the bundled IT articles (kb/articles/*.md) with the Dutch and English question sets.

Usage: .venv/bin/python bench/dutch.py [--json]
Uses the default matcher and thresholds (calibrated on banking77 val only: nothing here is tuned).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.evaluation import evaluate, format_report, load_queries_jsonl  # noqa: E402
from kb.loader import load_directory  # noqa: E402
from kb.matcher import Matcher  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    loaded = load_directory(ROOT / "kb" / "articles")
    matcher = Matcher(loaded.articles)
    results = {}
    for name in ("kb-nl-queries", "kb-en-queries"):
        report = evaluate(matcher, load_queries_jsonl(ROOT / "bench" / "data" / f"{name}.jsonl"))
        results[name] = report.to_json()
        if not args.json:
            print(f"== {name} against {len(loaded.articles)} articles in kb/articles")
            print(format_report(report), end="\n\n")
    if args.json:
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
