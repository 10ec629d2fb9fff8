"""Files that go out with an outbox row (the weekly digest's chart): stored with the row, in the same
transaction, so whichever process delivers the row uploads exactly these bytes. Flushes; never commits."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.models import OutboxFile
from bot.outbox.poster import Upload


def attach(session: Session, outbox_id: int, upload: Upload) -> None:
    """Store `upload` as the file of the row `outbox_id` (a row has at most one file)."""
    session.add(OutboxFile(outbox_id=outbox_id, filename=upload.filename, title=upload.title, content=upload.content))
    session.flush()


def attached(session: Session, outbox_id: int) -> Upload | None:
    """The file the row `outbox_id` uploads, if it has one."""
    row = session.get(OutboxFile, outbox_id)
    return None if row is None else Upload(row.filename, row.title, row.content)


def record_uploaded(session: Session, outbox_id: int, file_id: str) -> None:
    """Remember Slack's id of the uploaded file."""
    row = session.get_one(OutboxFile, outbox_id)
    row.slack_file_id = file_id
    session.flush()
