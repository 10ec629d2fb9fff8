"""Pure Block Kit builders for answers, suggestions and replies."""

from __future__ import annotations

import pytest

from bot.questions import Reply
from handlers.blocks import SECTION_LIMIT, answer_message, parse_value, reply_message
from kb.article import Article

ARTICLE = Article("vpn", "VPN werkt niet", "nl", ("vpn stuk",), "1. Herstart.\n2. Probeer opnieuw.")


def test_answer_longer_than_a_section_is_split_into_several() -> None:
    long_body = "\n".join(f"Regel {n}: " + "tekst " * 40 for n in range(40))  # 9,900 characters: fits Slack
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
