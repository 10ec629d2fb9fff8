"""What Slack sends us: signed Events API, slash command and interaction requests over real HTTP."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from tests.fakes.signing import signed_headers

PAYLOADS = Path(__file__).resolve().parent.parent / "payloads"


def payload(name: str, **changes: Any) -> dict[str, Any]:
    """A Slack payload from tests/payloads/<name>.json, with top-level `changes` applied."""
    data: dict[str, Any] = json.loads((PAYLOADS / f"{name}.json").read_text())
    return {**data, **changes}


@dataclass(frozen=True)
class Answer:
    status: int
    body: str


class SlackSender:
    """Posts signed requests to the bot's `/slack/events`, as Slack's servers would."""

    def __init__(self, base_url: str, signing_secret: str) -> None:
        self.url = base_url.rstrip("/") + "/slack/events"
        self.secret = signing_secret

    def event(self, event: dict[str, Any], *, event_id: str = "Ev0001", retry_num: int | None = None) -> Answer:
        """Deliver one Events API callback wrapping `event`."""
        envelope = {
            "token": "legacy-unused",
            "team_id": "T0001",
            "api_app_id": "A0001",
            "type": "event_callback",
            "event_id": event_id,
            "event_time": 1_700_000_000,
            "event": event,
        }
        headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"} if retry_num else {}
        return self.raw(json.dumps(envelope), extra_headers=headers)

    def command(self, fields: dict[str, str]) -> Answer:
        """Deliver a slash command (form-encoded, like Slack)."""
        return self.raw(urlencode(fields), content_type="application/x-www-form-urlencoded")

    def interaction(self, body: dict[str, Any]) -> Answer:
        """Deliver a block action or view submission (`payload=` form field)."""
        return self.raw(urlencode({"payload": json.dumps(body)}), content_type="application/x-www-form-urlencoded")

    def raw(
        self,
        body: str,
        *,
        content_type: str = "application/json",
        headers: dict[str, str] | None = None,
        extra_headers: dict[str, str] | None = None,
    ) -> Answer:
        """POST `body`, signed unless explicit `headers` are given; returns the HTTP status and body."""
        sent = headers if headers is not None else signed_headers(self.secret, body, content_type=content_type)
        request = urllib.request.Request(self.url, data=body.encode(), headers={**sent, **(extra_headers or {})})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return Answer(response.status, response.read().decode())
        except urllib.error.HTTPError as error:
            with error:
                return Answer(error.code, error.read().decode())
