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
        ({"WALK_IN_HOURS": "dinsdag 10:00-12:00"}, "WALK_IN_HOURS: walk-in slot 'dinsdag 10:00-12:00': days"),
        ({"WALK_IN_HOURS": "tue 10-12"}, "WALK_IN_HOURS: walk-in slot 'tue 10-12': hours '10-12'"),
        ({"WALK_IN_HOURS": "10:00-12:00"}, "WALK_IN_HOURS: walk-in slot '10:00-12:00': expected days and hours"),
        ({"URGENT_MENTION": "@iedereen"}, "URGENT_MENTION must be @here, @channel, none or a user group id"),
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


def test_settings_for_reaching_the_desk_default_to_nothing_but_the_p1_mention() -> None:
    settings = Settings.from_mapping({})

    assert (settings.servicedesk_phone, settings.emergency_phone, settings.walk_ins) == (None, None, ())
    assert settings.urgent_mention == "<!here>"
    assert settings.ticket_categories[0] == "accounts" and settings.ticket_categories[-1] == "overig"


def test_settings_read_phone_walk_in_hours_categories_and_mention() -> None:
    settings = Settings.from_mapping(
        {
            "SERVICEDESK_PHONE": "020 123 4567",
            "EMERGENCY_PHONE": "020 765 4321",
            "WALK_IN_HOURS": "tue,thu 10:00-12:00; vr 13:00-14:30",
            "WALK_IN_LOCATION": "kamer 1.14",
            "TICKET_CATEGORIES": "printen, netwerk,,printen",
            "URGENT_MENTION": "S0123ABCD",
        }
    )

    reach = settings.reachable
    assert (reach.phone, reach.emergency_phone, reach.walk_in_place) == ("020 123 4567", "020 765 4321", "kamer 1.14")
    assert [(sorted(slot.weekdays), f"{slot.opens:%H:%M}", f"{slot.closes:%H:%M}") for slot in reach.walk_ins] == [
        ([1, 3], "10:00", "12:00"),
        ([4], "13:00", "14:30"),
    ]
    assert settings.ticket_categories == ("printen", "netwerk")
    assert settings.urgent_mention == "<!subteam^S0123ABCD>"


@pytest.mark.parametrize(("value", "mention"), [("@channel", "<!channel>"), ("none", None), ("NONE", None)])
def test_the_p1_mention_can_be_the_channel_or_nobody(value: str, mention: str | None) -> None:
    assert Settings.from_mapping({"URGENT_MENTION": value}).urgent_mention == mention
