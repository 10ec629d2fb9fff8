"""A fake Slack Web API served over real HTTP on 127.0.0.1, for tests.

Point a real client at it with ``WebClient(token="xoxb-test-token", base_url=fake.url)``. The fake records
every call, answers the methods the bot uses the way Slack does (including ``ok: false`` errors), and can be
told to fail, rate-limit (429) or break (5xx) the next calls of a method, or to have an outage (`outage`: every
call answers 500 or 429, or hangs) or answer a method slowly (`slow_down`); `stop()` then `start()` refuses
connections meanwhile and comes back on the same port. It is as strict as Slack: a method it
does not implement answers ``unknown_method``, and a message or view over a Block Kit limit is refused
(``invalid_blocks``, ``invalid_arguments``, ``msg_too_long``, ``msg_blocks_too_long``; see
``tests/fakes/block_kit.py``).

Run it by hand with ``python -m tests.fakes.slack_api --port 0``.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self
from urllib.parse import parse_qsl, urlsplit

from tests.fakes.block_kit import blocks_too_long, message_problems, text_too_long, view_problems
from tests.fakes.slack_uploads import UPLOAD_PATH, Uploads

Json = dict[str, Any]

DEFAULT_TOKENS = frozenset({"xoxb-test-token"})
BOT_USER_ID, BOT_ID, TEAM_ID = "UBOT", "BBOT", "T0001"
TEAM_URL = "https://servicedesk-test.slack.com/"
# slack-sdk sends these as JSON strings inside form-encoded bodies; decoded so tests can inspect them.
JSON_FIELDS = frozenset({"blocks", "attachments", "view", "metadata", "files"})
_TS_START = 1_700_000_000_000_100  # microseconds: the first ts handed out is "1700000000.000100"


RESPONSE_URL_PREFIX = "response_url/"
"""Tests give payloads `response_url = fake.url + RESPONSE_URL_PREFIX + "<id>"`; calls to it are recorded."""


@dataclass(frozen=True)
class Call:
    """One request the fake received.

    ``outcome`` is "ok", the Slack error code (``ok: false``), or the HTTP status of a 429/5xx answer; ``at`` is
    when it was done (``time.monotonic()``).
    """

    method: str
    args: dict[str, Any]
    token: str | None = field(repr=False)
    outcome: str = "ok"
    at: float = field(default_factory=time.monotonic, compare=False, repr=False)


class _SlackError(Exception):
    def __init__(self, error: str) -> None:
        super().__init__(error)
        self.error = error


@dataclass(frozen=True)
class _Reply:
    body: Json | str
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def outcome(self) -> str:
        if self.status != 200 or not isinstance(self.body, dict):
            return str(self.status)
        return "ok" if self.body.get("ok") else str(self.body.get("error"))


def _error(code: str) -> _Reply:
    return _Reply({"ok": False, "error": code})


MESSAGE_METHODS = frozenset({"chat.postMessage", "chat.postEphemeral", "chat.update"})
VIEW_METHODS = frozenset({"views.open", "views.update", "views.push", "views.publish"})


def _refusal(method: str, args: Json) -> _Reply | None:
    """Slack's answer to a message or view over a Block Kit limit; None when it is within every limit."""
    if method in VIEW_METHODS:
        problems = list(view_problems(args.get("view")))
        code = "invalid_arguments"
    elif method in MESSAGE_METHODS or method.startswith(RESPONSE_URL_PREFIX):
        if text_too_long(args):
            return _error("msg_too_long")
        if blocks_too_long(args):
            return _error("msg_blocks_too_long")
        problems = list(message_problems(args))
        code = "invalid_blocks"
    else:
        return None
    if not problems:
        return None
    messages = [f"[ERROR] {problem}" for problem in problems]
    return _Reply({"ok": False, "error": code, "errors": problems, "response_metadata": {"messages": messages}})


