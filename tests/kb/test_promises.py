"""`kb check` holds every promise an article makes about the bot against what the bot offers: the commands it
tells colleagues to type, screenshots it tells them to add, keywords it tells them to write; and the `priority`
hint in the front matter."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.config import BUNDLED_ARTICLES
from bot.offer import bot_offer
from kb.loader import load_directory
from kb.promises import Command, Offer

ARTICLE = """---
id: vpn
title: VPN doet het niet
lang: nl
questions:
  - vpn stuk
{extra}---
Herstart je laptop.
{line}
"""


def _article(folder: Path, line: str, extra: str = "") -> Path:
    path = folder / "vpn.md"
    path.write_text(ARTICLE.format(line=line, extra=extra), encoding="utf-8")
    return path


def _problems(folder: Path, offer: Offer | None = None) -> list[str]:
    return [str(problem) for problem in load_directory(folder, offer or bot_offer()).problems]


@pytest.mark.parametrize(
    "line",
    [
        "Lukt het niet? Typ `/helpdesk ticket`, dan maken we een ticket voor je aan.",
        "Typ `/helpdesk vpn werkt niet` voor meer hulp.",
        "Typ `/helpdesk ticket` zonder tekst: in het formulier kun je een screenshot toevoegen.",
        "Kun je niet bellen? Typ `/helpdesk ticket` en zet **SPOED phishing** in je bericht.",
        "Can't call? Type `/helpdesk ticket` and put **URGENT phishing** in your message.",
        "Klik op **Wachtwoord vergeten** in het portaal.",  # a button in an application, not a keyword
    ],
)
def test_a_promise_the_bot_keeps_passes(tmp_path: Path, line: str) -> None:
    _article(tmp_path, line)

    assert _problems(tmp_path) == []


def test_a_command_the_bot_does_not_have_is_a_problem_at_its_line(tmp_path: Path) -> None:
    path = _article(tmp_path, "Typ `/servicedesk ticket` en we helpen je.")

    [problem] = _problems(tmp_path)

    assert problem.startswith(f"{path}:9: `/servicedesk ticket` is not a command the bot has")
    assert "`/helpdesk`, `/helpdesk ticket`, `/announce`" in problem


def test_words_after_a_command_that_takes_none_are_a_problem(tmp_path: Path) -> None:
    _article(tmp_path, "Typ `/announce vpn` om het aan te kondigen.")

    [problem] = _problems(tmp_path)

    assert "`/announce vpn` is not a command the bot has" in problem


def test_a_keyword_the_bot_does_not_read_as_urgent_is_a_problem(tmp_path: Path) -> None:
    path = _article(tmp_path, "Typ `/helpdesk ticket` en zet **HOOG** in je bericht.")

    [problem] = _problems(tmp_path)

    assert problem == f"{path}:9: the bot does not read 'HOOG' as urgent: use a word it knows, e.g. SPOED or URGENT"


def test_a_screenshot_with_a_command_that_cannot_take_files_is_a_problem(tmp_path: Path) -> None:
    offer = Offer((Command("/helpdesk"), Command("/helpdesk ticket")), lambda words: True)
    path = _article(tmp_path, "Typ `/helpdesk ticket` met een screenshot van de melding.")

    [problem] = _problems(tmp_path, offer)

    assert problem == f"{path}:9: `/helpdesk ticket` cannot take a screenshot or file"


def test_the_bots_own_ticket_command_takes_screenshots_through_its_form(tmp_path: Path) -> None:
    _article(tmp_path, "Typ `/helpdesk ticket` met een screenshot van de melding.")

    assert _problems(tmp_path) == []


def test_promises_are_checked_only_when_the_offer_is_given(tmp_path: Path) -> None:
    _article(tmp_path, "Typ `/servicedesk` en we helpen je.")

    assert load_directory(tmp_path).problems == ()


def test_every_bundled_article_keeps_its_promises() -> None:
    assert [str(problem) for problem in load_directory(BUNDLED_ARTICLES, bot_offer()).problems] == []


def test_kb_check_fails_on_a_broken_promise(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _article(tmp_path, "Typ `/ticket` en we helpen je.")

    code = main(["kb", "check"], env={"KB_DIR": str(tmp_path)})

    assert code == 1
    assert f"{path}:9: `/ticket` is not a command the bot has" in capsys.readouterr().out


@pytest.mark.parametrize("hint", ["P1", "P2", "P3", "P4"])
def test_a_priority_hint_is_read_into_the_article(tmp_path: Path, hint: str) -> None:
    _article(tmp_path, "Bel de servicedesk.", extra=f"priority: {hint}\n")

    [article] = load_directory(tmp_path, bot_offer()).articles

    assert article.priority == hint


def test_an_article_without_a_priority_hint_has_none(tmp_path: Path) -> None:
    _article(tmp_path, "Bel de servicedesk.")

    [article] = load_directory(tmp_path).articles

    assert article.priority is None


@pytest.mark.parametrize("hint", ["hoog", "p1", "1", "[P1]"])
def test_a_priority_hint_that_is_not_p1_to_p4_is_a_problem_at_its_line(tmp_path: Path, hint: str) -> None:
    path = _article(tmp_path, "Bel de servicedesk.", extra=f"priority: {hint}\n")

    result = load_directory(tmp_path)

    [problem] = [str(problem) for problem in result.problems]
    assert problem.startswith(f"{path}:7: priority must be P1 (spoed), P2 (hoog), P3 (normaal) or P4 (laag)")
    assert result.articles == ()


def test_the_bundled_phishing_article_asks_for_spoed() -> None:
    articles = {article.id: article for article in load_directory(BUNDLED_ARTICLES).articles}

    assert articles["phishing-link-geklikt"].priority == "P1"
