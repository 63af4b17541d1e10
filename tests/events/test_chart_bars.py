"""Month charts: a bar is one month, never a block across the plot (issue 18.5)."""

from __future__ import annotations

import datetime as dt

import pytest

from events.charts import MARGIN_LEFT, MAX_BAR_WIDTH, WIDTH, month_chart


@pytest.mark.parametrize("months", [1, 2, 3, 12, 60])
def test_bars_are_at_most_the_maximum_width_and_centred_in_their_month(months):
    rows = [{"month": dt.date(2016 + (m // 12), m % 12 + 1, 1), "fatalities": m + 1} for m in range(months)]
    chart = month_chart(rows)
    slot = (WIDTH - MARGIN_LEFT - 4) / months
    for i, bar in enumerate(chart.bars):
        assert bar.width <= MAX_BAR_WIDTH
        assert bar.x + bar.width / 2 == pytest.approx(MARGIN_LEFT + (i + 0.5) * slot, abs=0.02)
