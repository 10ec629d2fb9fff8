"""Socket Mode clients under faults: which adapter and ping interval reconnect fast without burning CPU.

Runs a minimal Bolt app (one message listener, no database) as a child process for each Socket Mode client
slack_bolt can use, against the Socket Mode double in tests/fakes, and measures:
- refresh: `disconnect`/`refresh_requested` until an event sent on the new link is acked;
- outage: Slack unreachable for `--outage` seconds after an abrupt drop (no close frame): the child's CPU use
  meanwhile, then the time from Slack being reachable again to a new link;
- stop: SIGTERM until the process has exited, and whether the link got a close frame.

`--client bot` measures the bot's own choice (`bot.socket_mode`) instead of a raw adapter.
Run from the project root: `.venv/bin/python bench/socket_mode.py [--clients builtin websocket_client ...]`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fakes.slack_api import FakeSlack  # noqa: E402
from tests.fakes.socket_mode import FakeSocketMode  # noqa: E402

BOT_TOKEN, APP_TOKEN = "xoxb-test-token", "xapp-test-token"
CLIENTS = ("builtin", "websocket_client", "websockets", "aiohttp", "bot")
TICK = os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", nargs="+", choices=CLIENTS, default=list(CLIENTS))
    parser.add_argument("--ping", type=float, nargs="+", default=[10.0], help="ping intervals to try (seconds)")
    parser.add_argument("--outage", type=float, default=20.0, help="seconds Slack stays unreachable")
    parser.add_argument("--child", choices=CLIENTS, help=argparse.SUPPRESS)
    parser.add_argument("--api", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child, args.api, args.ping[0])
        return
    rows = [_measure(client, ping, args.outage) for client in args.clients for ping in args.ping]
    print(json.dumps(rows, indent=1))


def _measure(client: str, ping: float, outage: float) -> dict[str, Any]:
    with FakeSlack(tokens={BOT_TOKEN}) as web_api, FakeSocketMode(web_api) as slack, tempfile.TemporaryFile() as log:
        command = [sys.executable, __file__, "--child", client, "--api", web_api.url, "--ping", str(ping)]
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log)
        try:
            row: dict[str, Any] = {"client": client, "ping": ping}
            first = slack.wait_for_link(1, timeout=30)
            slack.wait_for_ack(slack.event(_message("warm-up")), timeout=10)
            row["refresh_to_ack_s"] = _refresh(slack)
            row["old_link_closed_by_app"] = first.close_code_from_app
            row.update(_outage(slack, child.pid, outage, log))
            row.update(_stop(slack, child))
            return row
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()


def _refresh(slack: FakeSocketMode) -> float:
    links = len(slack.links())
    asked = time.monotonic()
    slack.request_refresh()
    new = slack.wait_for_link(links + 1, timeout=30)
    ack = slack.wait_for_ack(slack.event(_message("after refresh"), event_id="EvR"), timeout=30)
    assert ack.link == new.number
    return round(ack.at - asked, 3)


def _outage(slack: FakeSocketMode, pid: int, seconds: float, log: IO[bytes]) -> dict[str, Any]:
    links = len(slack.links())
    with slack.outage():
        cpu_before, lines_before, started = _cpu_seconds(pid), _lines(log), time.monotonic()
        time.sleep(seconds)
        cpu, lines = _cpu_seconds(pid) - cpu_before, _lines(log) - lines_before
        down_for = time.monotonic() - started
    back = time.monotonic()
    try:
        new = slack.wait_for_link(links + 1, timeout=120)
        reconnect = round(new.opened_at - back, 2)
    except AssertionError:
        reconnect = None
    return {
        "cpu_while_down_pct": round(100 * cpu / down_for, 1),
        "log_lines_per_min_while_down": round(60 * lines / down_for),
        "reconnect_after_back_s": reconnect,
    }


def _lines(log: IO[bytes]) -> int:
    log.seek(0)
    return log.read().count(b"\n")


def _stop(slack: FakeSocketMode, child: subprocess.Popen[bytes]) -> dict[str, Any]:
    link = slack.newest_link()
    asked = time.monotonic()
    child.send_signal(signal.SIGTERM)
    try:
        code = child.wait(timeout=30)
    except subprocess.TimeoutExpired:
        return {"exit_code": None, "exit_s": None, "close_frame": link.close_code_from_app}
    slack.wait_for_close(link, timeout=5)
    return {"exit_code": code, "exit_s": round(time.monotonic() - asked, 2), "close_frame": link.close_code_from_app}


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime + stime


def _message(text: str) -> dict[str, Any]:
    return {"type": "message", "channel": "D0ASKER", "channel_type": "im", "user": "UASKER", "text": text}


# -- the child: a minimal Bolt app on one Socket Mode client ----------------------------------------------


def _child(client: str, api: str, ping: float) -> None:
    from slack_bolt import App
    from slack_sdk import WebClient

    logging.basicConfig(level=logging.INFO)  # as the bot runs by default
    app = App(client=WebClient(token=BOT_TOKEN, base_url=api), signing_secret="")
    app.event("message")(lambda: None)
    if client in ("websockets", "aiohttp"):
        asyncio.run(_child_async(client, app, api, ping))
        return
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    if client == "bot":
        from bot.socket_mode import SocketModeService

        service = SocketModeService(app, APP_TOKEN)
        service.connect()
        stop.wait()
        service.close()
        return
    if client == "builtin":
        from slack_bolt.adapter.socket_mode.builtin import SocketModeHandler as Builtin

        handler: Any = Builtin(app, APP_TOKEN, ping_interval=ping)
    else:
        from slack_bolt.adapter.socket_mode.websocket_client import SocketModeHandler as WebsocketClient

        handler = WebsocketClient(app, APP_TOKEN, ping_interval=ping)
    handler.connect()
    stop.wait()
    handler.close()


async def _child_async(client: str, app: Any, api: str, ping: float) -> None:
    from slack_sdk.web.async_client import AsyncWebClient

    web = AsyncWebClient(token=BOT_TOKEN, base_url=api)
    if client == "websockets":
        from slack_bolt.adapter.socket_mode.websockets import SocketModeHandler as Websockets

        handler: Any = Websockets(app, APP_TOKEN, web_client=web, ping_interval=ping)
    else:
        from slack_bolt.adapter.socket_mode.aiohttp import SocketModeHandler as Aiohttp

        handler = Aiohttp(app, APP_TOKEN, web_client=web, ping_interval=ping)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await handler.connect_async()
    await stop.wait()
    await handler.close_async()


if __name__ == "__main__":
    main()
