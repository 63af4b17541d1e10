"""Two names that have namesakes side by side mean those namesakes.

"A curfew was imposed on Alexandria and Arlington": each name alone goes to its best-known bearer
(Alexandria, Egypt; Arlington, Texas), far apart; but Alexandria and Arlington, Virginia, lie a few
kilometres from each other, and two different names that each have a bearer at one spot are not
there by chance. The geoparsers analysts know (CLAVIN, Mordecai) rank candidates by such
co-location; this is that reading for pairs of towns, kept strict so that famous pairs stay ("Paris
and London" are not London and Paris, Ontario, 80 km apart).

Pure: it reads places and returns the ones to change; ``places.py`` decides which names take part.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

from .gazetteer import Place

# two towns this close are one spot: suburbs of one city, neighbours across a river
SIDE_BY_SIDE_KM = 30.0
# the chosen pair must be further apart than this for the pair reading to overrule it
FAR_APART_KM = 300.0
# a namesake smaller than this is too obscure to be what two names together mean
MIN_POPULATION = 5_000
# a grid cell of this many degrees: a namesake within SIDE_BY_SIDE_KM lies in the same or a
# neighbouring cell up to latitude 74 degrees
_CELL_DEGREES = 1.0


def _cell(p: Place) -> tuple[int, int]:
    return (math.floor(p.latitude / _CELL_DEGREES), math.floor(p.longitude / _CELL_DEGREES))


def side_by_side(
    chosen: Mapping[str, Place],
    candidates: Mapping[str, Sequence[Place]],
    support: Callable[[Place, set[str]], int],
    km: Callable[[Place, Place], float],
) -> dict[str, Place]:
    """Return the names whose place changes: ``{key: namesake}``.

    ``chosen``: each name's place as resolved alone; ``candidates``: the towns each name may be
    (only towns, of MIN_POPULATION or more); ``support(place, keys)``: how many of the article's other
    places (leaving out those of ``keys``) back a place by lying near it. A pair moves when its
    chosen places lie FAR_APART_KM apart, namesakes of both lie within SIDE_BY_SIDE_KM, and the
    article's other places back the namesakes at least as well as the chosen ones. Both names move:
    one town near the other's chosen place is the ordinary reading by anchors, which weighs the
    article's countries too ("Bogota" beside New York City is still Colombia's in a story of Colombia).
    """
    grid: dict[tuple[int, int], list[tuple[str, Place]]] = {}
    for key, cands in candidates.items():
        for p in cands:
            if p.population >= MIN_POPULATION:
                grid.setdefault(_cell(p), []).append((key, p))
    pairs: list[tuple[int, str, Place, str, Place]] = []
    for key, cands in candidates.items():
        a = chosen.get(key)
        for p in cands:
            if a is None or p == a or p.population < MIN_POPULATION:
                continue
            ci, cj = _cell(p)
            for di in (-1, 0, 1):
                for dj in (-1, 0, 1):
                    for other, q in grid.get((ci + di, cj + dj), ()):
                        b = chosen.get(other)
                        if other <= key or b is None or q == b or km(a, b) <= FAR_APART_KM:
                            continue  # both names move, or it is only one town near another's place
                        if km(p, q) > SIDE_BY_SIDE_KM:
                            continue
                        pair = {key, other}
                        if support(p, pair) + support(q, pair) >= support(a, pair) + support(b, pair):
                            pairs.append((min(p.population, q.population), key, p, other, q))
    # the best-known pair first; a name takes part in one pair
    changes: dict[str, Place] = {}
    for _, key, p, other, q in sorted(pairs, key=lambda x: -x[0]):
        if key not in changes and other not in changes:
            changes[key], changes[other] = p, q
    return changes
