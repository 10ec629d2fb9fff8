"""Pure Block Kit builders and escaping."""

from __future__ import annotations

import pytest

from bot.questions import Reply
from handlers.blocks import SECTION_LIMIT, answer_message, parse_value, reply_message
from handlers.mrkdwn import escape, quote
from kb.article import Article

ARTICLE = Article("vpn", "VPN werkt niet", "nl", ("vpn stuk",), "1. Herstart.\n2. Probeer opnieuw.")


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("<!channel> kijk", "&lt;!channel&gt; kijk"),
        ("<!here>", "&lt;!here&gt;"),
        ("<@U123> doe eens", "&lt;@U123&gt; doe eens"),
        ("a & b < c > d", "a &amp; b &lt; c &gt; d"),
        ("&lt; al escaped", "&amp;lt; al escaped"),
        ("<https://evil.example|klik>", "&lt;https://evil.example|klik&gt;"),
    ],
)
def test_escape_neutralises_slack_markup(text: str, escaped: str) -> None:
    assert escape(text) == escaped


def test_quote_escapes_shortens_and_quotes_every_line() -> None:
    assert quote("<!channel>\ntweede", limit=100) == "> &lt;!channel&gt;\n> tweede"
    assert quote("x" * 50, limit=10) == "> " + "x" * 9 + "…"


def test_answer_longer_than_a_section_is_split_into_several() -> None:
    long_body = "\n".join(f"Regel {n}: " + "tekst " * 40 for n in range(60))
    article = Article("lang", "Lang", "nl", (), long_body)

    message = answer_message(article, 1, "nl", buttons=False)

    sections = [b["text"]["text"] for b in message["blocks"] if b["type"] == "section"]
    assert len(sections) > 2
    assert all(len(text) <= SECTION_LIMIT for text in sections)
    assert " ".join(sections[1:]).split() == long_body.split()  # nothing lost, nothing added


def test_reply_in_band_none_is_honest_and_names_the_contact() -> None:
    reply = Reply(7, "en", "none", 0.1, None, (), False)

    message = reply_message(reply, "call 1234")

    assert "I won't guess" in message["text"]
    assert "call 1234" in message["text"]


def test_suggestions_become_at_most_three_buttons_and_a_way_out() -> None:
    others = tuple(Article(f"a{n}", f"Titel {n}", "nl", (), "x") for n in range(5))
    reply = Reply(7, "nl", "suggest", 0.5, None, others, False)

    message = reply_message(reply, "")

    [actions] = [b for b in message["blocks"] if b["type"] == "actions"]
    assert [e["value"] for e in actions["elements"]] == ["7:a0", "7:a1", "7:a2", "7"]
    assert actions["elements"][-1]["action_id"] == "none_of_these"
    assert message["text"].startswith("Ik weet niet zeker")


def test_button_value_round_trips_and_rejects_garbage() -> None:
    assert parse_value("12:wachtwoord-vergeten") == (12, "wachtwoord-vergeten")
    with pytest.raises(ValueError):
        parse_value("zomaar")


def test_announcement_typed_in_slack_reaches_channels_without_live_mentions() -> None:
    from handlers.announcement_modal import submitted_data

    text = {"type": "plain_text_input", "value": "<!channel> klik <https://evil.example|hier> & lees"}
    view = {"state": {"values": {"title": {"value": text}, "body": {"value": text}}}}

    data = submitted_data(view)

    assert data["title"] == data["body"] == "&lt;!channel&gt; klik &lt;https://evil.example|hier&gt; &amp; lees"
