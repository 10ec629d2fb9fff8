"""A Slack Socket Mode double: WebSocket links on 127.0.0.1 that speak Slack's Socket Mode protocol.

`apps.connections.open` on the fake Web API (an app-level `xapp-` token) answers with a one-time `ws://` URL;
each link opened on it gets `hello`, carries envelopes (`events_api`, `interactive`, `slash_commands`, each
with an `envelope_id`) and records the app's acks. Like Slack, the double can ask for a refresh
(`disconnect` with reason `refresh_requested`), drop a link without a close frame, or go away altogether
(`outage()`: the WebSocket endpoint and the Web API both refuse connections until it ends).

    with FakeSlack() as web_api, FakeSocketMode(web_api) as slack:
        ...start the bot with SLACK_API_URL=web_api.url and SLACK_APP_TOKEN=xapp-...
        link = slack.wait_for_link()
        envelope = slack.event({"type": "message", ...})
        ack = slack.wait_for_ack(envelope)
"""

from __future__ import annotations

import itertools
import json
import logging
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Self

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import Server, ServerConnection, serve

from tests.fakes.slack_api import FakeSlack

Json = dict[str, Any]
APP_ID, TEAM_ID = "A0001", "T0001"


@dataclass
class Link:
    """One WebSocket connection the app opened, as Slack's side saw it (times are `time.monotonic()`)."""

    number: int
    ticket: str
    connection: ServerConnection = field(repr=False)
    opened_at: float
    closed_at: float | None = None
    texts: list[Json] = field(default_factory=list, repr=False)

    @property
    def open(self) -> bool:
        return self.closed_at is None

    @property
    def close_code_from_app(self) -> int | None:
        """The code of the close frame the app sent, or None when it closed without one (or not at all)."""
        received = self.connection.protocol.close_rcvd
        return None if received is None else int(received.code)


@dataclass(frozen=True)
class Ack:
    envelope_id: str
    link: int
    payload: Json | None
    at: float


