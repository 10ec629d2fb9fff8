"""The outbox's Poster on the real WebClient against the fake Slack API: posts tagged with their key, Slack's
answers sorted into permanent, retry and "certainly not posted", and earlier posts found by their tag."""

from __future__ import annotations

from datetime import datetime

import pytest
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import ServerErrorRetryHandler

from bot.outbox.poster import PostFailed, Upload
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


def test_upload_shares_the_file_with_its_comment_and_returns_its_id(poster: SlackPoster, slack: FakeSlack) -> None:
    file_id = poster.upload("CTRIAGE", Upload("digest-2026-W48.png", "Grafiek", b"\x89PNG"), comment="Week 48")

    [(channel, file, content)] = slack.shared_files()
    assert (channel, file["id"], file["title"], content) == ("CTRIAGE", file_id, "Grafiek", b"\x89PNG")
    [complete] = slack.calls("files.completeUploadExternal")
    assert complete.args["initial_comment"] == "Week 48"


def test_earlier_upload_is_found_by_its_file_name(poster: SlackPoster) -> None:
    file_id = poster.upload("CTRIAGE", Upload("digest-2026-W48.png", "Grafiek", b"\x89PNG"), comment="Week 48")

    assert poster.find_uploaded("CTRIAGE", "digest-2026-W48.png", since=SINCE) == file_id
    assert poster.find_uploaded("CTRIAGE", "digest-2026-W49.png", since=SINCE) is None


@pytest.mark.parametrize(
    ("arrange", "code", "permanent"),
    [
        (lambda slack: slack.remove_from_channel("CTRIAGE"), "not_in_channel", True),
        (lambda slack: slack.server_error_next("files.completeUploadExternal", 503), "503", False),
        (lambda slack: slack.fail_next("files.getUploadURLExternal", "internal_error"), "internal_error", False),
    ],
    ids=["refused", "outage", "slack-error"],
)
def test_slacks_answer_to_an_upload_tells_the_worker_whether_to_retry(
    poster: SlackPoster, slack: FakeSlack, arrange: object, code: str, permanent: bool
) -> None:
    arrange(slack)  # type: ignore[operator]

    with pytest.raises(PostFailed) as failed:
        poster.upload("CTRIAGE", Upload("chart.png", "Grafiek", b"\x89PNG"), comment="Week 48")

    assert (failed.value.code, failed.value.permanent) == (code, permanent)
    assert slack.shared_files() == []
