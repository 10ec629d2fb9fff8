"""The README's benchmark table: the matcher as deployed (default thresholds) on every reporting set-up.

Usage: .venv/bin/python -W ignore bench/report.py [--lexical] [--only NAME ...] [--json]
  --lexical   without the semantic scorer (as without the `semantic` extra)
Accuracy figures come from `kb.evaluation.evaluate` on the test questions. Question vectors are read from
the bench file cache when present (so a second run is quick); the latency columns are therefore measured
separately, on `LATENCY_QUESTIONS` questions never encoded before in this process (model call included).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from pool import Setup, bench_encoder, report_setups, warm

from kb.embedding import MEMO, CachedEncoder
from kb.evaluation import evaluate
from kb.matcher import Matcher

LATENCY_QUESTIONS = 200


def cold_latency(matcher: Matcher, setup: Setup) -> tuple[float, float]:
    """p50 and p99 (ms) of `match` on questions whose vectors are not cached (the model runs each time)."""
    MEMO.clear()
    latencies = []
    for query in setup.queries[:LATENCY_QUESTIONS]:
        start = time.perf_counter()
        matcher.match(query.text)
        latencies.append((time.perf_counter() - start) * 1000.0)
    latencies.sort()
    return latencies[len(latencies) // 2], latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))]


def measure(setup: Setup, encoder: CachedEncoder | None) -> dict[str, float | str]:
    start = time.perf_counter()
    matcher = Matcher(setup.articles, encoder=encoder)
    build_s = time.perf_counter() - start
    warm(encoder, setup.queries)
    report = evaluate(matcher, setup.queries)
    p50, p99 = cold_latency(matcher, setup)
    return {**report.to_json(), "p50_ms": p50, "p99_ms": p99, "build_s": build_s, "scorers": ", ".join(matcher.scorers)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lexical", action="store_true")
    parser.add_argument("--only", nargs="+", default=None, help="set-up names to run (substring match)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    encoder = bench_encoder(semantic=not args.lexical)
    setups = [s for s in report_setups() if args.only is None or any(part in s.name for part in args.only)]
    results = {setup.name: measure(setup, encoder) for setup in setups}
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"scorers: {next(iter(results.values()))['scorers'] if results else '-'}")
    print(
        "| knowledge base -> test questions | top1 | top3 | answered correctly | precision | helped "
        "| out of scope declined | suggestions out of scope | p50 / p99 ms |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for name, r in results.items():
        print(
            f"| {name} | {r['top1']:.1f} | {r['top3']:.1f} | {r['answered_correct']:.1f} | {r['precision']:.1f} "
            f"| {r['helped']:.1f} | {r['oos_declined']:.1f} | {r['suggest_noise']:.1f} "
            f"| {r['p50_ms']:.1f} / {r['p99_ms']:.1f} |"
        )


if __name__ == "__main__":
    main()
