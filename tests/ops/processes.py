"""The bot as an operator runs it: a real `servicedesk` process with its own environment and log."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from sqlalchemy import Engine

from tests.conftest import BOT_TOKEN, SIGNING_SECRET

ROOT = Path(__file__).resolve().parents[2]
APP_TOKEN = "xapp-1-A0001-test"


def environment(engine: Engine | None, slack_api_url: str, folder: Path, **extra: str) -> dict[str, str]:
    """A clean environment: only what a test sets reaches the bot (no SLACK_* or DATABASE_URL of the machine)."""
    keep = {name: value for name, value in os.environ.items() if name in ("PATH", "LANG", "TZ")}
    database = engine.url.render_as_string(hide_password=False) if engine is not None else ""
    return (
        keep
        | {
            "HOME": str(folder),
            "PYTHONPATH": str(ROOT),
            "SLACK_API_URL": slack_api_url,
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_APP_TOKEN": APP_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "HELP_CHANNELS": "CHELP",
            "LOG_LEVEL": "INFO",
            "DIGEST_SCHEDULE": "off",  # no weekly digest in the middle of a test that runs on Monday morning
        }
        | ({"DATABASE_URL": database} if database else {})
        | extra
    )


class BotProcess:
    """`python -m bot ...` with standard error kept in a file (read it with `log()`)."""

    def __init__(self, args: list[str], env: dict[str, str], folder: Path, *, stdin: int | None = None) -> None:
        self.log_path = folder / f"servicedesk-{time.monotonic_ns()}.log"
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", *args], env=env, cwd=folder, stdin=stdin, stdout=self._log, stderr=self._log
        )

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self, signum: int = signal.SIGTERM, timeout: float = 30.0) -> tuple[int | None, float]:
        """Send `signum`; the exit code and how long the process took to exit (None: still running; killed)."""
        asked = time.monotonic()
        self.process.send_signal(signum)
        try:
            code: int | None = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            code = None
        took = time.monotonic() - asked
        self.kill()
        return code, took

    def wait(self, timeout: float = 60.0) -> int:
        code = self.process.wait(timeout=timeout)
        self._log.close()
        return code

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        if self.process.stdin is not None:
            self.process.stdin.close()
        self._log.close()

    def wait_for_log(self, text: str, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.log():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"{text!r} not logged (exit {self.process.poll()}); log:\n{self.log()}")
            time.sleep(0.05)  # polling a log file; bounded by the deadline


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get(url: str, timeout: float = 5.0) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read().decode()


def wait_for_http(url: str, bot: BotProcess, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if bot.process.poll() is not None:
            raise AssertionError(f"the bot exited with {bot.process.returncode}:\n{bot.log()}")
        try:
            get(url, timeout=1)
            return
        except OSError:
            time.sleep(0.1)  # still starting; bounded by the deadline
    raise AssertionError(f"{url} did not answer within {timeout} s:\n{bot.log()}")
