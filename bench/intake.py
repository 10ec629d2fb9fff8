"""Intake throughput and cost: the bot against a bare Bolt app on the same HTTP server, in one run.

Both serve signed DMs over HTTP (waitress, 8 threads) against the fake Slack Web API. The bare app answers
each DM with one `chat.postMessage`; the bot stores the event in its inbox, answers from the knowledge base
(lexical matcher), queues the reply and delivers it. Measured per app: throughput until every reply arrived
(questions/s), the server process's CPU per answered question (user + system, from /proc), and the ack latency
of each request (p50/p99) in a burst of `--burst` events sent by 16 threads. Then a `/helpdesk` behind
the burst: how long its ack takes.

Usage: .venv/bin/python -W ignore bench/intake.py [--burst 500] [--database URL]
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
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fakes.slack_api import RESPONSE_URL_PREFIX, FakeSlack  # noqa: E402
from tests.fakes.slack_events import SlackSender, payload  # noqa: E402

SECRET, TOKEN = "bench-signing-secret", "xoxb-bench"
BARE_APP = """
import sys, waitress
from slack_bolt import App
from slack_sdk import WebClient
app = App(client=WebClient(token=sys.argv[2], base_url=sys.argv[3]), signing_secret=sys.argv[4])
@app.event("message")
def answer(event, client):
    client.chat_postMessage(channel=event["channel"], thread_ts=event["ts"], text="antwoord")
@app.command("/helpdesk")
def helpdesk(ack):
    ack()
from slack_bolt.adapter.wsgi import SlackRequestHandler
waitress.serve(SlackRequestHandler(app), host="127.0.0.1", port=int(sys.argv[1]), threads=8, _quiet=True)
"""
LEXICAL_BOT = (
    "import sys, kb.embedder_e5 as e; e.semantic_available = lambda: False; from bot.cli import main; sys.exit(main())"
)
QUESTIONS = ["ik ben mijn wachtwoord vergeten", "vpn werkt niet", "outlook start niet op", "printer print niet"]


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _wait_up(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, data=b"", timeout=1)
            return
        except urllib.error.HTTPError:
            return  # it answers (401 to an unsigned request)
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not come up")


def _measure(name: str, process: subprocess.Popen[bytes], send: SlackSender, slack: FakeSlack, burst: int) -> dict:
    _wait_up(send.url)
    time.sleep(1.0)
    slack.clear()
    events = [
        payload("dm_message", user=f"U{n % 100:04d}", ts=f"1800{n:06d}.000100", text=QUESTIONS[n % len(QUESTIONS)])
        for n in range(burst)
    ]
    cpu_before, started = _cpu_seconds(process.pid), time.monotonic()

    def deliver(n: int) -> float:
        sent = time.monotonic()
        assert send.event(events[n], event_id=f"Ev{name}{n}").status == 200
        return time.monotonic() - sent

    with ThreadPoolExecutor(16) as pool:
        acks = sorted(pool.map(deliver, range(burst)))
    command = payload("helpdesk_command", text="vpn", response_url=slack.url + RESPONSE_URL_PREFIX + "cmd")
    sent = time.monotonic()
    command_status = send.command(command).status
    command_ack = time.monotonic() - sent
    slack.wait_for("chat.postMessage", count=burst, timeout=600)
    elapsed, cpu = time.monotonic() - started, _cpu_seconds(process.pid) - cpu_before
    return {
        "app": name,
        "questions_per_s": round(burst / elapsed, 1),
        "cpu_ms_per_question": round(1000 * cpu / burst, 2),
        "ack_p50_ms": round(1000 * statistics.median(acks), 1),
        "ack_p99_ms": round(1000 * acks[int(len(acks) * 0.99) - 1], 1),
        "helpdesk_ack_ms": round(1000 * command_ack, 1) if command_status == 200 else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--burst", type=int, default=500)
    parser.add_argument("--database", help="DATABASE_URL for the bot (default: a new SQLite file)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-intake-"))
    results = []
    with FakeSlack(tokens={TOKEN}) as slack:
        for n in range(100):
            slack.add_user(f"U{n:04d}", name=f"u{n}", real_name=f"Collega {n}", locale="nl-NL")
        port = _free_port()
        bare = subprocess.Popen([sys.executable, "-c", BARE_APP, str(port), TOKEN, slack.url, SECRET])
        try:
            results.append(
                _measure("bare Bolt", bare, SlackSender(f"http://127.0.0.1:{port}", SECRET), slack, args.burst)
            )
        finally:
            bare.terminate()
            bare.wait()
        port = _free_port()
        env = {
            "PATH": os.environ["PATH"], "PYTHONPATH": str(ROOT), "HOME": str(folder), "LOG_LEVEL": "WARNING",
            "SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": slack.url,
            "DATABASE_URL": args.database or f"sqlite:///{folder / 'bench.sqlite3'}",
        }  # fmt: skip
        command = [sys.executable, "-c", LEXICAL_BOT, "run", "--http", "--host", "127.0.0.1", "--port", str(port)]
        bot = subprocess.Popen(command, env=env, cwd=folder)
        try:
            results.append(_measure("bot", bot, SlackSender(f"http://127.0.0.1:{port}", SECRET), slack, args.burst))
        finally:
            bot.terminate()
            bot.wait()
    bare_result, bot_result = results
    ratio = {
        "throughput_ratio": round(bot_result["questions_per_s"] / bare_result["questions_per_s"], 2),
        "cpu_ratio": round(bot_result["cpu_ms_per_question"] / bare_result["cpu_ms_per_question"], 1),
    }
    print(json.dumps({"burst": args.burst, "results": results, **ratio}, indent=2))


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


if __name__ == "__main__":
    main()
