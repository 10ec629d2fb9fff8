"""Files people share in Slack, as links the ticket keeps: the permalink Slack sends with a file, or, when it
sends only the file's id (a Slack Connect channel: `file_access: check_file_info`), the one `files.info` gives."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.tickets.attachments import MAX_FILES, Attachment

log = logging.getLogger(__name__)


def attachments_of(client: WebClient, files: Iterable[Any]) -> tuple[Attachment, ...]:
    """The files (as in a message event's `files` or a `file_input`'s state) as name and permalink; a file
    Slack will not describe is left out and logged."""
    found = []
    for file in list(files)[:MAX_FILES]:
        if not isinstance(file, dict):
            continue
        described = file if file.get("permalink") else _info(client, file.get("id"))
        if described and described.get("permalink"):
            found.append(Attachment(str(described.get("name") or described.get("title") or ""), described["permalink"]))
    return tuple(found)


def _info(client: WebClient, file_id: object) -> dict[str, Any] | None:
    if not file_id:
        return None
    try:
        response = client.files_info(file=str(file_id))
    except SlackApiError as error:
        log.warning("cannot describe file %s: %s", file_id, error.response.get("error"))
        return None
    file = response.get("file")
    return file if isinstance(file, dict) else None