class FakeSlack:
    """Fake Slack Web API; thread-safe. Use as a context manager, or call ``start()`` and ``stop()``."""

    def __init__(
        self,
        tokens: Iterable[str] = DEFAULT_TOKENS,
        *,
        port: int = 0,
        on_call: Callable[[Call], None] | None = None,
        host: str = "127.0.0.1",
    ) -> None:
        self._tokens = frozenset(tokens)
        self._host, self._port = host, port
        self._on_call = on_call
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._changed = threading.Condition()  # guards all state below; notified on every call
        self._calls: list[Call] = []
        self._faults: defaultdict[str, deque[_Reply]] = defaultdict(deque)
        self._last_ts = _TS_START - 1
        self._last_view = 0
        self._messages: defaultdict[str, list[Json]] = defaultdict(list)
        self._users: dict[str, Json] = {}
        self._members: dict[str, list[str]] = {}
        self._archived: set[str] = set()
        self._removed: set[str] = set()
        self._files: dict[str, Json] = {}
        self._uploads = Uploads(_SlackError)
        self._outage: _Reply | None = None
        self._hanging = threading.Event()  # set while calls hang: taken in and done, never answered
        self._released = threading.Event()
        self._slow: dict[str, float] = {}
        self._methods: dict[str, Callable[[Json], Json]] = {
            "auth.test": self._auth_test,
            "chat.postMessage": self._post_message,
            "chat.postEphemeral": self._post_ephemeral,
            "chat.update": self._update_message,
            "chat.delete": self._delete_message,
            "chat.getPermalink": self._permalink,
            "conversations.history": self._history,
            "conversations.replies": self._replies,
            "conversations.members": self._channel_members,
            "conversations.info": self._channel_info,
            "conversations.open": self._open_conversation,
            "files.info": self._file_info,
            "files.getUploadURLExternal": lambda args: self._uploads.get_upload_url(args, self.url),
            "files.completeUploadExternal": lambda args: self._uploads.complete(args, self._share_file),
            "users.info": self._user_info,
            **dict.fromkeys(("views.open", "views.update", "views.push", "views.publish"), self._view),
        }

    # -- lifecycle ---------------------------------------------------------------------------------------

    def start(self) -> Self:
        handler = functools.partial(_Handler, fake=self)
        self._server = _Server((self._host, self._port), handler)
        self._port = self._server.server_address[1]  # a restart (after an outage) comes back on the same port
        # A short poll keeps stop() fast: shutdown() waits for the serving loop to notice it.
        serve = functools.partial(self._server.serve_forever, poll_interval=0.02)
        self._thread = threading.Thread(target=serve, name="fake-slack", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._released.set()  # hanging calls end (without an answer)
        if self._server is None or self._thread is None:
            return
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()
        self._server = self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """Base URL for ``WebClient(base_url=...)``, e.g. "http://127.0.0.1:54321/api/"."""
        if self._server is None:
            raise RuntimeError("FakeSlack is not started")
        return f"http://127.0.0.1:{self._server.server_address[1]}/api/"

    def add_method(self, method: str, handle: Callable[[Json], Json]) -> None:
        """Answer `method` with `handle(args)` (merged into ``{"ok": true}``); e.g. `apps.connections.open`."""
        with self._changed:
            self._methods[method] = handle

    # -- inspecting calls --------------------------------------------------------------------------------

    def calls(self, method: str | None = None) -> list[Call]:
        """Recorded calls (all, or of one method) in arrival order."""
        with self._changed:
            return [call for call in self._calls if method in (None, call.method)]

    def clear(self) -> None:
        """Forget recorded calls; users, channels, messages and pending faults stay."""
        with self._changed:
            self._calls.clear()

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Block until ``count`` calls of ``method`` were recorded and return them all.

        Raises:
            AssertionError: on timeout, listing the calls seen.
        """
        with self._changed:
            if not self._changed.wait_for(lambda: len(self.calls(method)) >= count, timeout):
                seen = [(call.method, call.outcome) for call in self._calls]
                raise AssertionError(f"expected {count} {method} call(s) within {timeout}s; saw {seen}")
            return self.calls(method)

    # -- arranging state ---------------------------------------------------------------------------------

    def add_user(
        self,
        user_id: str,
        *,
        name: str | None = None,
        real_name: str | None = None,
        locale: str = "nl-NL",
        deleted: bool = False,
        is_bot: bool = False,
    ) -> None:
        name = name or user_id.lower()
        real_name = real_name or name
        profile = {"real_name": real_name, "display_name": name}
        user = {"id": user_id, "team_id": TEAM_ID, "name": name, "real_name": real_name, "profile": profile}
        with self._changed:
            self._users[user_id] = user | {"deleted": deleted, "is_bot": is_bot, "locale": locale}

    def add_message(self, channel: str, *, ts: str, user: str, text: str, thread_ts: str | None = None) -> None:
        """A message a colleague wrote, so history, replies and reactions can find it like in Slack."""
        message: Json = {"type": "message", "user": user, "text": text, "ts": ts}
        if thread_ts:
            message["thread_ts"] = thread_ts
        with self._changed:
            self._messages[channel].append(message)

    def add_file(self, file_id: str, *, name: str, user: str = "UASKER", mimetype: str = "image/png") -> Json:
        """A file someone uploaded, as Slack describes it (`files.info`, a message's `files`, a `file_input`);
        returns that description."""
        file = {
            "id": file_id, "name": name, "title": name, "mimetype": mimetype, "filetype": name.rpartition(".")[2],
            "user": user, "size": 1024, "url_private": f"https://files.slack.com/files-pri/{TEAM_ID}-{file_id}/{name}",
            "permalink": f"{TEAM_URL}files/{user}/{file_id}/{name}",
        }  # fmt: skip
        with self._changed:
            self._files[file_id] = file
        return dict(file)

    def shared_files(self) -> list[tuple[str, Json, bytes]]:
        """(channel, file, bytes) of every upload completed through files.completeUploadExternal, in order."""
        with self._changed:
            return list(self._uploads.shared)

    def set_members(self, channel: str, user_ids: Iterable[str]) -> None:
        with self._changed:
            self._members[channel] = list(user_ids)

    def archive(self, channel: str) -> None:
        """Mark ``channel`` archived: posting there fails with ``is_archived``."""
        with self._changed:
            self._archived.add(channel)

    def remove_from_channel(self, channel: str) -> None:
        """Take the bot out of ``channel``: posting there fails with ``not_in_channel``."""
        with self._changed:
            self._removed.add(channel)

    # -- programmable faults (consumed in order, per method, before the token is checked) --------------

    def fail_next(self, method: str, error: str = "not_in_channel", times: int = 1) -> None:
        self._add_faults(method, _error(error), times)

    def rate_limit_next(self, method: str, retry_after: int = 1, times: int = 1) -> None:
        reply = _Reply({"ok": False, "error": "ratelimited"}, 429, {"Retry-After": str(retry_after)})
        self._add_faults(method, reply, times)

    def server_error_next(self, method: str, status: int = 503, times: int = 1) -> None:
        self._add_faults(method, _Reply(f"{status} from fake Slack", status), times)

    def outage(self, kind: str | None, *, retry_after: int = 1) -> None:
        """Until `outage(None)`, every call: "500" answers 500; "429" answers 429 with `retry_after`; "hang" is
        taken in and done (a post lands) but never answered: the connection closes when the outage ends."""
        with self._changed:
            self._outage = None
            if kind == "500":
                self._outage = _Reply("500 from fake Slack", 500)
            elif kind == "429":
                self._outage = _Reply({"ok": False, "error": "ratelimited"}, 429, {"Retry-After": str(retry_after)})
            if kind == "hang":
                self._released.clear()
                self._hanging.set()
            elif self._hanging.is_set():
                self._hanging.clear()
                self._released.set()

    def slow_down(self, method: str, seconds: float) -> None:
        """Take `seconds` before doing and answering each call of `method` (0: at once again)."""
        with self._changed:
            self._slow[method] = seconds

    def _delay(self, method: str) -> float:
        with self._changed:
            return self._slow.get(method, 0.0)

    def _hang_until_released(self) -> bool:
        """True when this call hangs (the caller closes the connection without an answer)."""
        if not self._hanging.is_set():
            return False
        self._released.wait()
        return True

    def _add_faults(self, method: str, reply: _Reply, times: int) -> None:
        with self._changed:
            self._faults[method].extend([reply] * times)

    # -- answering ---------------------------------------------------------------------------------------

    def _answer(self, method: str, args: Json, token: str | None) -> tuple[int, dict[str, str], bytes]:
        with self._changed:
            reply = self._reply(method, args, token)
            call = Call(method, args, token, reply.outcome)
            self._calls.append(call)
            self._changed.notify_all()
            if self._on_call:
                self._on_call(call)
            # Encoded under the lock: the body may share dicts with stored messages.
            if isinstance(reply.body, str):
                return reply.status, {"Content-Type": "text/plain", **reply.headers}, reply.body.encode()
            headers = {"Content-Type": "application/json; charset=utf-8", **reply.headers}
            return reply.status, headers, json.dumps(reply.body).encode()

    def _reply(self, method: str, args: Json, token: str | None) -> _Reply:
        if self._outage is not None:
            return self._outage
        if self._faults[method]:
            return self._faults[method].popleft()
        refused = _refusal(method, args)
        if method.startswith(RESPONSE_URL_PREFIX):
            return refused or _Reply({"ok": True})  # a response_url carries its own secret, not a token
        if not token:
            return _error("not_authed")
        if token not in self._tokens and not (method == "apps.connections.open" and token.startswith("xapp-")):
            return _error("invalid_auth")  # an app-level token opens Socket Mode links, and does nothing else
        handle = self._methods.get(method)
        if handle is None:
            return _error("unknown_method")
        if refused is not None:
            return refused
        try:
            return _Reply({"ok": True} | handle(args))
        except _SlackError as error:
            return _error(error.error)

    def _next_ts(self) -> str:
        self._last_ts += 1
        return f"{self._last_ts // 1_000_000}.{self._last_ts % 1_000_000:06d}"

    def _postable_channel(self, args: Json) -> str:
        channel = str(args.get("channel", ""))
        if channel[:1] in ("U", "W"):  # posting to a user id lands in the DM with that user
            channel = "D" + channel
        if not channel:
            raise _SlackError("channel_not_found")
        if channel in self._archived:
            raise _SlackError("is_archived")
        if channel in self._removed:
            raise _SlackError("not_in_channel")
        return channel

    def _message(self, args: Json) -> Json:
        for message in self._messages.get(str(args.get("channel")), []):
            if message["ts"] == args.get("ts"):
                return message
        raise _SlackError("message_not_found")

    def _auth_test(self, args: Json) -> Json:
        bot = {"team_id": TEAM_ID, "user_id": BOT_USER_ID, "bot_id": BOT_ID}
        return {"url": TEAM_URL, "team": "Servicedesk Test", "user": "servicedesk"} | bot

    def _post_message(self, args: Json) -> Json:
        channel = self._postable_channel(args)
        if not any(args.get(key) for key in ("text", "blocks", "attachments")):
            raise _SlackError("no_text")
        message = {"type": "message", "user": BOT_USER_ID, "bot_id": BOT_ID, "text": args.get("text", "")}
        message |= {key: args[key] for key in ("blocks", "attachments", "thread_ts", "metadata") if key in args}
        message["ts"] = self._next_ts()
        self._messages[channel].append(message)
        return {"channel": channel, "ts": message["ts"], "message": message}

    def _post_ephemeral(self, args: Json) -> Json:
        self._postable_channel(args)
        return {"message_ts": self._next_ts()}

    def _update_message(self, args: Json) -> Json:
        message = self._message(args)
        message |= {key: args[key] for key in ("text", "blocks", "attachments", "metadata") if key in args}
        return {"channel": args["channel"], "ts": message["ts"], "text": message["text"], "message": message}

    def _delete_message(self, args: Json) -> Json:
        message = self._message(args)
        self._messages[args["channel"]].remove(message)
        return {"channel": args["channel"], "ts": message["ts"]}

    def _permalink(self, args: Json) -> Json:
        channel, ts = args.get("channel", ""), str(args.get("message_ts", ""))
        return {"channel": channel, "permalink": f"{TEAM_URL}archives/{channel}/p{ts.replace('.', '')}"}

    def _history(self, args: Json) -> Json:
        messages = self._messages.get(str(args.get("channel")), [])
        top_level = [m for m in reversed(messages) if m.get("thread_ts", m["ts"]) == m["ts"]]
        return {"messages": top_level, "has_more": False, "response_metadata": {"next_cursor": ""}}

    def _replies(self, args: Json) -> Json:
        messages, ts = self._messages.get(str(args.get("channel")), []), args.get("ts")
        thread = [m for m in messages if ts and ts in (m["ts"], m.get("thread_ts"))]
        if not thread:
            raise _SlackError("thread_not_found")
        return {"messages": thread, "has_more": False, "response_metadata": {"next_cursor": ""}}

    def _channel_members(self, args: Json) -> Json:
        if args.get("channel") not in self._members:
            raise _SlackError("channel_not_found")
        return {"members": self._members[args["channel"]], "response_metadata": {"next_cursor": ""}}

    def _channel_info(self, args: Json) -> Json:
        channel = str(args.get("channel", ""))
        is_im, is_archived, is_member = channel[:1] == "D", channel in self._archived, channel not in self._removed
        flags = {"is_channel": not is_im, "is_im": is_im, "is_archived": is_archived, "is_member": is_member}
        return {"channel": {"id": channel, "name": channel.lower()} | flags}

    def _open_conversation(self, args: Json) -> Json:
        users = [user for user in str(args.get("users") or "").split(",") if user]
        if args.get("channel"):
            return {"channel": {"id": args["channel"]}}
        if not users:
            raise _SlackError("users_list_not_supplied")
        return {"channel": {"id": "D" + users[0] if len(users) == 1 else "G" + "".join(sorted(users))}}

    def _share_file(self, channel: str, file: Json, comment: str) -> None:
        """A completed upload shared in `channel`: a message with the file and `initial_comment` as its text."""
        channel = self._postable_channel({"channel": channel})
        message = {"type": "message", "user": BOT_USER_ID, "bot_id": BOT_ID, "text": comment, "files": [file]}
        message["ts"] = self._next_ts()
        self._messages[channel].append(message)
        self._files[file["id"]] = file

    def receive_upload(self, file_id: str, data: bytes) -> tuple[int, str]:
        """The upload URL that files.getUploadURLExternal handed out: (HTTP status, body)."""
        with self._changed:
            answer = self._uploads.receive(file_id, data)
            outcome = "ok" if answer[0] == 200 else str(answer[0])
            self._calls.append(Call(UPLOAD_PATH.strip("/"), {"file_id": file_id, "length": len(data)}, None, outcome))
            self._changed.notify_all()
            return answer

    def _file_info(self, args: Json) -> Json:
        file = self._files.get(str(args.get("file")))
        if file is None:
            raise _SlackError("file_not_found")
        return {"file": file, "comments": [], "response_metadata": {"next_cursor": ""}}

    def _user_info(self, args: Json) -> Json:
        user = self._users.get(str(args.get("user")))
        if user is None:
            raise _SlackError("user_not_found")
        if _truthy(args.get("include_locale")):
            return {"user": user}
        return {"user": {key: value for key, value in user.items() if key != "locale"}}

    def _view(self, args: Json) -> Json:
        view_id = args.get("view_id")
        if not view_id:
            self._last_view += 1
            view_id = f"V{self._last_view:08d}"
        view = args.get("view")
        return {"view": (view if isinstance(view, dict) else {}) | {"id": view_id, "team_id": TEAM_ID}}


def _truthy(value: object) -> bool:
    return value in (True, 1, "1", "true")


def _parse_args(query: str, body: str, content_type: str) -> Json:
    args: Json = dict(parse_qsl(query, keep_blank_values=True))
    if content_type.startswith("application/json"):
        args.update(json.loads(body or "{}"))
    elif content_type.startswith("application/x-www-form-urlencoded"):
        args.update(parse_qsl(body, keep_blank_values=True))
    for key in JSON_FIELDS & args.keys():
        if isinstance(args[key], str):
            with contextlib.suppress(ValueError):
                args[key] = json.loads(args[key])
    return args


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # many bot threads may call at once (e.g. 20 agents claiming together)
    daemon_threads = True


class _Handler(BaseHTTPRequestHandler):
    def __init__(self, *args: Any, fake: FakeSlack, **kwargs: Any) -> None:
        self.fake = fake  # set first: the base class handles the request inside __init__
        super().__init__(*args, **kwargs)

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        if url.path.startswith(UPLOAD_PATH):
            self._answer_upload(url.path.removeprefix(UPLOAD_PATH))
            return
        if not url.path.startswith("/api/"):
            self.send_error(404)
            return
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        args = _parse_args(url.query, body, self.headers.get("Content-Type", ""))
        authorization = self.headers.get("Authorization", "")
        form_token = args.pop("token", None)  # a credential, not an API argument
        token = authorization.removeprefix("Bearer ") if authorization.startswith("Bearer ") else form_token
        method = url.path.removeprefix("/api/")
        delay = self.fake._delay(method)
        if delay:
            time.sleep(delay)  # Slack taking its time before it posts
        status, headers, payload = self.fake._answer(method, args, token)
        if self.fake._hang_until_released():
            self.close_connection = True  # done, but the answer never comes
            return
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the caller gave up (or was killed)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    do_GET = do_POST

    def _answer_upload(self, file_id: str) -> None:
        status, body = self.fake.receive_upload(file_id, self.rfile.read(int(self.headers.get("Content-Length") or 0)))
        payload = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: tests read calls from the fake, not from stderr."""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve a fake Slack Web API until Ctrl-C.")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (0.0.0.0 in a container)")
    parser.add_argument("--token", action="append", help="accepted token (repeatable); default xoxb-test-token")
    options = parser.parse_args(argv)
    echo = functools.partial(print, flush=True)
    with FakeSlack(options.token or DEFAULT_TOKENS, port=options.port, on_call=echo, host=options.host) as fake:
        print(f"Fake Slack Web API at {fake.url}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
