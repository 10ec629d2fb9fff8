"""Article bodies: CommonMark in, Slack mrkdwn out, with a warning for everything Slack cannot show. Pure.

markdown-it-py parses (CommonMark, plus GitHub's tables and ~~strikethrough~~ so they can be recognised); this
module renders its syntax tree to mrkdwn: `**bold**` -> `*bold*`, `_italics_` -> `_italics_`, `[text](url)` ->
`<url|text>`, headings -> a bold line, lists -> `•`/`1.` lines, code and quotes as Slack writes them.

Layout follows the file: every line break the author typed is a line break in Slack (Slack shows text as
typed, so this is what an author who writes one sentence per line expects), and a blank line between two
blocks stays one blank line. Text is escaped (`&`, `<`, `>`), so nothing in an article becomes a mention.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

PARSER = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
BULLETS = ("•", "◦", "▪")
MAX_LIST_DEPTH = 2
"""Lists nested deeper than this are hard to read in Slack, which shows them as indented lines of text."""
RULE = "──────────"
WEB_SCHEMES = ("http://", "https://", "mailto:")
SLACK_LINK_SYNTAX = re.compile(r"<((?:https?://|mailto:)[^\s|<>]+)\|([^<>]+)>")

TABLE = "Slack cannot show a table; it is sent as fixed-width text. Write it as a list instead (`- **Name**: value`)"
IMAGE = "Slack does not show images inside an answer; it becomes a link. Link to it instead: [description](https://…)"
HTML = "Slack does not show HTML; it is sent as plain text. Use Markdown instead (a new line, **bold**, [text](url))"
DEEP_LIST = f"Slack shows lists nested more than {MAX_LIST_DEPTH} levels deep as indented text; flatten this list"
NESTED_QUOTE = "Slack shows one level of quote; this inner quote is shown as part of the outer one"
SLACK_LINK = "this is Slack's own link syntax; in Markdown write [{text}]({url})"
RELATIVE_LINK = "Slack cannot open the link '{url}': give a full address starting with https://"
STAR_ITALICS = (
    "*{text}* is italics in Markdown (it was bold in Slack's own syntax): "
    "write **{text}** for bold, _{text}_ for italics"
)
LAZY_LINE = (
    "this line is joined to the list item above it (Markdown continues the item); "
    "leave a blank line before it if it is not part of the item"
)


@dataclass(frozen=True)
class SlackWarning:
    """Something Slack cannot show as written: `line` counts from 1 at the first line of the Markdown text."""

    line: int
    message: str


@dataclass(frozen=True)
class Rendered:
    """The mrkdwn to send, and what the author should know about it."""

    text: str
    warnings: tuple[SlackWarning, ...] = ()


def to_mrkdwn(markdown: str) -> Rendered:
    """Render CommonMark text as Slack mrkdwn."""
    renderer = _Renderer(markdown.splitlines())
    text = renderer.blocks(SyntaxTreeNode(PARSER.parse(markdown)).children, quoted=False)
    return Rendered(text.strip("\n"), tuple(sorted(set(renderer.warnings), key=lambda w: w.line)))


def escape(text: str) -> str:
    """Escape `&`, `<` and `>` the way Slack expects, so text is shown as written and never becomes a mention."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass
