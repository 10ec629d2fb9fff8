"""The outbox's Poster on the real WebClient against the fake Slack API: posts tagged with their key, Slack's
answers sorted into permanent, retry and "certainly not posted", and earlier posts found by their tag."""

from __future__ import annotations

from datetime import datetime

import pytest
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import ServerErrorRetryHandler

from bot.outbox.poster import PostFailed
from handlers.poster import METADATA_EVENT, SlackPoster
from tests.conftest import BOT_TOKEN
from tests.fakes.slack_api import FakeSlack

SINCE = datetime(2023, 11, 14, 22, 0)  # the fake's first ts is 1700000000 (2023-11-14 22:13 UTC)


@pytest.fixture
def poster(slack: FakeSlack) -> SlackPoster:
    retrying = WebClient(token=BOT_TOKEN, base_url=slack.url, retry_handlers=[ServerErrorRetryHandler()])
    return SlackPoster(retrying)


def test_post_is_tagged_with_its_outbox_key_and_says_where_it_landed(poster: SlackPoster, slack: FakeSlack) -> None:
    posted = poster.post("UASKER", {"text": "hoi"}, thread_ts=None, key="ticket:1:opened")

    [call] = slack.calls("chat.postMessage")
    assert call.args["metadata"] == {"event_type": METADATA_EVENT, "event_payload": {"outbox_key": "ticket:1:opened"}}
    assert (posted.channel, posted.ts) == ("DUASKER", "1700000000.000100")


@pytest.mark.parametrize(
    ("arrange", "code", "permanent", "not_sent"),
    [
        (lambda slack: slack.fail_next("chat.postMessage", "not_in_channel"), "not_in_channel", True, False),
        (lambda slack: slack.fail_next("chat.postMessage", "internal_error"), "internal_error", False, False),
        (lambda slack: slack.server_error_next("chat.postMessage", 503), "503", False, False),
        (lambda slack: slack.rate_limit_next("chat.postMessage", 7), "ratelimited", False, True),
    ],
    ids=["refused", "slack-error", "outage", "rate-limited"],
)
def test_slacks_answer_tells_the_worker_whether_to_retry(
    poster: SlackPoster, slack: FakeSlack, arrange: object, code: str, permanent: bool, not_sent: bool
) -> None:
    arrange(slack)  # type: ignore[operator]

    with pytest.raises(PostFailed) as failed:
        poster.post("C1", {"text": "hoi"}, thread_ts=None, key="k")

    assert (failed.value.code, failed.value.permanent, failed.value.not_sent) == (code, permanent, not_sent)
    assert failed.value.retry_after == (7.0 if not_sent else None)
    assert len(slack.calls("chat.postMessage")) == 1  # never retried inside the call: the row backs off


def test_earlier_post_is_found_by_its_tag_in_the_channel_and_in_a_thread(poster: SlackPoster) -> None:
    parent = poster.post("C1", {"text": "eerste"}, thread_ts=None, key="a")
    reply = poster.post("C1", {"text": "antwoord"}, thread_ts=parent.ts, key="b")

    in_channel = poster.find_posted("C1", "a", thread_ts=None, since=SINCE)
    in_thread = poster.find_posted("C1", "b", thread_ts=parent.ts, since=SINCE)
    never = poster.find_posted("C1", "c", thread_ts=None, since=SINCE)

    assert (in_channel, in_thread, never) == (parent.ts, reply.ts, None)


def test_thread_slack_cannot_show_counts_as_not_posted_but_an_outage_is_retried(
    poster: SlackPoster, slack: FakeSlack
) -> None:
    missing = poster.find_posted("C1", "a", thread_ts="1699999999.000001", since=SINCE)
    slack.server_error_next("conversations.history", 503)

    with pytest.raises(PostFailed) as outage:
        poster.find_posted("C1", "a", thread_ts=None, since=SINCE)

    assert missing is None
    assert (outage.value.code, outage.value.permanent) == ("503", False)


def test_delete_takes_the_post_away_and_a_post_already_gone_counts_as_deleted(
    poster: SlackPoster, slack: FakeSlack
) -> None:
    posted = poster.post("C1", {"text": "hoi"}, thread_ts=None, key="k")
    assert posted.ts is not None

    first = poster.delete("C1", posted.ts)
    again = poster.delete("C1", posted.ts)

    assert first == again == posted
    assert [call.outcome for call in slack.calls("chat.delete")] == ["ok", "message_not_found"]
