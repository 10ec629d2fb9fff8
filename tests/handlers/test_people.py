"""Colleagues' locales from `users.info`: remembered, and never holding questions up while Slack does not answer."""

from __future__ import annotations

from slack_sdk import WebClient

from handlers.people import UNREACHABLE_PAUSE, Locales
from tests.conftest import BOT_TOKEN
from tests.fakes.slack_api import FakeSlack


class Ticking:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _client(slack: FakeSlack) -> WebClient:
    return WebClient(BOT_TOKEN, base_url=slack.url, timeout=2)


def test_locale_is_looked_up_once_and_remembered(slack: FakeSlack) -> None:
    locales = Locales()

    first, again = locales.get(_client(slack), "UENGLISH"), locales.get(_client(slack), "UENGLISH")

    assert (first, again) == ("en-GB", "en-GB")
    assert len(slack.calls("users.info")) == 1


def test_after_slack_could_not_be_reached_lookups_pause_then_resume(slack: FakeSlack) -> None:
    clock = Ticking()
    locales = Locales(clock=clock)
    unreachable = WebClient(BOT_TOKEN, base_url="http://127.0.0.1:9/api/", timeout=2)  # nothing listens there

    assert locales.get(unreachable, "UASKER") is None
    assert locales.get(_client(slack), "UENGLISH") is None  # paused: no call, the default language decides
    assert slack.calls("users.info") == []
    clock.now += UNREACHABLE_PAUSE + 1

    assert locales.get(_client(slack), "UENGLISH") == "en-GB"
    assert locales.get(_client(slack), "UASKER") == "nl-NL"  # the failed lookup was not remembered
