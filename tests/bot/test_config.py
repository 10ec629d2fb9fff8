"""Settings from environment-style mappings: defaults, clear errors, secrets kept out of reprs."""

from __future__ import annotations

import pytest

from bot.config import DEFAULT_SLACK_API_URL, Settings
from bot.errors import ConfigurationError


def test_settings_defaults_run_embedded_on_the_bundled_kb() -> None:
    settings = Settings.from_mapping({"HOME": "/home/anne"})

    assert settings.database_url == "sqlite:////home/anne/.local/share/servicedesk/servicedesk.sqlite3"
    assert settings.slack_api_url == DEFAULT_SLACK_API_URL
    assert settings.help_channels == frozenset()
    assert settings.kb_dir.name == "articles"
    assert settings.missing_for_slack(http=False) == ["SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"]
    assert settings.missing_for_slack(http=True) == ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"]


def test_settings_read_lists_and_add_a_slash_to_the_api_url() -> None:
    settings = Settings.from_mapping({"HELP_CHANNELS": " C1, C2 ,,", "SLACK_API_URL": "http://127.0.0.1:9/api"})

    assert settings.help_channels == frozenset({"C1", "C2"})
    assert settings.slack_api_url == "http://127.0.0.1:9/api/"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"MATCH_ANSWER_THRESHOLD": "hoog"}, "MATCH_ANSWER_THRESHOLD must be a number"),
        ({"MATCH_ANSWER_THRESHOLD": "1.5"}, "MATCH_ANSWER_THRESHOLD must be a number between 0 and 1, not 1.5"),
        ({"REOPEN_DAYS": "2.5"}, "REOPEN_DAYS must be a whole number of days, not 2.5"),
        ({"OUTBOX_LEASE_SECONDS": "0"}, "OUTBOX_LEASE_SECONDS must be a number of seconds, at least 1"),
        ({"TEAMS": "netwerk"}, "TEAMS must look like"),
        ({"MATCH_ANSWER_THRESHOLD": "0.3", "MATCH_SUGGEST_THRESHOLD": "0.5"}, "must not be above"),
        ({"DEFAULT_LANGUAGE": "de"}, "DEFAULT_LANGUAGE must be 'nl' or 'en'"),
    ],
)
def test_settings_with_a_bad_value_name_the_variable(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        Settings.from_mapping(env)


def test_settings_repr_never_shows_secrets() -> None:
    settings = Settings.from_mapping(
        {"SLACK_BOT_TOKEN": "xoxb-secret-1", "SLACK_APP_TOKEN": "xapp-secret-2", "SLACK_SIGNING_SECRET": "secret-3"}
    )

    text = repr(settings)

    assert "secret-1" not in text and "secret-2" not in text and "secret-3" not in text