class FakeSocketMode:
    """Slack's Socket Mode servers for one app; thread-safe. Use as a context manager."""

    def __init__(self, web_api: FakeSlack, *, hello: bool = True) -> None:
        self.web_api = web_api
        self._send_hello = hello
        self._port = 0
        self._server: Server | None = None
        self._thread: threading.Thread | None = None
        self._changed = threading.Condition()
        self._tickets: dict[str, float] = {}
        self._links: list[Link] = []
        self._acks: dict[str, Ack] = {}
        self._numbers = itertools.count(1)

    # -- lifecycle ---------------------------------------------------------------------------------------

    def start(self) -> Self:
        self._server = serve(self._serve, "127.0.0.1", self._port, logger=_quiet_logger())
        self._port = self._server.socket.getsockname()[1]
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-socket-mode", daemon=True)
        self._thread.start()
        self.web_api.add_method("apps.connections.open", self._open_connection)
        return self

    def stop(self) -> None:
        if self._server is None or self._thread is None:
            return
        self.drop()  # Slack going away closes the TCP connections; no close frames
        self._server.shutdown(close_connections=False)
        self._thread.join()
        self._server = self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @contextmanager
    def outage(self) -> Iterator[None]:
        """Slack unreachable while inside: open links drop, the WebSocket port and the Web API refuse connections.

        Both come back on the same ports when the block ends."""
        self.stop()
        self.web_api.stop()
        try:
            yield
        finally:
            self.web_api.start()
            self.start()

    # -- what Slack does ---------------------------------------------------------------------------------

    def event(self, event: Json, *, event_id: str = "Ev0001", retry_attempt: int = 0) -> str:
        """Deliver an Events API callback wrapping `event` on the newest open link; returns its envelope id."""
        callback = {"token": "unused", "team_id": TEAM_ID, "api_app_id": APP_ID, "type": "event_callback"}
        callback |= {"event_id": event_id, "event_time": int(time.time()), "event": event}
        return self.envelope("events_api", callback, retry_attempt=retry_attempt)

    def envelope(self, kind: str, payload: Json, *, retry_attempt: int = 0) -> str:
        """Send one envelope (`events_api`, `interactive`, `slash_commands`) on the newest open link."""
        envelope_id = str(uuid.uuid4())
        message = {"envelope_id": envelope_id, "type": kind, "payload": payload}
        message |= {"accepts_response_payload": kind != "events_api", "retry_attempt": retry_attempt}
        message["retry_reason"] = "timeout" if retry_attempt else ""
        self._send(self.newest_link(), message)
        return envelope_id

    def request_refresh(self, link: Link | None = None) -> Link:
        """Tell the app to move to a new link (`disconnect`, reason `refresh_requested`); the old one stays
        open until the app closes it or `drop()` is called, as Slack keeps it a few seconds."""
        link = link or self.newest_link()
        self._send(link, {"type": "disconnect", "reason": "refresh_requested", "debug_info": {"host": "fake"}})
        return link

    def drop(self) -> None:
        """Cut every open link at the TCP level, without a close frame (a network failure or a Slack crash)."""
        for link in self.links():
            if link.open:
                with suppress(OSError):
                    link.connection.socket.shutdown(socket.SHUT_RDWR)

    # -- inspecting --------------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self._port}/link/"

    def links(self) -> list[Link]:
        with self._changed:
            return list(self._links)

    def newest_link(self) -> Link:
        with self._changed:
            open_links = [link for link in self._links if link.open]
        if not open_links:
            raise AssertionError(f"the app has no open link; links so far: {self.links()}")
        return open_links[-1]

    def wait_for_link(self, number: int = 1, timeout: float = 10.0) -> Link:
        """Block until the app has opened its `number`-th link (and got hello) and return it."""
        with self._changed:
            if not self._changed.wait_for(lambda: len(self._links) >= number, timeout):
                raise AssertionError(f"the app opened {len(self._links)} link(s) within {timeout}s, not {number}")
            return self._links[number - 1]

    def wait_for_close(self, link: Link, timeout: float = 10.0) -> Link:
        with self._changed:
            if not self._changed.wait_for(lambda: not link.open, timeout):
                raise AssertionError(f"link {link.number} still open after {timeout}s")
        return link

    def wait_for_ack(self, envelope_id: str, timeout: float = 10.0) -> Ack:
        with self._changed:
            if not self._changed.wait_for(lambda: envelope_id in self._acks, timeout):
                raise AssertionError(f"no ack for envelope {envelope_id} within {timeout}s")
            return self._acks[envelope_id]

    def acks(self) -> list[Ack]:
        with self._changed:
            return list(self._acks.values())

    # -- serving -----------------------------------------------------------------------------------------

    def _open_connection(self, args: Json) -> Json:
        ticket = uuid.uuid4().hex
        with self._changed:
            self._tickets[ticket] = time.monotonic()
        return {"url": f"{self.url}?ticket={ticket}"}

    def _serve(self, connection: ServerConnection) -> None:
        ticket = (connection.request.path.partition("ticket=")[2] if connection.request else "") or ""
        with self._changed:
            if self._tickets.pop(ticket, None) is None:  # Slack's URLs are good for one connection
                connection.close(1008, "invalid ticket")
                return
            link = Link(next(self._numbers), ticket, connection, time.monotonic())
        if self._send_hello:
            self._send(link, _hello())
        with self._changed:
            self._links.append(link)
            self._changed.notify_all()
        try:
            for text in connection:
                self._received(link, json.loads(text))
        except (ConnectionClosed, OSError, ValueError):
            pass  # a dropped link, or garbage from the app: either way this link is over
        finally:
            with self._changed:
                link.closed_at = time.monotonic()
                self._changed.notify_all()

    def _received(self, link: Link, message: Json) -> None:
        with self._changed:
            link.texts.append(message)
            envelope_id = message.get("envelope_id")
            if envelope_id and envelope_id not in self._acks:
                self._acks[envelope_id] = Ack(envelope_id, link.number, message.get("payload"), time.monotonic())
            self._changed.notify_all()

    def _send(self, link: Link, message: Json) -> None:
        link.connection.send(json.dumps(message))


def _hello() -> Json:
    debug = {"host": "applink-fake", "build_number": 1, "approximate_connection_time": 18060}
    return {"type": "hello", "num_connections": 1, "debug_info": debug, "connection_info": {"app_id": APP_ID}}


def _quiet_logger() -> logging.Logger:
    """websockets logs every handshake and drop; tests read what happened from the double instead."""
    logger = logging.getLogger("tests.fakes.socket_mode")
    logger.disabled = True
    return logger
