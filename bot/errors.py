"""The one error family whose messages are written for the colleague."""

from __future__ import annotations

from bot.messages import t


class ServiceDeskError(Exception):
    """An expected failure with a message for the person who acted (a colleague or an agent).

    Listeners catch only these and show `text(lang)` where that person is looking (see `handlers.replies`).

    Attributes:
        message_key: Key in the message catalogue (`bot.messages`) that explains it.
        fields: Values for the message's placeholders.
    """

    message_key = "error.generic"

    def __init__(self, *details: object, **fields: str) -> None:
        super().__init__(*details or (self.message_key,), *fields.values())
        self.fields = fields

    def text(self, lang: str) -> str:
        """The explanation for the person who acted, in `lang`."""
        return t(self.message_key, lang, **self.fields)


class DatabaseUnavailable(ServiceDeskError):
    """The database did not answer; the work was not done and can be retried."""

    message_key = "error.database"


class ConfigurationError(Exception):
    """Configuration an admin must fix; the message names the setting and what is wrong."""
