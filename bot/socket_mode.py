"""Socket Mode: one WebSocket link to Slack, moved at once on a refresh, reopened with back-off after a drop.

The client was chosen by measurement (`bench/socket_mode.py`; figures in README, "Running it as a service"). slack_sdk's
built-in client burned most of a core while Slack was unreachable, reconnected ~37 s after Slack was back,
served a refreshed link ~3 s late and closed without a close frame. The websockets and aiohttp clients behave
well but are asyncio-only: they need aiohttp for Slack's async Web API client and would run this synchronous
Bolt app inside an event loop. slack_sdk's websocket-client `SocketModeClient` (a small pure-Python library)
fits the synchronous app; `SlackLink` keeps it and changes how the link is kept:

- one thread owns the link: it opens it, runs it, and when it drops opens a new one, backing off from 0.5 s to
  5 s between attempts (so at most ~5 s after Slack is back). The library's own reconnects (from every close
  callback and a monitor thread) are off: they tried twice a second and logged ~500 lines a minute meanwhile.
- when Slack asks for a refresh, the new link is served the moment it is in place, while the old one closes:
  the library would read nothing from it until the old link's closing handshake was over (3–5 s measured);
- a ping every 10 s with a 5 s pong timeout notices a half-open link (no FIN, e.g. a NAT forgetting it);
- `close()` sends a close frame and returns within a few seconds.
State changes are logged once (lost, still down every minute, back) and exported as metrics.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.socket_mode.internals import run_bolt_app, send_response
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse
from slack_sdk.socket_mode.websocket_client import SocketModeClient
from websocket import WebSocketApp

from bot import metrics
from bot.inbox import shape
from bot.inbox.processing import Inbox

log = logging.getLogger("servicedesk.socket_mode")

PING_INTERVAL = 10.0
PING_TIMEOUT = 5.0
BACKOFF = (0.5, 1.0, 2.0, 4.0, 5.0)
"""Seconds between attempts to reopen the link while Slack is unreachable; the last repeats."""
STILL_DOWN_EVERY = 60.0
CLOSE_TIMEOUT = 2.0


class SlackLink(SocketModeClient):
    """slack_sdk's websocket-client Socket Mode client with one owner of the link (see the module docs)."""

    def __init__(self, app_token: str, web_client: WebClient, *, concurrency: int = 10) -> None:
        self._session: WebSocketApp | None = None
        self._changed = threading.Event()  # a new link was put in place, or one ended
        self._stopping = threading.Event()
        self._ran: WebSocketApp | None = None
        self._serving: set[WebSocketApp] = set()
        self._opened: set[WebSocketApp] = set()
        self._last_ended_well = False
        self._ever_opened = False
        self._down_since: float | None = None
        self._last_down_note = 0.0
        self._owner = threading.Thread(target=self._keep_link, name="slack-link", daemon=True)
        super().__init__(
            app_token,
            logger=_library_logger(),
            web_client=web_client,
            auto_reconnect_enabled=False,
            ping_interval=PING_INTERVAL,
            concurrency=concurrency,
        )
        self.current_session_runner.shutdown()  # type: ignore[no-untyped-call]  # `_keep_link` runs the links
        self.on_open_listeners.append(self._on_open)

    @property
    def current_session(self) -> WebSocketApp | None:
        return self._session

    @current_session.setter
    def current_session(self, session: WebSocketApp | None) -> None:
        # The library puts a refreshed link in place before it closes the old one: serve it right away.
        self._session = session
        self._changed.set()

    def start(self) -> None:
        """Open the first link, then keep one open until `close()`.

        Raises:
            SlackApiError: Slack refused the app-level token (e.g. `invalid_auth`).
            OSError: Slack could not be reached (URLError is an OSError).
        """
        self.connect_to_new_endpoint(force=True)
        self._owner.start()

    def close(self) -> None:
        """Close the link with a close frame and stop its threads; returns within a few seconds."""
        self.closed, self.auto_reconnect_enabled = True, False
        self._stopping.set()
        self._changed.set()
        session = self.current_session
        if session is not None and session.sock is not None:
            session.close(status=1000, timeout=CLOSE_TIMEOUT)
        metrics.SLACK_CONNECTED.set(0)
        for runner in (self.current_app_monitor, self.message_processor):
            runner.event.set()  # their loops end within a second; daemon threads, so nobody waits on them
        if self._owner.is_alive():
            self._owner.join(timeout=CLOSE_TIMEOUT)
        self.message_workers.shutdown(wait=False)

    def connect_to_new_endpoint(self, force: bool = False) -> None:
        """Slack's `disconnect` reaches the library's message thread, which would open the new link and then wait
        up to 3 s for the old one's closing handshake; meanwhile nothing that arrives on the new link is read.
        Move that work to a thread of its own so the new link is served at once."""
        if threading.current_thread() is getattr(self.message_processor, "thread", None):
            refresh = functools.partial(super().connect_to_new_endpoint, force=True)
            threading.Thread(target=refresh, name="slack-link-refresh", daemon=True).start()
            return
        super().connect_to_new_endpoint(force=force)

    # -- the link's owner --------------------------------------------------------------------------------

    def _keep_link(self) -> None:
        attempts = 0
        while not self.closed:
            self._changed.clear()
            session = self.current_session
            if session is not None and session is not self._ran:  # a new link: serve it now
                self._ran = session
                self._serving.add(session)  # before the thread starts: the next turn must see it as up
                threading.Thread(target=self._serve, args=(session,), name="slack-link-session", daemon=True).start()
            elif session is not None and session in self._serving:  # the link is up: wait for a change
                self._changed.wait()
            else:  # the link ended: open a new one, backing off while that fails
                attempts = 0 if self._last_ended_well else attempts
                self._last_ended_well = False
                if attempts:
                    self._stopping.wait(BACKOFF[min(attempts, len(BACKOFF)) - 1])
                if not self.closed:
                    attempts += 1
                    self._open_new_link()

    def _serve(self, session: WebSocketApp) -> None:
        """Run `session` until it ends. A link that ends at once counts as a failed attempt, so an endpoint that
        refuses is not retried in a tight loop."""
        started = time.monotonic()
        try:
            session.run_forever(ping_interval=PING_INTERVAL, ping_timeout=PING_TIMEOUT)
        finally:
            self._serving.discard(session)
        if not self.closed and session is self.current_session:
            self._last_ended_well = session in self._opened and time.monotonic() - started > PING_TIMEOUT
            self._lost("the link to Slack closed")
        self._opened.discard(session)
        self._changed.set()

    def _open_new_link(self) -> None:
        try:
            self.connect_to_new_endpoint(force=True)
        except SlackApiError as error:
            self._lost(f"Slack refused a new link ({error.response.get('error')}); check SLACK_APP_TOKEN")
        except Exception as error:  # network errors come in many types (URLError, OSError, timeouts)
            self._lost(f"Slack is unreachable ({type(error).__name__}: {error})")

    def _lost(self, why: str) -> None:
        now = time.monotonic()
        metrics.SLACK_CONNECTED.set(0)
        if self._down_since is None:
            self._down_since = self._last_down_note = now
            log.warning("%s; reconnecting (every %.0f s at most)", why, BACKOFF[-1])
        elif now - self._last_down_note >= STILL_DOWN_EVERY:
            self._last_down_note = now
            log.warning("%s; still reconnecting after %.0f s", why, now - self._down_since)

    def _on_open(self, session: WebSocketApp) -> None:
        self._opened.add(session)
        metrics.SLACK_CONNECTED.set(1)
        if self._ever_opened:
            metrics.SLACK_RECONNECTS.inc()
        self._ever_opened = True
        if self._down_since is not None:
            log.info("link to Slack open again after %.1f s", time.monotonic() - self._down_since)
            self._down_since = None


