"""The outbox's `Poster` on the Slack Web API: chat.postMessage, chat.update, and finding a tagged post; a file
shared with a comment through files.getUploadURLExternal, the upload itself and files.completeUploadExternal.

Every post carries message metadata with its outbox key, so a post an interrupted attempt made can be found in
the thread or the recent channel history instead of being posted twice.
"""

from __future__ import annotations

import copy
import logging
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError

from bot import metrics
from bot.outbox.poster import Posted, PostFailed, Upload
from bot.outbox.store import Message

log = logging.getLogger(__name__)

PERMANENT_ERRORS = frozenset(
    {
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "invalid_blocks",
        "invalid_arguments",
        "msg_too_long",
        "msg_blocks_too_long",
        "no_text",
        "restricted_action",
        "user_not_found",
        "cannot_dm_bot",
        "message_not_found",
        "cant_update_message",
    }
)
METADATA_EVENT = "servicedesk_post"
RECONCILE_WINDOW = timedelta(minutes=10)
"""How far before a row was stored its post is looked for in the channel history (clocks differ a little)."""
CALL_TIMEOUT = 10
"""The longest one outbox call may take (seconds): a hanging Slack costs a row this long, then it is retried (and
looked for first, as it may have been posted)."""


class SlackPoster:
    """Posts through `client` without its retry handlers: a post retried inside the call could be doubled (Slack
    may have posted before a 503) or outlast its lease; the outbox row backs off and looks for the post instead.
    """

    def __init__(self, client: WebClient) -> None:
        self._client = copy.copy(client)  # keeps its class (the shell's stand-in) and settings
        self._client.retry_handlers = []
        self._client.timeout = min(self._client.timeout, CALL_TIMEOUT)

    @property
    def timeout(self) -> float:
        return float(self._client.timeout)

    def post(self, channel: str, message: Message, *, thread_ts: str | None, key: str) -> Posted:
        metadata = {"event_type": METADATA_EVENT, "event_payload": {"outbox_key": key}}
        response = self._call(
            self._client.chat_postMessage, channel=channel, thread_ts=thread_ts, metadata=metadata, **message
        )
        return Posted(response.get("ts"), str(response.get("channel") or channel))

    def update(self, channel: str, ts: str, message: Message) -> Posted:
        self._call(self._client.chat_update, channel=channel, ts=ts, **message)
        return Posted(ts, channel)

    def delete(self, channel: str, ts: str) -> Posted:
        try:
            self._call(self._client.chat_delete, channel=channel, ts=ts)
        except PostFailed as failure:
            if failure.code != "message_not_found":  # already gone: what we wanted
                raise
        return Posted(ts, channel)

    def upload(self, channel: str, upload: Upload, *, comment: str) -> str:
        try:
            response = self._call(
                self._client.files_upload_v2, channel=channel, content=upload.content,
                filename=upload.filename, title=upload.title, initial_comment=comment,
            )  # fmt: skip
        except SlackRequestError as error:  # the upload URL did not take the bytes
            raise PostFailed(f"upload: {error}") from error
        return str((response.get("file") or {}).get("id") or "")

    def find_uploaded(self, channel: str, filename: str, *, since: datetime) -> str | None:
        """Like `find_posted`: a history Slack cannot show counts as not shared; rate limits and outages raise."""
        try:
            found = self._search(channel, thread_ts=None, since=since)
        except SlackApiError as error:
            if error.response.status_code == 429 or error.response.status_code >= 500:
                raise _failure(error) from error
            log.warning("upload %s: cannot search for an earlier share (%s)", filename, error.response.get("error"))
            return None
        except OSError as error:
            raise PostFailed(f"network: {error}") from error
        shared = [file for message in found.get("messages") or [] for file in message.get("files") or []]
        return next((str(file.get("id")) for file in shared if file.get("name") == filename), None)

    def find_posted(self, channel: str, key: str, *, thread_ts: str | None, since: datetime) -> str | None:
        """When Slack cannot show the thread or history (no such thread, a missing `*:history` scope), the post
        is taken as not made: posting is better than never delivering. Rate limits and outages raise, to retry."""
        try:
            found = self._search(channel, thread_ts=thread_ts, since=since)
        except PostFailed as failure:
            if failure.status is None or failure.status == 429 or failure.status >= 500:
                raise
            log.warning("outbox %s: cannot search for an earlier post (%s); posting", key, failure.code)
            return None
        return _tagged(found.get("messages") or [], key)

    def _search(self, channel: str, *, thread_ts: str | None, since: datetime) -> Any:
        if thread_ts:
            return self._call(
                self._client.conversations_replies, channel=channel, ts=thread_ts, include_all_metadata=True, limit=200
            )
        oldest = (since - RECONCILE_WINDOW).replace(tzinfo=UTC).timestamp()
        return self._call(
            self._client.conversations_history,
            channel=channel, oldest=f"{oldest:.6f}", include_all_metadata=True, limit=200,
        )  # fmt: skip

    def _call(self, method: Any, **arguments: Any) -> Any:
        """Call `method`, timed for `/metrics`; Slack's refusal or network trouble raises `PostFailed`."""
        name, started, rate_limited = _method_name(method), time.monotonic(), False
        try:
            return method(**arguments)
        except SlackApiError as error:
            rate_limited = error.response.status_code == 429
            raise _failure(error) from error
        except TimeoutError as error:  # Slack took longer than CALL_TIMEOUT: it may still have posted
            raise PostFailed(f"timeout: {error}") from error
        except OSError as error:  # network trouble: Slack unreachable (refused, no DNS, reset)
            raise PostFailed(f"network: {error}") from error
        finally:
            metrics.observe_slack_call(name, time.monotonic() - started, rate_limited=rate_limited)


def _failure(error: SlackApiError) -> PostFailed:
    status = error.response.status_code
    code = str(status) if status >= 500 else str(error.response.get("error") or status)
    if status == 429:  # Slack certainly did not post: the attempt does not count
        retry_after = error.response.headers.get("Retry-After")
        failure = PostFailed(code, not_sent=True, retry_after=float(retry_after) if retry_after else None)
    else:
        failure = PostFailed(code, permanent=code in PERMANENT_ERRORS)
    failure.status = status
    return failure


def _method_name(method: Any) -> str:
    """`chat.postMessage` for `client.chat_postMessage`, as Slack names it."""
    family, _, rest = str(getattr(method, "__name__", "unknown")).partition("_")
    return f"{family}.{rest}" if rest else family


def _tagged(messages: list[dict[str, Any]], key: str) -> str | None:
    for message in messages:
        metadata = message.get("metadata") or {}
        payload = metadata.get("event_payload") or {}
        if metadata.get("event_type") == METADATA_EVENT and payload.get("outbox_key") == key:
            return str(message.get("ts"))
    return None
