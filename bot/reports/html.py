"""The report as one self-contained HTML file: inline CSS, charts as SVG data URIs, no scripts, no links out.

Rendered with Jinja2 with autoescaping on, so colleagues' words in the examples can never become markup.
"""

from __future__ import annotations

import base64
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from bot.messages import Lang
from bot.reports import charts
from bot.reports.gaps import MISSING_PHRASING_FROM
from bot.reports.report import Report
from bot.reports.texts import WEEKDAYS, day, duration, number, percentage, rt

TEMPLATES = Path(__file__).resolve().parent / "templates"
SLACK_MENTION = re.compile(r"<[@#!][^>]*>")

NAME_NEAREST_FROM = 0.1
"""Below this confidence the nearest article is too far to be worth naming on the page (JSON still has it)."""

_environment = Environment(
    loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True), undefined=StrictUndefined
)


def render_html(report: Report, *, lang: Lang, with_texts: bool = True, titles: dict[str, str] | None = None) -> str:
    """The whole page. `titles` maps article ids to titles; without texts, gap examples are left out."""
    data = report.to_json(with_texts=with_texts)
    return _environment.get_template("report.html.j2").render(
        lang=lang,
        data=data,
        with_texts=with_texts,
        titles=titles or {},
        charts=_charts(report, data, lang),
        t=lambda key, **values: rt(key, lang, **values),
        num=lambda value, decimals=0: number(value, lang, decimals),
        pct=lambda value: percentage(value, lang),
        dur=lambda minutes: duration(minutes, lang),
        first=day(report.period.first, lang),
        last=day(report.period.last, lang),
        busiest=", ".join(
            f"{WEEKDAYS[lang][cell['weekday']]} {cell['hour']:02d}:00" for cell in data["busiest_hours"][:3]
        ),
        add_phrasing_from=MISSING_PHRASING_FROM,
        name_nearest_from=NAME_NEAREST_FROM,
        window=lambda row: _window(report, row, lang),
        quiet=lambda text: SLACK_MENTION.sub("@…", " ".join(text.split()))[:200],
    )


def _charts(report: Report, data: dict[str, Any], lang: Lang) -> dict[str, str]:
    drawn = {
        "outcomes": charts.outcomes_figure(data["outcomes"], lang),
        "volume": charts.volume_figure(report.daily, lang),
        "hours": charts.hours_figure(report.hourly, lang),
        "times": charts.times_figure(data["response_times"], lang),
        "sla": charts.sla_figure(data["sla"], lang),
        "categories": charts.categories_figure(data["tickets_by_category"], lang),
    }
    return {
        name: "data:image/svg+xml;base64," + base64.b64encode(charts.svg(figure).encode()).decode()
        for name, figure in drawn.items()
    }


def _window(report: Report, row: dict[str, Any], lang: Lang) -> str:
    """A change window in local time: "16 maart 2026 09:00–13:00" (the end's date when it is another day)."""
    if not row["starts"]:
        return rt("none", lang)
    starts = report.period.local(datetime.fromisoformat(row["starts"].removesuffix("Z")))
    text = f"{day(starts.date(), lang)} {starts:%H:%M}"
    if row["ends"]:
        ends = report.period.local(datetime.fromisoformat(row["ends"].removesuffix("Z")))
        text += f"–{ends:%H:%M}" if ends.date() == starts.date() else f" – {day(ends.date(), lang)} {ends:%H:%M}"
    return text
