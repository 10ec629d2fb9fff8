"""Real processes: three workers share one database and deliver 300 posts exactly once, also when one is
killed mid-run; and `servicedesk run --http` posts a file's announcement once, and not again after a restart.

Runs on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set (CI)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from bot.announcements.service import save_announcement
from bot.announcements.spec import parse_spec
from bot.cli import main
from bot.db import make_sessions, transaction, utcnow
from bot.local_time import LocalTime
from bot.models import OutboxMessage
from tests.conftest import BOT_TOKEN, SIGNING_SECRET, warm_vector_cache
from tests.fakes.slack_api import Call, FakeSlack

ROOT = Path(__file__).resolve().parents[3]
WORKER_TOKENS = ("xoxb-worker-1", "xoxb-worker-2", "xoxb-worker-3")
CHANNELS = [f"CPOSTS{n:02d}" for n in range(10)]
pytestmark = [pytest.mark.slow, pytest.mark.timeout(180)]


def _database_url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _environment(engine: Engine, fake: FakeSlack, tmp_path: Path, **extra: str) -> dict[str, str]:
    keep = {name: value for name, value in os.environ.items() if name in ("PATH", "HOME", "LANG", "TZ")}
    warm_vector_cache(engine)  # as after an earlier run: `run` reads the KB's sentence vectors, encodes none
    folder = tmp_path / "announcements"
    folder.mkdir(exist_ok=True)
    return (
        keep
        | {
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": _database_url(engine),
            "SLACK_API_URL": fake.url,
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "ANNOUNCEMENTS_DIR": str(folder),
            "LOG_LEVEL": "WARNING",
        }
        | extra
    )


def _slowly(call: Call) -> None:
    """Each post takes a few milliseconds, as on a real network, so a kill lands mid-run (and often mid-call)."""
    if call.method == "chat.postMessage":
        time.sleep(0.004)


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack(tokens={BOT_TOKEN, *WORKER_TOKENS}, on_call=_slowly) as running:
        yield running


def _store_due_posts(engine: Engine, announcements: int) -> None:
    sessions = make_sessions(engine)
    with transaction(sessions) as session:
        for n in range(announcements):
            data = {"title": f"Wijziging {n}", "body": "Tekst.", "channels": CHANNELS, "expected": "week 49"}
            spec, problems = parse_spec(data, LocalTime.named("Europe/Amsterdam"))
            assert spec is not None, problems
            save_announcement(session, slug=f"wijziging-{n}", spec=spec, origin="cli", now=utcnow())


def _posted_keys(fake: FakeSlack) -> Counter[str]:
    calls = [call for call in fake.calls("chat.postMessage") if call.outcome == "ok"]
    return Counter(call.args["metadata"]["event_payload"]["outbox_key"] for call in calls)


def test_three_workers_deliver_300_posts_exactly_once_when_one_is_killed_mid_run(
    engine: Engine, fake: FakeSlack, tmp_path: Path
) -> None:
    _store_due_posts(engine, announcements=30)
    started = time.monotonic()
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "bot", "announce", "worker"],
            env=_environment(engine, fake, tmp_path, SLACK_BOT_TOKEN=token, OUTBOX_LEASE_SECONDS="6"),
            cwd=tmp_path,
        )
        for token in WORKER_TOKENS
    ]
    try:
        fake.wait_for("chat.postMessage", 60, timeout=30)
        victim = next(i for i, token in enumerate(WORKER_TOKENS) if any(c.token == token for c in fake.calls()))
        workers[victim].send_signal(signal.SIGKILL)
        fake.wait_for("chat.postMessage", 300, timeout=80)  # ~10 s on an idle machine; CI may be busier
        _wait_until_all_recorded(engine, 300, deadline=time.monotonic() + 20)
        elapsed = time.monotonic() - started
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=10)

    keys = _posted_keys(fake)
    assert len(keys) == 300, "every post delivered"
    assert max(keys.values()) == 1, [key for key, count in keys.items() if count > 1]
    by_worker = Counter(c.token for c in fake.calls("chat.postMessage") if c.outcome == "ok")
    print(f"\n300 posts by 3 workers, worker {victim + 1} killed: {elapsed:.1f}s; per worker {dict(by_worker)}; "
          f"reconcile lookups {len(fake.calls('conversations.history'))}")  # fmt: skip


def _wait_until_all_recorded(engine: Engine, count: int, deadline: float) -> None:
    """The fake has every post; wait for the workers to record them (a killed worker's rows after its lease)."""
    sessions = make_sessions(engine)
    while time.monotonic() < deadline:
        with sessions() as session:
            sent = session.scalar(select(func.count()).where(OutboxMessage.status == "sent"))
        if sent == count:
            return
        time.sleep(0.2)
    raise AssertionError(f"only {sent} of {count} posts recorded as sent")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _serve(environment: dict[str, str], cwd: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "run", "--http", "--host", "127.0.0.1", "--port", str(port)],
        env=environment,
        cwd=cwd,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # waiting for the port: the first announcement tick ran before it opens
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as response:
                if response.status == 200:
                    return process, port
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError("servicedesk run --http did not start")


def test_run_http_posts_a_file_announcement_once_and_not_again_after_a_restart(
    engine: Engine, fake: FakeSlack, tmp_path: Path
) -> None:
    environment = _environment(engine, fake, tmp_path)
    publish = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=4)
    folder = Path(environment["ANNOUNCEMENTS_DIR"])
    (folder / "vpn-onderhoud.yaml").write_text(_yaml("Onderhoud aan de VPN", "CCHANGES", publish))
    added = tmp_path / "printers.yaml"
    added.write_text(_yaml("Nieuwe printers", "CPRINTERS", None))

    first, _ = _serve(environment, tmp_path)
    try:
        fake.wait_for("chat.postMessage", 1, timeout=20)
        file_delay = time.time() - publish.timestamp()
        assert main(["announce", "add", str(added)], env=environment) == 0  # while the bot runs
        added_at = time.time()
        fake.wait_for("chat.postMessage", 2, timeout=15)
        cli_delay = time.time() - added_at
    finally:
        first.terminate()
        first.wait(timeout=10)
    second, _ = _serve(environment, tmp_path)
    second.terminate()
    second.wait(timeout=10)

    assert [call.args["channel"] for call in fake.calls("chat.postMessage")] == ["CCHANGES", "CPRINTERS"]
    assert 0 <= file_delay < 15 and cli_delay < 15
    print(f"\nfile post {file_delay:.1f}s after its publish time; CLI-added post {cli_delay:.1f}s after adding")


def _yaml(title: str, channel: str, publish: datetime | None) -> str:
    text = f"title: {title}\nbody: Tekst.\nchannels: [{channel}]\nexpected: week 49\n"
    return text + (f"publish: {publish.isoformat()}\n" if publish else "")
