"""The report's charts, drawn with matplotlib's object API (no pyplot: no global state, safe in threads). Each
`*_figure` builds one chart; `svg` renders it for the HTML file (which then needs nothing else), `png` for an
image upload. Labels come from the report catalogue."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import matplotlib
from matplotlib.dates import DateFormatter, date2num
from matplotlib.figure import Figure

from bot.messages import Lang
from bot.reports.texts import WEEKDAYS, number, rt

OUTCOME_COLOURS = {
    "helped": "#2e7d32",
    "answered": "#66bb6a",
    "suggestion_clicked": "#9ccc65",
    "not_helped": "#ffb300",
    "ticket": "#1e88e5",
    "gave_up": "#e53935",
}
BLUE, ORANGE, GREY, RED = "#1e88e5", "#fb8c00", "#9e9e9e", "#e53935"
STYLE: dict[Any, Any] = {
    "svg.fonttype": "none",  # text stays text: smaller files, the browser's fonts, selectable
    "svg.hashsalt": "servicedesk-report",  # stable ids: the same report gives the same file
    "font.family": "sans-serif",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def svg(figure: Figure) -> str:
    """The figure as SVG text, for the HTML page (no date in it: the same data gives the same file)."""
    buffer = io.StringIO()
    with matplotlib.rc_context(STYLE):
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    return buffer.getvalue()


def png(figure: Figure, dpi: int = 144) -> bytes:
    """The figure as a PNG image, for places that show pictures rather than pages (a Slack upload)."""
    buffer = io.BytesIO()
    with matplotlib.rc_context(STYLE):
        figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    return buffer.getvalue()


def _figure(width: float, height: float) -> Figure:
    with matplotlib.rc_context(STYLE):
        return Figure(figsize=(width, height), dpi=100)


def outcomes_figure(outcomes: dict[str, int], lang: Lang) -> Figure:
    """One horizontal bar per outcome, in the order of the report's rules."""
    names = ["ticket", "helped", "not_helped", "suggestion_clicked", "answered", "gave_up"]
    figure = _figure(4.4, 2.4)
    with matplotlib.rc_context(STYLE):
        axes = figure.add_subplot()
        values = [outcomes.get(name, 0) for name in names]
        bars = axes.barh(
            [rt(f"outcome.{name}", lang) for name in names], values, color=[OUTCOME_COLOURS[n] for n in names]
        )
        axes.bar_label(bars, labels=[number(v, lang) for v in values], padding=3)
        axes.invert_yaxis()
        axes.set_title(rt("questions.chart", lang), loc="left")
        axes.tick_params(axis="x", labelbottom=False, length=0)
        axes.spines["bottom"].set_visible(False)
    return figure


def volume_figure(daily: Sequence[tuple[date, int, int]], lang: Lang) -> Figure:
    """Questions and tickets per day, or per week for periods longer than five weeks."""
    weekly = len(daily) > 35
    buckets: dict[date, list[int]] = {}
    for day, questions, tickets in daily:
        key = day - timedelta(days=day.weekday()) if weekly else day
        counts = buckets.setdefault(key, [0, 0])
        counts[0] += questions
        counts[1] += tickets
    days = sorted(buckets)
    figure = _figure(5.2, 2.6)
    with matplotlib.rc_context(STYLE):
        axes = figure.add_subplot()
        width = 5.0 if weekly else 0.8
        positions = date2num(days)  # type: ignore[no-untyped-call]
        axes.bar(positions, [buckets[d][0] for d in days], width=width, color=BLUE, label=rt("volume.questions", lang))
        axes.bar(
            positions, [buckets[d][1] for d in days], width=width / 2, color=ORANGE, label=rt("volume.tickets", lang)
        )
        axes.legend(frameon=False, loc="upper left")
        unit = rt("volume.week" if weekly else "volume.day", lang)
        axes.set_title(rt("volume.heading", lang, unit=unit), loc="left")
        axes.xaxis.set_major_formatter(DateFormatter("%d-%m"))  # type: ignore[no-untyped-call]
        figure.autofmt_xdate()
    return figure