class SocketModeService:
    """The Bolt app served over a `SlackLink`. An event is stored in the inbox before its envelope is
    acknowledged, then processed from there; commands, clicks and modals are dispatched to the app (their own
    lane) and acknowledged with what the listener acked."""

    def __init__(self, app: App, app_token: str, inbox: Inbox, *, concurrency: int = 10) -> None:
        self.app, self.inbox = app, inbox
        # Own Web API client for apps.connections.open: no retries inside the call, the link's owner retries.
        client = WebClient(base_url=app.client.base_url, timeout=10, retry_handlers=[], logger=_library_logger())
        self.link = SlackLink(app_token, client, concurrency=concurrency)
        self.link.socket_mode_request_listeners.append(self._handle)

    def connect(self) -> None:
        """Open the link (see `SlackLink.start` for what it raises)."""
        self.link.start()

    def close(self) -> None:
        self.link.close()

    def _handle(self, client: Any, request: SocketModeRequest) -> None:
        metrics.SLACK_REQUESTS.labels(mode="socket").inc()
        started = time.time()
        payload = request.payload if isinstance(request.payload, dict) else {}
        problem = _shape_problem(request.type, payload)
        if problem is not None:
            log.warning("ignored an envelope from Slack: %s", problem)
            client.send_socket_mode_response(SocketModeResponse(envelope_id=request.envelope_id))
            return
        if request.type == "events_api":
            self.inbox.accept(payload)
            client.send_socket_mode_response(SocketModeResponse(envelope_id=request.envelope_id))
            return
        send_response(client, request, run_bolt_app(self.app, request), started)


def _shape_problem(kind: str, payload: dict[str, Any]) -> str | None:
    if kind == "events_api":
        return shape.event_problem(payload) if payload.get("type") == "event_callback" else None
    if kind == "slash_commands":
        return shape.command_problem(payload)
    if kind == "interactive":
        return shape.interaction_problem(payload)
    return None


class _QuietWhileReconnecting(logging.Filter):
    """The library logs each failed attempt as an error; `SlackLink` reports the link's state itself."""

    NOISE = (
        "on_error invoked",
        "Failed to retrieve WSS URL",
        "Failed to send a request to Slack API server",
        "A new session has been established",
        "Connecting to a new endpoint",
        "Connected to a new endpoint",
    )

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(self.NOISE)


def _library_logger() -> logging.Logger:
    logger = logging.getLogger("servicedesk.socket_mode.client")
    if not logger.filters:
        logger.addFilter(_QuietWhileReconnecting())
    return logger
