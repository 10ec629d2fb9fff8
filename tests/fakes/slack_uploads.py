"""File uploads on the fake Slack Web API, the way Slack does them since files.upload was retired:
`files.getUploadURLExternal` hands out a file id and an upload URL, the bytes are POSTed to that URL, and
`files.completeUploadExternal` finishes the upload and shares the file in a channel with `initial_comment` as
its message (a message with `files`, as `conversations.history` shows it).

Like Slack: a missing `filename` or `length` is `invalid_arguments`; completing a file id that was never handed
out, or whose bytes never arrived, is `file_not_found`; bytes of another length than announced are refused by
the upload URL (HTTP 400).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Json = dict[str, Any]
UPLOAD_PATH = "/upload/v1/"


@dataclass
class PendingFile:
    file_id: str
    filename: str
    length: int
    data: bytes | None = field(default=None, repr=False)


class Uploads:
    """The fake's upload state; every method is called under the fake's lock."""

    def __init__(self, error: Callable[[str], Exception]) -> None:
        self._error = error
        self._pending: dict[str, PendingFile] = {}
        self.shared: list[tuple[str, Json, bytes]] = []
        """(channel, file as Slack describes it, its bytes) for every completed upload, in order."""
        self._last = 0

    def get_upload_url(self, args: Json, base_url: str) -> Json:
        filename, length = str(args.get("filename") or ""), str(args.get("length") or "")
        if not filename or not length.isdigit() or int(length) <= 0:
            raise self._error("invalid_arguments")
        self._last += 1
        file_id = f"F{self._last:010d}"
        self._pending[file_id] = PendingFile(file_id, filename, int(length))
        return {"upload_url": f"{base_url.removesuffix('/api/')}{UPLOAD_PATH}{file_id}", "file_id": file_id}

    def receive(self, file_id: str, data: bytes) -> tuple[int, str]:
        """The upload URL: (HTTP status, body) as files.slack.com answers."""
        pending = self._pending.get(file_id)
        if pending is None:
            return 404, "Not Found"
        if len(data) != pending.length:
            return 400, f"length mismatch: announced {pending.length}, received {len(data)}"
        pending.data = data
        return 200, f"OK - {len(data)}"

    def complete(self, args: Json, share: Callable[[str, Json, str], None]) -> Json:
        """Finish the uploads named in `files`; with `channel_id`, `share(channel, file, comment)` posts them."""
        wanted = args.get("files")
        if not isinstance(wanted, list) or not wanted:
            raise self._error("invalid_arguments")
        done: list[tuple[Json, bytes]] = []
        for item in wanted:
            pending = self._pending.get(str(item.get("id"))) if isinstance(item, dict) else None
            if pending is None or pending.data is None:
                raise self._error("file_not_found")
            title = str(item.get("title") or pending.filename)
            described = {
                "id": pending.file_id, "name": pending.filename, "title": title, "size": pending.length,
                "mimetype": "image/png" if pending.filename.endswith(".png") else "application/octet-stream",
            }  # fmt: skip
            done.append((described, pending.data))
        channel = str(args.get("channel_id") or "")
        for described, data in done:
            if channel:
                share(channel, described, str(args.get("initial_comment") or ""))
            self.shared.append((channel, described, data))
            self._pending.pop(described["id"])
        return {"files": [described for described, _ in done]}