def hours_figure(hourly: Sequence[Sequence[int]], lang: Lang) -> Figure:
    """A weekday x hour heat map of questions (local time)."""
    figure = _figure(6.4, 2.4)
    with matplotlib.rc_context(STYLE):
        axes = figure.add_subplot()
        image = axes.imshow([list(row) for row in hourly], aspect="auto", cmap="Blues", interpolation="nearest")
        axes.set_yticks(range(7), WEEKDAYS[lang])
        axes.set_xticks(range(0, 24, 2), [f"{hour:02d}" for hour in range(0, 24, 2)])
        axes.set_xlabel(rt("hours.axis", lang))
        axes.tick_params(length=0)
        for side in axes.spines.values():
            side.set_visible(False)
        figure.colorbar(image, ax=axes, fraction=0.03, pad=0.02)
    return figure


def times_figure(rows: Sequence[dict[str, Any]], lang: Lang) -> Figure:
    """Per priority: median and p90 in business hours next to the SLA target, for first response and resolution."""
    figure = _figure(6.4, 2.8)
    with matplotlib.rc_context(STYLE):
        for index, kind in enumerate(("first_response", "resolution")):
            axes = figure.add_subplot(1, 2, index + 1)
            priorities = [row["priority"] for row in rows]
            positions = range(len(priorities))
            for offset, (key, colour, name) in enumerate(
                (("p50", BLUE, "times.median"), ("p90", ORANGE, "times.p90"), ("target", GREY, "times.target"))
            ):
                field = f"{kind}_{key}_minutes" if key != "target" else f"{kind}_target_minutes"
                values = [(row[field] or 0) / 60 for row in rows]
                axes.bar([p + (offset - 1) * 0.27 for p in positions], values, 0.27, color=colour, label=rt(name, lang))
            axes.set_xticks(list(positions), priorities)
            axes.set_title(rt(f"times.{kind}", lang), loc="left")
            axes.set_ylabel(rt("times.hours", lang))
        figure.axes[0].legend(frameon=False, loc="upper left")
        figure.tight_layout()
    return figure


def sla_figure(rows: Sequence[dict[str, Any]], lang: Lang) -> Figure:
    """Per priority, the share of settled tickets that met the SLA."""
    figure = _figure(6.4, 2.2)
    with matplotlib.rc_context(STYLE):
        axes = figure.add_subplot()
        values = [row["met_pct"] or 0 for row in rows]
        colours = [BLUE if value >= 90 else ORANGE if value >= 75 else RED for value in values]
        bars = axes.bar([row["priority"] for row in rows], values, color=colours, width=0.6)
        axes.bar_label(bars, labels=[f"{number(v, lang, 1)}%" for v in values], padding=2)
        axes.set_ylim(0, 110)
        axes.set_yticks([0, 25, 50, 75, 100])
        axes.set_title(rt("sla.chart", lang), loc="left")
    return figure


def categories_figure(rows: Sequence[dict[str, Any]], lang: Lang) -> Figure:
    """Tickets opened and resolved per category, the biggest first."""
    shown = sorted(rows, key=lambda row: -row["opened"])[:10]
    names = [row["name"] or rt("tickets.no_category", lang) for row in shown]
    figure = _figure(6.4, 0.6 + 0.3 * max(len(shown), 2))
    with matplotlib.rc_context(STYLE):
        axes = figure.add_subplot()
        positions = range(len(shown))
        axes.barh(
            [p - 0.2 for p in positions],
            [r["opened"] for r in shown],
            0.4,
            color=BLUE,
            label=rt("tickets.opened", lang),
        )
        axes.barh(
            [p + 0.2 for p in positions],
            [r["resolved"] for r in shown],
            0.4,
            color=GREY,
            label=rt("tickets.resolved", lang),
        )
        axes.set_yticks(list(positions), names)
        axes.invert_yaxis()
        axes.legend(frameon=False, loc="lower right")
        axes.set_title(rt("tickets.chart", lang), loc="left")
    return figure
