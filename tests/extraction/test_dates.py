from __future__ import annotations

import datetime as dt

import pytest

from ingest.extraction.dates import ResolvedDate, is_background, resolve_date

PUB = dt.date(2016, 10, 17)  # a Monday


@pytest.mark.parametrize(
    ("span", "expected", "precision"),
    [
        ("on Sunday", dt.date(2016, 10, 16), "day"),
        ("Sunday", dt.date(2016, 10, 16), "day"),
        ("last Friday", dt.date(2016, 10, 14), "day"),
        ("yesterday", dt.date(2016, 10, 16), "day"),
        ("today", PUB, "day"),
        ("last week", dt.date(2016, 10, 10), "week"),
        ("June 2014", dt.date(2014, 6, 1), "month"),
        ("October 12", dt.date(2016, 10, 12), "day"),
        ("12 October 2016", dt.date(2016, 10, 12), "day"),
        ("2014", dt.date(2014, 1, 1), "year"),
    ],
)
def test_date_spans_resolve_against_publication_date(span, expected, precision):
    r = resolve_date(span, PUB)
    assert r is not None
    assert (r.date, r.precision) == (expected, precision)


@pytest.mark.parametrize("span", ["two years", "several months", "decades", "the past few days", "may"])
def test_durations_and_non_dates_are_not_dates(span):
    assert resolve_date(span, PUB) is None


def test_old_dates_are_background():
    assert is_background(resolve_date("June 2014", PUB), PUB)
    assert not is_background(resolve_date("last week", PUB), PUB)


FRIDAY = dt.date(2024, 3, 15)


@pytest.mark.parametrize(
    ("span", "expected", "precision"),
    [
        ("late on Friday", FRIDAY, "day"),
        ("on Friday night", FRIDAY, "day"),
        ("early on Sunday", dt.date(2024, 3, 10), "day"),
        ("Wednesday night", dt.date(2024, 3, 13), "day"),
        ("Tuesday morning", dt.date(2024, 3, 12), "day"),
        ("over the weekend", dt.date(2024, 3, 9), "week"),
        ("last weekend", dt.date(2024, 3, 9), "week"),
        ("earlier this week", FRIDAY, "week"),
        ("last month", dt.date(2024, 2, 1), "month"),
    ],
)
def test_times_of_day_and_weekends_resolve_against_a_friday(span, expected, precision):
    assert resolve_date(span, FRIDAY) == ResolvedDate(expected, precision)
