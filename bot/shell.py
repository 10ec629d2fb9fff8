"""The offline shell: type as a colleague, the real Bolt app and handlers answer, no Slack needed.

Like the text backends of other chatbot frameworks: each line becomes a direct-message event dispatched to
the same app; a stand-in Web API client prints what the bot would post. A number picks a suggestion, `+` or
`-` clicks "Dit hielp" / "Dit hielp niet". Reads standard input, so it can be scripted; ends at end of input.
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable
from concurrent.futures import Executor
from typing import IO, Any

from slack_bolt import App, BoltContext, BoltRequest
from slack_sdk import WebClient
from slack_sdk.web import SlackResponse

from bot.executors import InlineExecutor
from bot.messages import t
from handlers.blocks import ANSWER_HELPED, ANSWER_NOT_HELPED

SHELL_USER = "USHELL"
SHELL_CHANNEL = "DSHELL"
BOT_USER = "USHELLBOT"


class Terminal:
    """Renders Block Kit messages as text and remembers the buttons of the last one."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.buttons: list[dict[str, Any]] = []

    def show(self, message: dict[str, Any]) -> None:
        """Print `message`; a post to another channel than the colleague's (e.g. the triage card) says where."""
        lines, self.buttons = [], []
        for block in message.get("blocks") or [{"type": "section", "text": {"text": message.get("text", "")}}]:
            if block["type"] == "section":  # text, fields, or both (a ticket card has fields)
                lines += [part["text"] for part in [block.get("text"), *block.get("fields", [])] if part]
            elif block["type"] == "context":
                lines += ["_" + element["text"] + "_" for element in block["elements"] if "text" in element]
            elif block["type"] == "actions":  # only buttons can be typed; menus are left out
                self.buttons = [element for element in block["elements"] if element.get("type") == "button"]
                lines.append("  ".join(_label(index, button) for index, button in enumerate(self.buttons, 1)))
        channel = message.get("channel")
        prompt = "bot> " if channel in (None, SHELL_CHANNEL, SHELL_USER) else f"bot (in {channel})> "
        self.out.write(prompt + "\n     ".join("\n".join(lines).splitlines()) + "\n")
        self.out.flush()


class ShellClient(WebClient):
    """A Web API stand-in: answers `auth.test` and `users.info`, prints posts instead of sending them."""

    def __init__(self, terminal: Terminal, locale: str) -> None:
        super().__init__(token="xoxb-shell", base_url="http://shell.invalid/api/")
        self._terminal, self._locale, self._ts = terminal, locale, itertools.count(1)

    def api_call(self, api_method: str, **kwargs: Any) -> SlackResponse:
        args = {**(kwargs.get("params") or {}), **(kwargs.get("data") or {}), **(kwargs.get("json") or {})}
        data: dict[str, Any] = {"ok": True}
        if api_method == "auth.test":
            data.update(user_id=BOT_USER, bot_id="BSHELL", team_id="TSHELL", user="servicedesk")
        elif api_method == "users.info":
            data["user"] = {"id": args.get("user"), "locale": self._locale}
        elif api_method in ("chat.postMessage", "chat.postEphemeral", "chat.update"):
            self._terminal.show(_decoded(args))
            data.update(channel=args.get("channel"), ts=f"1700000000.{next(self._ts):06d}")
        return SlackResponse(
            client=self, http_verb="POST", api_url=api_method, req_args=args, data=data, headers={}, status_code=200
        )


def run_shell(make_app: Callable[[WebClient, Executor], App], stdin: IO[str], out: IO[str], lang: str) -> None:
    """Read questions from `stdin` until end of input and print the bot's replies to `out`."""
    terminal = Terminal(out)
    app = make_app(ShellClient(terminal, "en-US" if lang == "en" else "nl-NL"), InlineExecutor())

    @app.middleware
    def print_on_terminal(context: BoltContext, next: Callable[[], None]) -> None:
        # Bolt builds a fresh WebClient (and a response_url client) per request; the shell swaps in its own.
        context["client"] = app.client
        context["respond"] = lambda **message: terminal.show(message)
        next()

    out.write(t("shell.welcome", lang) + "\n")
    for line in stdin:
        text = line.strip()
        if not text:
            continue
        app.dispatch(BoltRequest(body=_payload(terminal, text), mode="socket_mode"))


def _payload(terminal: Terminal, text: str) -> dict[str, Any]:
    """A click when the line names a button of the last message, else a new direct message."""
    button = _chosen(terminal.buttons, text)
    if button is not None:
        return {
            "type": "block_actions",
            "user": {"id": SHELL_USER},
            "channel": {"id": SHELL_CHANNEL},
            "container": {"type": "message", "channel_id": SHELL_CHANNEL},
            "response_url": "shell://respond",
            "actions": [{**button, "type": "button", "block_id": "shell"}],
        }
    ts = f"{time.time():.6f}"  # unique across shell sessions: a reused ts would be taken for a Slack retry
    event = {"type": "message", "channel": SHELL_CHANNEL, "channel_type": "im", "user": SHELL_USER}
    event.update(text=text, ts=ts, event_ts=ts)
    return {"type": "event_callback", "team_id": "TSHELL", "event_id": f"EvSHELL{ts}", "event": event}


def _chosen(buttons: list[dict[str, Any]], text: str) -> dict[str, Any] | None:
    return next((button for index, button in enumerate(buttons, 1) if _key(index, button) == text), None)


def _label(index: int, button: dict[str, Any]) -> str:
    return f"[{_key(index, button)}] {button['text']['text']}"


def _key(index: int, button: dict[str, Any]) -> str:
    """What to type for a button: + and - for feedback, a number for a suggestion."""
    return {ANSWER_HELPED: "+", ANSWER_NOT_HELPED: "-"}.get(button["action_id"], str(index))


def _decoded(args: dict[str, Any]) -> dict[str, Any]:
    blocks = args.get("blocks")
    return {**args, "blocks": json.loads(blocks) if isinstance(blocks, str) else blocks}
