"""Checks that `docker compose up` brings up a working bot with PostgreSQL; skips, saying so, without Docker.

Starts the project's docker-compose.yml (PostgreSQL, migrations, the bot in HTTP mode) plus the fake Slack Web API
(tests/fakes) as a container beside it, waits for /healthz, sends one signed question as Slack would, and checks
that the bot answered through the Web API. Everything is torn down afterwards (`down -v`). Only 127.0.0.1 is
contacted from the host. Run from the project root: `.venv/bin/python bench/docker_compose.py`.
Exit 0: passed or skipped (no Docker engine); 1: failed.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fakes.signing import signed_headers  # noqa: E402

PROJECT = "servicedesk-compose-check"
TOKEN, SECRET, PORT = "xoxb-compose-check", "compose-check-secret", 13000
OVERRIDE = f"""
services:
  slack:
    image: python:3.12-slim
    working_dir: /app
    volumes: ["{ROOT / "tests"}:/app/tests:ro"]
    command: ["python", "-m", "tests.fakes.slack_api", "--host", "0.0.0.0", "--port", "8099", "--token", "{TOKEN}"]
  migrate:
    environment: {{SLACK_API_URL: "http://slack:8099/api/"}}
  bot:
    command: ["run", "--http"]
    environment:
      SLACK_API_URL: "http://slack:8099/api/"
      SLACK_BOT_TOKEN: "{TOKEN}"
      SLACK_SIGNING_SECRET: "{SECRET}"
    depends_on: ["slack"]
    ports: ["127.0.0.1:{PORT}:3000"]
"""


def main() -> int:
    missing = _missing_docker()
    if missing:
        print(f"SKIPPED: {missing}. Run this where `docker info` and `docker compose version` work.")
        return 0
    with tempfile.NamedTemporaryFile("w", suffix=".yml") as override:
        override.write(OVERRIDE)
        override.flush()
        compose = ["docker", "compose", "-p", PROJECT, "-f", str(ROOT / "docker-compose.yml"), "-f", override.name]
        try:
            subprocess.run([*compose, "up", "-d", "--build"], cwd=ROOT, check=True)
            return _check(compose)
        finally:
            subprocess.run([*compose, "down", "-v"], cwd=ROOT)


def _missing_docker() -> str | None:
    """Why `docker compose up` cannot run here, or None when it can."""
    for command, what in ((["docker", "info"], "no Docker engine"), (["docker", "compose", "version"], "no Compose")):
        try:
            answer = subprocess.run(command, capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired) as error:
            return f"{what} here ({error})"
        if answer.returncode != 0:
            reason = (answer.stderr.strip().splitlines() or [f"{' '.join(command)} failed"])[-1]
            return f"{what} here ({reason})"
    return None


def _check(compose: list[str]) -> int:
    url = f"http://127.0.0.1:{PORT}"
    if not _healthy(url + "/healthz", deadline=time.monotonic() + 300):
        print("FAILED: /healthz never answered 200")
        subprocess.run([*compose, "logs", "--tail", "50"], cwd=ROOT)
        return 1
    event = {"type": "message", "channel": "D0ASKER", "channel_type": "im", "user": "UASKER", "ts": "1.000100"}
    body = json.dumps({"type": "event_callback", "event_id": "EvCompose", "event": event | {"text": "vpn kapot"}})
    request = urllib.request.Request(url + "/slack/events", data=body.encode(), headers=signed_headers(SECRET, body))
    with urllib.request.urlopen(request, timeout=10) as response:
        acknowledged = response.status == 200
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        logs = subprocess.run([*compose, "logs", "slack"], cwd=ROOT, capture_output=True, text=True).stdout
        if "method='chat.postMessage'" in logs:
            print(f"PASSED: healthy, event acknowledged ({acknowledged}), reply posted through the Web API")
            return 0 if acknowledged else 1
        time.sleep(1)
    print("FAILED: no chat.postMessage reached the fake Slack within 60 s")
    subprocess.run([*compose, "logs", "--tail", "50", "bot"], cwd=ROOT)
    return 1


def _healthy(url: str, deadline: float) -> bool:
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=3) as response:
                if response.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(2)
    return False


if __name__ == "__main__":
    sys.exit(main())
