"""Unnamed civilians, protesters and rioters named by their country, as ACLED codes them.

ACLED's actor list has no bare "Civilians": the victims of a bombing in Baghdad are
"Civilians (Iraq)", a crowd in Lima "Protesters (Peru)", a mob in Kasganj "Rioters (India)".
The country is the incident's (the place it is coded at), else the article's focus country;
without either the generic name stays. Named groups of those kinds ("Yellow Vests") keep
their names: only generic actors (the dictionary's ``generic`` rows and the crowds the roles
invent) are qualified.
"""

from __future__ import annotations

import dataclasses

from ..actors import ActorSet, Mention
from ..gazetteer import country_table
from .candidate import Candidate

# the actor kinds ACLED qualifies by country when no name is given
QUALIFIED_KINDS = frozenset({"civilians", "protesters", "rioters"})


def name_by_country(c: Candidate, actors: ActorSet, focus_country: str | None) -> None:
    """Rename the incident's generic civilians, protesters and rioters to "<Name> (<Country>)"."""
    code = c.country_code(focus_country)
    countries = country_table()
    if not code or code not in countries:
        return
    country = countries[code].name

    def qualified(m: Mention | None) -> Mention | None:
        if m is None or m.kind not in QUALIFIED_KINDS or not _generic(m, actors):
            return m
        name = f"{m.name} ({country})"
        renamed = dataclasses.replace(m, name=name, country_code=code, generic=True)
        if name not in actors.specs:
            actors.specs[name] = dataclasses.replace(actors.specs[m.name], name=name, country_code=code)
            actors.aliases[name] = list(actors.aliases.get(m.name, ()))
        return renamed

    c.actor1, c.actor2 = qualified(c.actor1), qualified(c.actor2)
    c.assoc = [m for m in (qualified(x) for x in c.assoc) if m is not None]


def _generic(m: Mention, actors: ActorSet) -> bool:
    spec = actors.specs.get(m.name)
    return spec is not None and spec.generic and "(" not in m.name
