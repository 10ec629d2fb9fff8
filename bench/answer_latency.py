"""End-to-end answer latency: a signed DM to `servicedesk run --http` until the reply reaches the Slack API.

Starts the real bot as a process against the fake Slack Web API (tests/fakes), sends N questions from
bench/data/kb-nl-queries.jsonl one at a time and reports p50/p95/p99 of "request sent" to "chat.postMessage
received". Run from the project root: `.venv/bin/python bench/answer_latency.py [--questions 200]`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import BOT_TOKEN, SIGNING_SECRET  # noqa: E402
from tests.fakes.slack_api import FakeSlack  # noqa: E402
from tests.fakes.slack_events import SlackSender, payload  # noqa: E402
from tests.test_blackbox import _free_port, _wait_until_healthy  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=int, default=200)
    args = parser.parse_args()
    texts = [json.loads(line)["text"] for line in (ROOT / "bench/data/kb-nl-queries.jsonl").open(encoding="utf-8")]
    with FakeSlack(tokens={BOT_TOKEN}) as slack, tempfile.TemporaryDirectory() as folder:
        port = _free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
        env.update(
            SLACK_BOT_TOKEN=BOT_TOKEN,
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_API_URL=slack.url,
            DATABASE_URL=f"sqlite:///{folder}/bench.sqlite3",
            LOG_LEVEL="WARNING",
        )
        command = [sys.executable, "-m", "bot", "run", "--http", "--host", "127.0.0.1", "--port", str(port)]
        process = subprocess.Popen(command, cwd=folder, env=env, stderr=subprocess.PIPE, text=True)
        try:
            _wait_until_healthy(f"http://127.0.0.1:{port}", process)
            sender = SlackSender(f"http://127.0.0.1:{port}", SIGNING_SECRET)
            latencies = []
            for number in range(args.questions):
                ts = f"1700001000.{number:06d}"
                started = time.perf_counter()
                sender.event(payload("dm_message", text=texts[number % len(texts)], ts=ts), event_id=f"Ev{number}")
                slack.wait_for("chat.postMessage", count=number + 1, timeout=30)
                latencies.append((time.perf_counter() - started) * 1000)
        finally:
            process.terminate()
            process.wait(timeout=10)
    cuts = statistics.quantiles(latencies, n=100)
    p50, p95, p99 = cuts[49], cuts[94], cuts[98]
    print(f"{len(latencies)} questions over HTTP, SQLite: p50 {p50:.1f} ms, p95 {p95:.1f} ms, p99 {p99:.1f} ms")


if __name__ == "__main__":
    main()
