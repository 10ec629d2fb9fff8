"""HTTP mode: Slack requests at `/slack/events`, `/healthz` for load balancers and `/metrics` for Prometheus. In
Socket Mode only the last two are served, on METRICS_PORT.

A request to `/slack/events` is checked before anything reads it: at most `MAX_BODY_BYTES` (413), then Slack's
signature and timestamp over the raw bytes (401, one log line), then its form (400 when it is not what Slack
sends; a signed payload of the wrong shape is logged and ignored with 200, so Slack does not send it again).
Events are stored in the inbox before Slack gets its 200 and processed from there (`bot.inbox`); commands,
clicks and modals go to the Bolt app on their own lane. No client error leaves a traceback.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App, BoltRequest

from bot import metrics
from bot.inbox import shape
from bot.inbox.processing import Inbox

log = logging.getLogger("servicedesk.http")

SLACK_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
METRICS_PATH = "/metrics"

MAX_BODY_BYTES = 1024 * 1024
"""Slack's largest payloads (a modal's state, a long message) stay far below this; waitress refuses more too."""
MAX_AGE_SECONDS = 300
"""A request signed longer ago than this (or this far in the future) is a replay: Slack's own rule."""

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


class Refused(Exception):
    """A request answered with a client error (`status`), logged in one line (`reason`)."""

    def __init__(self, status: str, reason: str) -> None:
        super().__init__(reason)
        self.status, self.reason = status, reason


