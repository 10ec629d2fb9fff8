"""HTTP mode: Slack requests at `/slack/events` (signature verified by Bolt), `/healthz` for load balancers and
`/metrics` for Prometheus. In Socket Mode only the last two are served, on METRICS_PORT."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot import metrics

SLACK_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
METRICS_PATH = "/metrics"

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


def make_wsgi_app(app: App, database_answers: Callable[[], bool]) -> WsgiApp:
    """A WSGI application serving Slack, the health check and the metrics; everything else is 404."""
    slack = SlackRequestHandler(app, path=SLACK_PATH)
    operations = make_operations_app(database_answers)

    def wsgi(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO", "") == SLACK_PATH:
            metrics.SLACK_REQUESTS.labels(mode="http").inc()
            return slack(environ, start_response)
        return operations(environ, start_response)

    return wsgi


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
