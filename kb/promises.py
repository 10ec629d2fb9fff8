"""Promises an article makes about the bot, checked against what the bot offers (which comes in as data).

An article that tells colleagues to type a command the bot does not have, to add a screenshot to a command that
cannot take one, or to write a keyword the bot does not read, breaks a promise the moment a colleague follows
it. Three kinds are checked, on the Markdown as written (one sentence per line, as `kb/README.md` asks):

- a command in backticks (`` `/helpdesk ticket` ``) must be one of the bot's, optionally followed by words when
  the command takes them (`` `/helpdesk wachtwoord vergeten` `` is a question);
- a line naming a command and a screenshot, photo or attachment needs a command whose form accepts files;
- a keyword in capitals, bold or in backticks, on a line naming a command (**SPOED phishing**) must be one the
  bot reads as urgent.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from kb.article_file import ParsedFile, Problem

_CODE = re.compile(r"`([^`\n]+)`")
_BOLD = re.compile(r"\*\*([^*\n]+)\*\*|__([^_\n]+)__")
_ATTACHMENT = re.compile(
    r"\b(?:screenshots?|schermafdruk\w*|foto'?s?|afbeelding\w*|bijlage\w*|photos?|pictures?|images?|attachments?)\b",
    re.IGNORECASE,
)
_SHOUTED = re.compile(r"^[A-Z][A-Z0-9!]{2,}\b")


@dataclass(frozen=True)
class Command:
    """A command the bot has: `name` ("/helpdesk ticket"); `free_text` when words may follow it; `takes_files`
    when its form accepts screenshots and files."""

    name: str
    free_text: bool = True
    takes_files: bool = False


@dataclass(frozen=True)
class Offer:
    """What the bot offers colleagues: its commands, and whether words make a ticket urgent."""

    commands: tuple[Command, ...]
    is_urgent: Callable[[str], bool]

    def command(self, written: str) -> Command | None:
        """The command `written` calls (the longest name it starts with), or None when the bot has none."""
        words = written.split()
        for command in sorted(self.commands, key=lambda c: len(c.name), reverse=True):
            size = len(command.name.split())
            if words[:size] == command.name.split() and (len(words) == size or command.free_text):
                return command
        return None


def broken_promises(parsed: Sequence[ParsedFile], offer: Offer) -> list[Problem]:
    """Every broken promise in the articles' bodies, at its line."""
    problems = []
    for item in parsed:
        for number, line in enumerate(item.body, start=item.body_line):
            problems += [Problem(str(item.path), number, message) for message in _line_problems(line, offer)]
    return problems


def _line_problems(line: str, offer: Offer) -> list[str]:
    written = [span.strip() for span in _CODE.findall(line) if span.strip().startswith("/")]
    commands = [(text, offer.command(text)) for text in written]
    messages = [_unknown(text, offer) for text, command in commands if command is None]
    known = [command for _, command in commands if command is not None]
    if known and _ATTACHMENT.search(line) and not any(command.takes_files for command in known):
        with_files = [command.name for command in offer.commands if command.takes_files]
        messages.append(
            f"`{known[0].name}` cannot take a screenshot or file"
            + (
                f": tell colleagues to use `{with_files[0]}` without text, whose form accepts them"
                if with_files
                else ""
            )
        )
    if known:
        messages += [
            f"the bot does not read '{keyword}' as urgent: use a word it knows, e.g. SPOED or URGENT"
            for keyword in _keywords(line)
            if not offer.is_urgent(keyword)
        ]
    return messages


def _unknown(text: str, offer: Offer) -> str:
    names = ", ".join(f"`{command.name}`" for command in offer.commands)
    return f"`{text}` is not a command the bot has (it has {names}): colleagues who type it get nothing"


def _keywords(line: str) -> list[str]:
    """Words a colleague is told to type: bold or in backticks, starting with a word in capitals."""
    spans = [bold or underscored for bold, underscored in _BOLD.findall(line)]
    spans += [span for span in _CODE.findall(line) if not span.strip().startswith("/")]
    return [span.strip() for span in spans if _SHOUTED.match(span.strip())]