def make_wsgi_app(app: App, database_answers: Callable[[], bool], inbox: Inbox, signing_secret: str) -> WsgiApp:
    """A WSGI application serving Slack, the health check and the metrics; everything else is 404."""
    slack = SlackEndpoint(app, inbox, signing_secret)
    operations = make_operations_app(database_answers)

    def wsgi(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO", "") == SLACK_PATH:
            metrics.SLACK_REQUESTS.labels(mode="http").inc()
            return slack(environ, start_response)
        return operations(environ, start_response)

    return wsgi


class SlackEndpoint:
    """`/slack/events`: verify, parse, then store an event in the inbox or hand the request to Bolt."""

    def __init__(self, app: App, inbox: Inbox, signing_secret: str, clock: Callable[[], float] = time.time) -> None:
        self.app, self.inbox, self.clock = app, inbox, clock
        self.secret = signing_secret.encode()

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        try:
            body = read_body(environ)
            verify(self.secret, environ, body, self.clock())
            text, parsed = parse(body, environ.get("CONTENT_TYPE", ""))
        except Refused as refused:
            log.warning("refused a request to %s (%s): %s", SLACK_PATH, refused.status, refused.reason)
            return _plain(start_response, refused.status, refused.reason.encode() + b"\n")
        problem = _shape_problem(parsed)
        if problem is not None:
            log.warning("ignored a signed request from Slack: %s", problem)
            return _plain(start_response, "200 OK", b"")
        if parsed.get("type") == "event_callback":
            return self._accept(parsed, start_response)
        return self._dispatch(environ, text, start_response)

    def _accept(self, payload: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        self.inbox.accept(payload)
        return _plain(start_response, "200 OK", b"")

    def _dispatch(self, environ: dict[str, Any], text: str, start_response: StartResponse) -> Iterable[bytes]:
        request = BoltRequest(body=text, query=environ.get("QUERY_STRING", ""), headers=_headers(environ))
        response = self.app.dispatch(request)
        headers = [(name, value) for name, values in response.headers.items() for value in values]
        start_response(f"{response.status} {_REASONS.get(response.status, 'Unknown')}", headers)
        return [response.body.encode()]


_REASONS = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found", 500: "Internal Server Error"}


def read_body(environ: dict[str, Any]) -> bytes:
    """The raw body, at most `MAX_BODY_BYTES`.

    Raises:
        Refused: the body is larger (413) or its length is not a number (400).
    """
    declared = environ.get("CONTENT_LENGTH") or ""
    if declared and not declared.isdigit():
        raise Refused("400 Bad Request", "Content-Length is not a number")
    if declared and int(declared) > MAX_BODY_BYTES:
        raise Refused("413 Content Too Large", f"body of {declared} bytes, more than {MAX_BODY_BYTES}")
    body: bytes = environ["wsgi.input"].read(int(declared) if declared else MAX_BODY_BYTES + 1)
    if len(body) > MAX_BODY_BYTES:
        raise Refused("413 Content Too Large", f"body of more than {MAX_BODY_BYTES} bytes")
    return body


def verify(secret: bytes, environ: dict[str, Any], body: bytes, now: float) -> None:
    """Slack's v0 signature over the raw body, and a timestamp within `MAX_AGE_SECONDS` of `now`.

    Raises:
        Refused: 401, saying what was wrong (never the signature itself).
    """
    timestamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", "")
    signature = environ.get("HTTP_X_SLACK_SIGNATURE", "")
    if not timestamp or not signature:
        raise Refused("401 Unauthorized", "no Slack signature or timestamp")
    if not timestamp.isdigit():
        raise Refused("401 Unauthorized", "the Slack timestamp is not a number")
    if abs(now - int(timestamp)) > MAX_AGE_SECONDS:
        raise Refused("401 Unauthorized", "the Slack timestamp is too old or in the future")
    expected = "v0=" + hmac.new(secret, b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace")):
        raise Refused("401 Unauthorized", "the Slack signature does not match")


def parse(body: bytes, content_type: str) -> tuple[str, dict[str, Any]]:
    """The body as text and as Slack's payload: a JSON object (events), or form fields (commands), or a form
    with a JSON object in `payload` (clicks, modals, shortcuts).

    Raises:
        Refused: 400, when the body is none of these.
    """
    try:
        text = body.decode("utf-8")
        if content_type.startswith("application/json"):
            parsed = json.loads(text)
        else:
            fields = {name: values[0] for name, values in parse_qs(text, strict_parsing=bool(text)).items()}
            parsed = json.loads(fields["payload"]) if "payload" in fields else fields
    except (UnicodeDecodeError, ValueError) as error:
        raise Refused("400 Bad Request", f"body is not what Slack sends ({type(error).__name__})") from None
    if not isinstance(parsed, dict):
        raise Refused("400 Bad Request", f"body is a JSON {type(parsed).__name__}, not an object")
    return text, parsed


def _shape_problem(parsed: dict[str, Any]) -> str | None:
    if parsed.get("type") == "event_callback":
        return shape.event_problem(parsed)
    if "command" in parsed or "user_id" in parsed:
        return shape.command_problem(parsed)
    if "user" in parsed or parsed.get("type") in shape.INTERACTIONS:
        return shape.interaction_problem(parsed)
    return None


def _headers(environ: dict[str, Any]) -> dict[str, str | Sequence[str]]:
    headers: dict[str, str | Sequence[str]] = {
        name[5:].replace("_", "-").lower(): str(value) for name, value in environ.items() if name.startswith("HTTP_")
    }
    if environ.get("CONTENT_TYPE"):
        headers["content-type"] = environ["CONTENT_TYPE"]
    return headers


def make_operations_app(database_answers: Callable[[], bool]) -> WsgiApp:
    """`/healthz` (200 when the database answers, 503 when not) and `/metrics`; everything else is 404."""

    def wsgi(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == HEALTH_PATH:
            healthy = database_answers()
            status = "200 OK" if healthy else "503 Service Unavailable"
            return _plain(start_response, status, b"ok\n" if healthy else b"database unreachable\n")
        if path == METRICS_PATH:
            return _body(start_response, "200 OK", metrics.CONTENT_TYPE, metrics.exposition())
        return _plain(start_response, "404 Not Found", b"not found\n")

    return wsgi


def _plain(start_response: StartResponse, status: str, body: bytes) -> list[bytes]:
    return _body(start_response, status, "text/plain; charset=utf-8", body)


def _body(start_response: StartResponse, status: str, content_type: str, body: bytes) -> list[bytes]:
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body)))])
    return [body]


def start_operations_server(host: str, port: int, wsgi: WsgiApp) -> WSGIServer:
    """Serve `wsgi` (health and metrics, for Socket Mode) in a background thread; stop with `shutdown()`."""
    server = make_server(host, port, wsgi, server_class=_ThreadingServer, handler_class=_QuietHandler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.5}, name="metrics", daemon=True).start()
    return server


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """No access log: Prometheus scrapes every few seconds."""
