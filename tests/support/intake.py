"""For intake tests: the form the bot opened, filled in and submitted as Slack would (a signed `view_submission`
whose state holds what the colleague chose, uploaded files as Slack describes them)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tests.conftest import RunningBot
from tests.fakes.slack_events import Answer, payload


def opened_view(bot: RunningBot) -> dict[str, Any]:
    """The one view the bot opened (views.open)."""
    [opened] = [call for call in bot.slack.calls("views.open") if call.outcome == "ok"]
    return dict(opened.args["view"])


def form_values(
    text: str, *, category: str | None = None, works: str | None = None, files: Sequence[dict[str, Any]] = ()
) -> dict[str, Any]:
    """The intake form's `state.values` as Slack sends them."""
    values: dict[str, Any] = {"intake_what": {"what": {"type": "plain_text_input", "value": text}}}
    if category is not None:
        values["intake_category"] = {"category": {"type": "static_select", "selected_option": {"value": category}}}
    if works is not None:
        values["intake_works"] = {"works": {"type": "radio_buttons", "selected_option": {"value": works}}}
    values["intake_files"] = {"files": {"type": "file_input", "files": list(files)}}
    return values


def submit(bot: RunningBot, view: dict[str, Any], values: dict[str, Any], *, user: str = "UASKER",
           view_id: str = "VINTAKE1") -> Answer:  # fmt: skip
    """Submit `view` with `values`, signed, as `user`."""
    submitted = {**view, "id": view_id, "state": {"values": values}}
    return bot.send.interaction(payload("view_submission", user={"id": user}, view=submitted))
