"""HTTP mode: Slack requests at `/slack/events` (signature verified by Bolt) and `/healthz` for load balancers."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

SLACK_PATH = "/slack/events"
HEALTH_PATH = "/healthz"

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


def make_wsgi_app(app: App, database_answers: Callable[[], bool]) -> WsgiApp:
    """A WSGI application serving Slack and the health check; everything else is 404."""
    slack = SlackRequestHandler(app, path=SLACK_PATH)

    def wsgi(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == SLACK_PATH:
            return slack(environ, start_response)
        if path == HEALTH_PATH:
            healthy = database_answers()
            status = "200 OK" if healthy else "503 Service Unavailable"
            return _plain(start_response, status, b"ok\n" if healthy else b"database unreachable\n")
        return _plain(start_response, "404 Not Found", b"not found\n")

    return wsgi


def _plain(start_response: StartResponse, status: str, body: bytes) -> list[bytes]:
    start_response(status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))])
    return [body]
