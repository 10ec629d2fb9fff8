"""The report as one self-contained HTML file: inline CSS, charts as SVG data URIs, no scripts, no links out.

Rendered with Jinja2 with autoescaping on, so colleagues' words in the examples can never become markup.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from bot.messages import Lang
from bot.reports import charts
from bot.reports.report import Report
from bot.reports.texts import WEEKDAYS, day, duration, number, percentage, rt

TEMPLATES = Path(__file__).resolve().parent / "templates"
SLACK_MENTION = re.compile(r"<[@#!][^>]*>")
ADD_PHRASING_FROM = 0.2
"""Nearest-article confidence from which a gap reads as a missing phrasing rather than a missing article (the
matcher's suggest threshold: the colleague would already have been offered the article)."""

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
        add_phrasing_from=ADD_PHRASING_FROM,
        quiet=lambda text: SLACK_MENTION.sub("@…", " ".join(text.split()))[:200],
    )


def _charts(report: Report, data: dict[str, Any], lang: Lang) -> dict[str, str]:
    drawn = {
        "outcomes": charts.outcomes_chart(data["outcomes"], lang),
        "volume": charts.volume_chart(report.daily, lang),
        "hours": charts.hours_chart(report.hourly, lang),
        "times": charts.times_chart(data["response_times"], lang),
        "sla": charts.sla_chart(data["sla"], lang),
        "categories": charts.categories_chart(data["tickets_by_category"], lang),
    }
    return {name: "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode() for name, svg in drawn.items()}
