"""Chart geometry for the pages, computed in Python and drawn by templates as inline SVG.

Nothing here builds markup: the functions return numbers and labels, and the templates render
them with autoescaping on (includes/chart_months.html, includes/chart_bars.html). No
JavaScript and no chart library are needed, and the charts print and work without network.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

WIDTH = 720
HEIGHT = 200
MARGIN_LEFT = 44
MARGIN_BOTTOM = 22
MARGIN_TOP = 8
# A bar is never wider than this: with a month or two of data a slot spans the whole plot, and a
# full-width block reads as a filled area, not as one month (the bar is centred in its slot).
MAX_BAR_WIDTH = 36


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int
    title: str


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class MonthChart:
    bars: list[Bar]
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    width: int = WIDTH
    height: int = HEIGHT
    plot_left: int = MARGIN_LEFT
    plot_bottom: float = HEIGHT - MARGIN_BOTTOM
    truncated_from: dt.date | None = None
    rows: list[dict] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.bars


def _month_range(first: dt.date, last: dt.date) -> list[dt.date]:
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(dt.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _nice_max(value: int) -> int:
    """Round the axis maximum up to 1, 2 or 5 times a power of ten."""
    if value <= 0:
        return 1
    magnitude = 10 ** (len(str(value)) - 1)
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _as_month(value: dt.date | dt.datetime) -> dt.date:
    # TruncMonth yields a date on SQLite and PostgreSQL for a DateField, but be lenient.
    if isinstance(value, dt.datetime):
        value = value.date()
    return value.replace(day=1)


def month_chart(rows: Iterable[Mapping], *, value: str = "fatalities", max_months: int = 60) -> MonthChart:
    """Lay out one bar per calendar month (gaps filled with zero) for ``rows`` from events_by_month."""
    by_month = {_as_month(row["month"]): int(row.get(value) or 0) for row in rows if row.get("month")}
    if not by_month:
        return MonthChart(bars=[], y_ticks=[], x_ticks=[])
    months = _month_range(min(by_month), max(by_month))
    truncated_from = None
    if len(months) > max_months:
        months = months[-max_months:]
        truncated_from = months[0]
    values = [by_month.get(m, 0) for m in months]
    top = _nice_max(max(values))
    plot_width = WIDTH - MARGIN_LEFT - 4
    plot_height = HEIGHT - MARGIN_BOTTOM - MARGIN_TOP
    slot = plot_width / len(months)
    gap = min(2.0, slot * 0.2)
    bar_width = min(max(slot - gap, 0.5), MAX_BAR_WIDTH)
    bars = []
    for i, (month, amount) in enumerate(zip(months, values, strict=True)):
        height = plot_height * amount / top
        label = month.strftime("%b %Y")
        bars.append(
            Bar(
                x=round(MARGIN_LEFT + i * slot + (slot - bar_width) / 2, 2),
                y=round(HEIGHT - MARGIN_BOTTOM - height, 2),
                width=round(bar_width, 2),
                height=round(height, 2),
                label=label,
                value=amount,
                title=f"{label}: {amount:,}",
            )
        )
    y_ticks = [
        Tick(position=round(HEIGHT - MARGIN_BOTTOM - plot_height * f, 2), label=f"{top * f:,.1f}".removesuffix(".0"))
        for f in (0, 0.5, 1)
    ]
    every = -(-len(months) // 8)  # at most eight labels
    x_ticks = [
        Tick(position=round(MARGIN_LEFT + (i + 0.5) * slot, 2), label=m.strftime("%b %Y"))
        for i, m in enumerate(months)
        if i % every == 0
    ]
    return MonthChart(
        bars=bars,
        y_ticks=y_ticks,
        x_ticks=x_ticks,
        truncated_from=truncated_from,
        # Labels made here: the template's date and intcomma filters cost ~10 ms for ten years of rows.
        rows=[
            {"month": m, "value": v, "label": m.strftime("%b %Y"), "display": f"{v:,}"}
            for m, v in zip(months, values, strict=True)
        ],
    )


@dataclass(frozen=True)
class ShareRow:
    key: str
    label: str
    value: int
    percent: float
    extra: Mapping = field(default_factory=dict)


def shares(
    rows: Iterable[Mapping], *, key: str, label: Mapping[str, str] | None = None, value: str = "n"
) -> list[ShareRow]:
    """Return rows with their value as a percentage of the largest, for horizontal CSS bars."""
    rows = list(rows)
    top = max((int(r.get(value) or 0) for r in rows), default=0) or 1
    return [
        ShareRow(
            key=str(r[key] or ""),
            label=(label or {}).get(r[key], str(r[key] or "unknown")),
            value=int(r.get(value) or 0),
            percent=round(100 * int(r.get(value) or 0) / top, 1),
            extra=r,
        )
        for r in rows
    ]


# One colour per event type, shared by the map markers, its legend and the dashboard bars.
# Okabe–Ito hues (distinguishable with the common colour-vision deficiencies), darkened where
# needed to keep 3:1 contrast against the light map background.
TYPE_COLOURS = {
    "battles": "#c0392b",
    "explosions_remote_violence": "#8e44ad",
    "violence_against_civilians": "#b35900",
    "protests": "#0072b2",
    "riots": "#8a6d00",
    "strategic_developments": "#007a5e",
}
MIXED_COLOUR = "#4d5560"
