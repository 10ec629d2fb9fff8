"""What the outbox worker needs of Slack: post, edit, and find a post an interrupted attempt may have made.

`handlers.poster.SlackPoster` implements it with the Slack Web API; the domain never imports a Slack library.
A file with a comment (the weekly digest and its chart) goes through `upload`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from bot.outbox.store import Message


@dataclass(frozen=True)
class Posted:
    """Where a post landed: its Slack `ts` and channel (a post to a user id lands in the DM's `D…` channel)."""

    ts: str | None
    channel: str


@dataclass(frozen=True)
class Upload:
    """A file to share in a channel: its name (unique per outbox row, so an earlier upload can be recognised),
    the title Slack shows, and the bytes."""

    filename: str
    title: str
    content: bytes = field(repr=False)


class PostFailed(Exception):
    """Slack did not take the post.

    Attributes:
        code: Slack's error code, or what went wrong on the way ("network: ...").
        permanent: Trying again will not help (the bot is not in the channel, the message is invalid).
        not_sent: Slack certainly did not post it (a rate limit), so the attempt does not count.
        retry_after: Seconds Slack asked us to wait.
    """

    def __init__(
        self, code: str, *, permanent: bool = False, not_sent: bool = False, retry_after: float | None = None
    ) -> None:
        super().__init__(code)
        self.status: int | None = None  # the HTTP status, when Slack answered at all
        self.code, self.permanent, self.not_sent, self.retry_after = code, permanent, not_sent, retry_after

    @property
    def reason(self) -> str:
        """What went wrong, for counting: Slack's error code, the HTTP status, `network` or `timeout`."""
        return self.code.partition(":")[0]


class Poster(Protocol):
    """Slack as the outbox worker sees it. Every method raises `PostFailed` when Slack does not do it."""

    @property
    def timeout(self) -> float:
        """The longest a call may take, in seconds (the worker never starts one its lease cannot cover)."""

    def post(self, channel: str, message: Message, *, thread_ts: str | None, key: str) -> Posted:
        """Post `message`, tagged with the row's `key` so `find_posted` can recognise it."""

    def update(self, channel: str, ts: str, message: Message) -> Posted:
        """Replace the post at `ts` with `message` (idempotent: no tag needed)."""

    def delete(self, channel: str, ts: str) -> Posted:
        """Take the post at `ts` away (idempotent: a post already gone counts as deleted)."""

    def find_posted(self, channel: str, key: str, *, thread_ts: str | None, since: datetime) -> str | None:
        """The `ts` of a post tagged with `key` (in the thread, or in the channel since `since`), if Slack has one."""

    def upload(self, channel: str, upload: Upload, *, comment: str) -> str:
        """Share `upload` in `channel` with `comment` as its message; returns Slack's file id."""

    def find_uploaded(self, channel: str, filename: str, *, since: datetime) -> str | None:
        """The file id of a file named `filename` shared in `channel` since `since`, if Slack has one."""
