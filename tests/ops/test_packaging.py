"""Packaging: the container health check against a real bot, the Compose file's start order, the check script."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from sqlalchemy import Engine

from tests.fakes.slack_api import FakeSlack
from tests.ops.processes import ROOT, BotProcess, environment, free_port, wait_for_http

HEALTHCHECK = ROOT / "deploy" / "healthcheck.py"


def _healthcheck(port: int) -> int:
    env = {"PORT": str(port), "METRICS_PORT": str(free_port())}  # nothing on the metrics port: HTTP mode
    return subprocess.run([sys.executable, str(HEALTHCHECK)], env=env, timeout=30).returncode


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_container_health_check_passes_on_a_running_bot_and_fails_without_one(
    slack: FakeSlack, engine: Engine, tmp_path: Path
) -> None:
    port = free_port()
    bot = BotProcess(["run", "--http", "--host", "127.0.0.1", "--port", str(port)], environment(
        engine, slack.url, tmp_path), tmp_path)  # fmt: skip
    try:
        wait_for_http(f"http://127.0.0.1:{port}/healthz", bot)
        running = _healthcheck(port)
    finally:
        bot.kill()

    assert (running, _healthcheck(port)) == (0, 1)


def test_compose_runs_migrations_once_before_the_bot_and_keeps_postgres_data() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    services = compose["services"]

    assert services["migrate"]["command"] == ["db", "upgrade"]
    assert services["bot"]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
    assert services["bot"]["depends_on"]["db"] == {"condition": "service_healthy"}
    assert services["bot"]["environment"]["DATABASE_URL"].startswith("postgresql+psycopg://")
    assert "postgres-data" in compose["volumes"]


def test_image_runs_as_an_unprivileged_user_with_a_health_check() -> None:
    lines = (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines()
    [user] = [line for line in lines if line.startswith("USER ")]

    assert user != "USER root"
    assert any(line.startswith("HEALTHCHECK ") for line in lines)
    assert "FROM python:3.12-slim" in lines


def test_compose_check_says_it_skipped_when_docker_is_missing() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "docker_compose.py")],
        env={"PATH": "/nonexistent"},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0
    assert result.stdout.startswith("SKIPPED: no Docker engine here")
