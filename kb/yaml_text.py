"""YAML as authors write it (article front matter, announcement files): read with line numbers, and every
mistake explained as the author can fix it: the line where it is (PyYAML often notices it lines later) and
what to write instead. Pure."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import yaml

COMMENT_IN_VALUE = re.compile(r"(?:^\s*-\s+|:\s+|[\[,{]\s*)(#[^\s\],}]*)")
"""A '#' where a value should start: YAML reads it, and the rest of the line, as a comment."""
BAD_START = re.compile(r"found character '(\\t|.)' that cannot start any token")
QUOTE_OR_BRACKET = re.compile(r"^\s*(?:-\s+)?(?:[\w-]+:\s+)?[\"'\[{]")

FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml when PyYAML was built with it: ten times faster on the knowledge base's front matter."""

INDENTATION = (
    "this line is indented differently from the lines above it: start every field at the left margin "
    "and indent the items of a list alike (two spaces, then '- ')"
)


def read_yaml(text: str) -> tuple[yaml.Node | None, Any]:
    """The document's node (its marks give each field's line) and its value, parsed once.

    Raises:
        yaml.YAMLError: worded by PyYAML's own Python loader, whose messages `explain` understands.
    """
    try:
        return _read(text, FAST_LOADER)
    except yaml.YAMLError:
        return _read(text, yaml.SafeLoader)


def _read(text: str, loader_class: Any) -> tuple[yaml.Node | None, Any]:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return node, loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


def explain(error: yaml.YAMLError, lines: Sequence[str], first_line: int = 1) -> tuple[int, str]:
    """The line where the mistake is and how to fix it; `lines` is the text PyYAML read, which starts on line
    `first_line` of the file."""
    problem = str(getattr(error, "problem", None) or error)
    context = str(getattr(error, "context", None) or "")
    problem_line = _line(getattr(error, "problem_mark", None))
    context_line = _line(getattr(error, "context_mark", None))
    for matches, use_context, advice in _RULES:
        if matches(problem, context):
            line = context_line if use_context and context_line is not None else problem_line
            line = line if line is not None else 0
            text = lines[line] if 0 <= line < len(lines) else ""
            return first_line + line, "broken YAML: " + (comment_advice(text) or advice(problem, text))
    line = problem_line or 0
    text = lines[line] if 0 <= line < len(lines) else ""
    hint = comment_advice(text) or "check the quotes, colons and indentation on this line"
    return first_line + line, f"broken YAML: {problem}; {hint}"


def comment_word(line: str) -> str | None:
    """The word a '#' turned into a comment where a value starts ('[#algemeen]' -> '#algemeen'), else None."""
    found = COMMENT_IN_VALUE.search(line)
    return found.group(1) if found else None


def comment_advice(line: str) -> str | None:
    """What to do when `line` has a '#' where a value starts ('tags: [#vpn]'), else None."""
    word = comment_word(line)
    if word is None:
        return None
    return f"a '#' starts a comment in YAML, so '{word}' and the rest of the line are ignored: quote it (\"{word}\")"


def duplicate_keys(node: yaml.MappingNode, first_line: int = 1) -> list[tuple[int, str]]:
    """Each field given a second time (YAML silently keeps the last): its line and what to do."""
    seen: dict[str, int] = {}
    found = []
    for key, _ in node.value:
        name, line = str(key.value), first_line + key.start_mark.line
        if name in seen:
            found.append((line, f"'{name}' is given twice (first on line {seen[name]}): keep one of them"))
        seen.setdefault(name, line)
    return found


def _line(mark: object) -> int | None:
    return getattr(mark, "line", None)


def _quote_advice(_problem: str, text: str) -> str:
    quote = next((c for c in text if c in "\"'"), '"')
    return f"a quoted text starts here ({quote}) but is never closed: end it with {quote} on this line"


def _after_quote(_problem: str, text: str) -> str:
    if QUOTE_OR_BRACKET.match(text):
        return (
            "this value starts with a quote or bracket and goes on after it: put the whole value in quotes, "
            'e.g. title: \'"VPN" werkt niet\' or title: "[Nieuw] VPN"'
        )
    return INDENTATION


def _bad_start(problem: str, _text: str) -> str:
    found = BAD_START.search(problem)
    char = found.group(1) if found else "?"
    if char in ("\t", "\\t"):  # PyYAML writes the tab as backslash-t
        return "a tab: YAML indents with spaces only; replace the tab with spaces"
    return f"a value cannot start with '{char}' in YAML: put the value in quotes, e.g. title: \"{char}…\""


_RULES: tuple[tuple[Callable[[str, str], bool], bool, Callable[[str, str], str]], ...] = (
    # (does it match (problem, context), blame the context line rather than the problem line, advice)
    (
        lambda p, c: c.startswith("while scanning a") and "quoted scalar" in c and "end of stream" in p,
        True,
        _quote_advice,
    ),
    (
        lambda p, c: "quoted scalar" in c and "escape character" in p,
        False,
        lambda p, t: "a backslash inside double quotes starts an escape: use single quotes ('…') instead",
    ),
    (
        lambda p, c: "mapping values are not allowed" in p,
        False,
        lambda p, t: (
            "a ': ' inside a value (or a line indented too far): put the value in quotes, "
            'e.g. title: "VPN: werkt niet"'
        ),
    ),
    (
        lambda p, c: c.startswith("while parsing a flow"),
        True,
        lambda p, t: (
            "a value that starts with '[' (or '{') is a list in YAML, and this one is not closed or an item "
            "holds ':' or '#': close it with ']', or put text in quotes, e.g. title: \"[Nieuw] VPN\""
        ),
    ),
    (lambda p, c: "cannot start any token" in p, False, _bad_start),
    (
        lambda p, c: c.startswith(("while scanning an alias", "while scanning an anchor")) or "undefined alias" in p,
        True,
        lambda p, t: (
            "a value cannot start with '*' or '&' in YAML: put the value in quotes, e.g. title: \"*Nieuw*: VPN\""
        ),
    ),
    (
        lambda p, c: c.startswith("while scanning a simple key"),
        True,
        lambda p, t: (
            "this line is not 'field: value' or '- item': add the ':' and a space after it, "
            "or indent the line if it continues the one above"
        ),
    ),
    (lambda p, c: "but found '<scalar>'" in p, False, _after_quote),
    (lambda p, c: "expected <block end>" in p, False, lambda p, t: INDENTATION),
)
