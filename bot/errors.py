"""The one error family whose messages are written for the colleague."""

from __future__ import annotations


class ServiceDeskError(Exception):
    """An expected failure with a message for the colleague.

    Attributes:
        message_key: Key in the message catalogue (`bot.messages`) that explains it.
    """

    message_key = "error.generic"


class DatabaseUnavailable(ServiceDeskError):
    """The database did not answer; the work was not done and can be retried."""

    message_key = "error.database"


class ConfigurationError(Exception):
    """Configuration an admin must fix; the message names the setting and what is wrong."""