class _Renderer:
    lines: Sequence[str]
    warnings: list[SlackWarning] = field(default_factory=list)
    list_depth: int = 0

    def blocks(self, nodes: Sequence[SyntaxTreeNode], *, quoted: bool) -> str:
        """Sibling blocks, one line apart, or two where the author left a blank line between them."""
        out = ""
        previous: SyntaxTreeNode | None = None
        for node in nodes:
            if previous is not None:
                out += "\n\n" if self._blank_between(previous, node) else "\n"
            out += self.block(node, quoted=quoted)
            previous = node
        return out

    def block(self, node: SyntaxTreeNode, *, quoted: bool) -> str:
        kind = node.type
        if kind == "paragraph":
            self._check_lazy_lines(node)
            return self.inline(node.children[0].children if node.children else [], node)
        if kind == "heading":
            title = self.inline(node.children[0].children, node, plain=True) if node.children else ""
            return f"*{title}*" if title.strip() else ""
        if kind in ("bullet_list", "ordered_list"):
            return self.list_block(node, quoted=quoted)
        if kind == "blockquote":
            return self.quote(node, quoted=quoted)
        if kind in ("fence", "code_block"):
            return "```\n" + escape(node.content.rstrip("\n")) + "\n```"
        if kind == "hr":
            return RULE
        if kind == "table":
            self.warn(node, TABLE)
            return "```\n" + escape("\n".join(self._source(node))) + "\n```"
        self.warn(node, HTML)  # html_block, and anything a later parser version may add
        return escape(node.content.rstrip("\n") or "\n".join(self._source(node)))

    def list_block(self, node: SyntaxTreeNode, *, quoted: bool) -> str:
        if self.list_depth == MAX_LIST_DEPTH:
            self.warn(node, DEEP_LIST)
        number = int(str(node.attrs.get("start", 1))) if node.type == "ordered_list" else None
        self.list_depth += 1
        try:
            items = []
            for index, item in enumerate(node.children):
                marker = f"{number + index}. " if number is not None else BULLETS[min(self.list_depth - 1, 2)] + " "
                body = self.blocks(item.children, quoted=quoted)
                items.append(_hang(marker, body))
        finally:
            self.list_depth -= 1
        out = items[0] if items else ""
        for previous, item, text in zip(node.children, node.children[1:], items[1:], strict=False):
            out += ("\n\n" if self._blank_between(previous, item) else "\n") + text
        return out

    def quote(self, node: SyntaxTreeNode, *, quoted: bool) -> str:
        inner = self.blocks(node.children, quoted=True)
        if quoted:
            self.warn(node, NESTED_QUOTE)
            return inner
        return "\n".join(f"> {line}" if line else ">" for line in inner.split("\n"))

    def inline(self, nodes: Sequence[SyntaxTreeNode], block: SyntaxTreeNode, *, plain: bool = False) -> str:
        out, text = [], ""
        for node in nodes:  # the parser may split one run of text in several nodes (at '<', for one)
            if node.type == "text":
                text += node.content
                continue
            out += [self._text(text, block), self._inline_one(node, block, plain)]
            text = ""
        return "".join([*out, self._text(text, block)])

    def _text(self, text: str, block: SyntaxTreeNode) -> str:
        """Plain text, escaped; a link written the Slack way (`<https://…|text>`) is kept as the link it meant."""
        out, start = "", 0
        for found in SLACK_LINK_SYNTAX.finditer(text):
            url, label = found.group(1), found.group(2)
            self.warn(block, SLACK_LINK.format(text=label, url=url), find=f"<{url}|")
            out += escape(text[start : found.start()]) + f"<{_url(url)}|{escape(label)}>"
            start = found.end()
        return out + escape(text[start:])

    def _inline_one(self, node: SyntaxTreeNode, block: SyntaxTreeNode, plain: bool) -> str:
        kind = node.type
        if kind in ("softbreak", "hardbreak"):
            return "\n"
        if kind == "code_inline":
            return escape(node.content) if plain else f"`{escape(node.content)}`"
        if kind in ("strong", "em", "s"):
            inner = self.inline(node.children, block, plain=plain)
            if kind == "em" and node.markup == "*":
                self.warn(block, STAR_ITALICS.format(text=inner), find=f"*{inner}*")
            mark = {"strong": "*", "em": "_", "s": "~"}[kind]
            return inner if plain or not inner.strip() else f"{mark}{inner}{mark}"
        if kind == "link":
            return self._link(node, block)
        if kind == "image":
            self.warn(block, IMAGE, find="![")
            alt = escape(self._alt(node))
            return f"<{_url(str(node.attrs['src']))}|{alt}>" if alt else f"<{_url(str(node.attrs['src']))}>"
        self.warn(block, HTML, find=node.content)  # html_inline
        return escape(node.content)

    def _link(self, node: SyntaxTreeNode, block: SyntaxTreeNode) -> str:
        href = str(node.attrs["href"])
        label = self.inline(node.children, block, plain=True)
        if node.markup == "autolink" and "|" in label:  # <https://x|text>: written the Slack way
            url, _, text = label.partition("|")
            self.warn(block, SLACK_LINK.format(text=text, url=url), find=f"<{url}|")
            return f"<{_url(url)}|{text}>"
        if not href.startswith(WEB_SCHEMES):
            self.warn(block, RELATIVE_LINK.format(url=href), find=f"]({href}")
        if node.markup == "autolink" and not href.startswith("mailto:"):
            return f"<{_url(href)}>"
        return f"<{_url(href)}|{label}>" if label else f"<{_url(href)}>"

    def _alt(self, node: SyntaxTreeNode) -> str:
        return "".join(child.content for child in node.children) or str(node.attrs.get("alt") or "")

    def warn(self, node: SyntaxTreeNode, message: str, *, find: str | None = None) -> None:
        """Record a warning at the node's first line, or at the first of its lines holding `find`."""
        start, end = node.map or (0, 1)
        line = start
        if find:
            line = next((n for n in range(start, end) if find in self.lines[n]), start)
        self.warnings.append(SlackWarning(line + 1, message))

    def _check_lazy_lines(self, node: SyntaxTreeNode) -> None:
        """A list item's paragraph that goes on at the left margin: Markdown's "lazy" continuation."""
        if self.list_depth == 0 or node.map is None:
            return
        start, end = node.map
        for number in range(start + 1, end):
            line = self.lines[number]
            if line[:1] not in ("", " ", "\t", ">"):
                self.warnings.append(SlackWarning(number + 1, LAZY_LINE))
                return

    def _blank_between(self, first: SyntaxTreeNode, second: SyntaxTreeNode) -> bool:
        """True when the author left a blank line between two sibling blocks (a list item's range includes
        the blank line after it; lines between siblings are blank or hold only quote markers)."""
        if first.map is None or second.map is None:
            return False
        start, end = first.map
        return second.map[0] > end or (end - start > 1 and not self.lines[end - 1].strip(" \t>"))

    def _source(self, node: SyntaxTreeNode) -> list[str]:
        start, end = node.map or (0, 0)
        return [line.strip() for line in self.lines[start:end]]


def _hang(marker: str, body: str) -> str:
    """A list item: the marker, then the body with its later lines indented under the first."""
    first, *rest = body.split("\n") if body else [""]
    indent = " " * len(marker)
    return "\n".join([(marker + first).rstrip(), *(indent + line if line else "" for line in rest)])


def _url(url: str) -> str:
    """A URL as Slack's `<url|text>` can hold it: `|` and `>` would end it early."""
    return url.replace("|", "%7C").replace(">", "%3E").replace("<", "%3C")
