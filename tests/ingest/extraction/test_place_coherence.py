"""Two names whose namesakes lie side by side mean those namesakes (place_coherence.py).

"A curfew was imposed on Alexandria and Arlington": alone, each name goes to its best-known
bearer (Alexandria, Egypt; Arlington, Texas); together they are the two Virginia towns a few
kilometres apart. Kept strict: both names move, the namesakes lie within 30 km, the chosen pair lay
300 km or more apart, and the article's other places and countries back the namesakes at least as
well ("Paris and London" stay, London and Paris, Ontario, lie 80 km apart; "Cairo ... Alexandria"
keeps Egypt's).
"""

from __future__ import annotations

import pytest

from ingest.extraction.gazetteer import Place
from ingest.extraction.place_coherence import side_by_side
from ingest.extraction.places import km


def _town(name: str, cc: str, lat: float, lon: float, pop: int) -> Place:
    return Place(None, name, cc, None, "city", lat, lon, pop, False)


ALEX_EG = _town("Alexandria", "EG", 31.20, 29.92, 3_800_000)
ALEX_VA = _town("Alexandria", "US", 38.80, -77.05, 150_000)
ARL_TX = _town("Arlington", "US", 32.74, -97.11, 390_000)
ARL_VA = _town("Arlington", "US", 38.88, -77.10, 230_000)
PARIS_FR = _town("Paris", "FR", 48.85, 2.35, 2_100_000)
PARIS_ON = _town("Paris", "CA", 43.20, -80.38, 12_000)
LONDON_GB = _town("London", "GB", 51.51, -0.13, 8_900_000)
LONDON_ON = _town("London", "CA", 42.98, -81.23, 380_000)
HAMLET_VA = _town("Arlington", "US", 38.85, -77.08, 900)


def _none(_p: Place, _leave_out: set[str]) -> int:
    return 0


def _egypt_backed(p: Place, _leave_out: set[str]) -> int:
    return int(p.country_code == "EG")


@pytest.mark.parametrize(
    ("chosen", "candidates", "support", "expected"),
    [
        # two towns side by side, chosen far apart: both move
        (
            {"alexandria": ALEX_EG, "arlington": ARL_TX},
            {"alexandria": [ALEX_EG, ALEX_VA], "arlington": [ARL_TX, ARL_VA]},
            _none,
            {"alexandria": ALEX_VA, "arlington": ARL_VA},
        ),
        # namesakes 80 km apart are not side by side
        (
            {"paris": PARIS_FR, "london": LONDON_GB},
            {"paris": [PARIS_FR, PARIS_ON], "london": [LONDON_GB, LONDON_ON]},
            _none,
            {},
        ),
        # the article's other places back the chosen one ("from Cairo to Alexandria")
        (
            {"alexandria": ALEX_EG, "arlington": ARL_TX},
            {"alexandria": [ALEX_EG, ALEX_VA], "arlington": [ARL_TX, ARL_VA]},
            _egypt_backed,
            {},
        ),
        # a hamlet is too obscure to be what the pair means
        (
            {"alexandria": ALEX_EG, "arlington": ARL_TX},
            {"alexandria": [ALEX_EG, ALEX_VA], "arlington": [ARL_TX, HAMLET_VA]},
            _none,
            {},
        ),
        # one town near the other's chosen place is no pair: only one name would move
        (
            {"alexandria": ALEX_EG, "arlington": ARL_VA},
            {"alexandria": [ALEX_EG, ALEX_VA], "arlington": [ARL_VA]},
            _none,
            {},
        ),
    ],
)
def test_side_by_side(chosen, candidates, support, expected):
    assert side_by_side(chosen, candidates, support, km) == expected


def test_two_towns_of_a_local_story_are_neighbours(pipeline):
    # alxnow.com
    text = (
        "A 6 p.m. curfew was imposed on Alexandria and Arlington by the governor on Jan. 6 at the request of "
        "the jurisdictions, a move which Mayor Justin Wilson said led to a quiet night in Alexandria."
    )
    places = {p.name: (p.country_code, p.admin1) for p in pipeline.extract(text, published="2021-01-13").locations}
    assert places["Alexandria"] == ("US", "Virginia")
    assert places["Arlington"] == ("US", "Virginia")
