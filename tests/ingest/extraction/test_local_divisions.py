"""US local news places its towns by state and county; the places stage reads those frames.

* "Paris, Tennessee": a town placed in a state by a comma is the state's namesake, not the famous
  Paris (which used to fall back to the state's centre);
* "central Georgia (including Athens)", "Athens-Clarke County": a country's name that is also a
  state ("Georgia") is the state when the story's towns and counties lie in it, or a town before
  "Georgia" and a comma has a namesake there; the country stays in a story of Tbilisi;
* "Clarke and Oconee counties", "in Fulton county": names before a plural or lower-case county
  word are the counties; a county outside the story's named states is its namesake in one;
* "the Lamar County Jail", "the Lamar County Courthouse", "the Sangamon County Coroner": a county's
  building or officer names the county;
* "Legislator William Spencer (D-Centerport)": a legislator's party and home town;
* "the Washington County Sheriff's Office" beside Hagerstown: a county far from every town the story
  names is its namesake around them (thirty states have a Washington County);
* a famous namesake placed by its size first ("Suffolk County", Massachusetts) gives way to its
  namesake beside the places resolved after it (Centerport, Riverhead: Suffolk County, N.Y.).
"""

from __future__ import annotations

import pytest

from .places_helpers import countries_and_divisions

PUB = "2019-06-12"


def _places(pipeline, text: str) -> dict[str, tuple[str | None, str | None]]:
    return countries_and_divisions(pipeline, text, PUB)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # enwikipedia.net, "Paris, Texas"
        (
            "In 1998, presumably as a response to the 1993 construction of a 60-foot-tall (18 m) tower in "
            "Paris, Tennessee, the city placed a giant red cowboy hat atop its tower.",
            {"Paris": ("US", "Tennessee")},
        ),
        # old.flagpole.com
        (
            "Public schools in Clarke and Oconee counties will be closed again Thursday, as any snow that "
            "melted and did not evaporate today will refreeze overnight, making roads treacherous.\n\n"
            "The National Weather Service has issued a winter weather advisory for central Georgia (including "
            "Athens) until 10 a.m. Wednesday.",
            {
                "Georgia": ("US", "Georgia"),
                "Athens": ("US", "Georgia"),
                "Clarke County": ("US", "Georgia"),
                "Oconee County": ("US", "Georgia"),
            },
        ),
        # old.flagpole.com
        (
            "An Athens woman was shot and killed Monday night while walking outside with her three-year-old "
            "son.\n\nAthens-Clarke County police received a call about gunshots fired at the Clarke Gardens "
            "apartment complex off Barnett Shoals Road at 9:37 p.m. Monday.",
            {"Athens": ("US", "Georgia")},
        ),
        # easttexasradio.com
        (
            "Gerald Russell Bridgers, 35, of Paris, was arrested in the 2200-block of E. Price St. at 4:29 "
            "Wednesday morning. Bridgers had two outstanding misdemeanor warrants, and they placed him into "
            "custody. He is awaiting transfer to the Lamar County Jail.",
            {"Paris": ("US", "Texas"), "Lamar County": ("US", "Texas")},
        ),
        # theparisnews.com: the town's own Eiffel Tower
        (
            "Paris police are hoping the public can help identify two suspects involved in June 19 spray "
            "painting incidents in downtown Paris and at the Eiffel Tower. The spray painting incidents "
            "followed a peaceful Black Lives Matter protest June 18 on the steps of the Lamar County Courthouse.",
            {"Paris": ("US", "Texas"), "Eiffel Tower": ("US", "Texas")},
        ),
        # tbrnewsmedia.com
        (
            "Walter Dawydiak, director of the county’s environmental quality division, who serves on the panel, "
            "which was organized by the health committee chairman, Legislator William “Doc” Spencer "
            "(D-Centerport), testified that the number of dead fish was at or approaching 100,000. The "
            "estimated nearly 100,000 dead bunker fish that have washed ashore in Riverhead may seem "
            "astounding, but it wasn’t all that surprising to the panel of experts brought before the Suffolk "
            "County Health Committee on Thursday.",
            {"Centerport": ("US", "New York"), "Suffolk County": ("US", "New York")},
        ),
        (
            "Deputies searched a home in Fulton county on Monday, the sheriff said.",
            {"Fulton County": ("US", "Georgia")},
        ),
        # washcosheriff.com: a county far from the story's towns is its namesake around them, and a
        # town after an address and a comma is a place ("Garland Groh Blvd., Hagerstown.")
        (
            "On April 18, 2017 at approximately 4:00 PM, Detectives from the Washington County Sheriff’s Office "
            "observed a VW Jetta traveling westbound on Route 40. The Detectives followed the Jetta until it "
            "stopped in front of Chipotle, 18003 Garland Groh Blvd., Hagerstown.",
            {"Washington County": ("US", "Maryland"), "Hagerstown": ("US", "Maryland")},
        ),
        # wandtv.com, via a news search page: a county's officer names the county
        (
            "SPRINGFIELD, Ill. (WAND) - Human remains found in a wooded area in Springfield Thursday have been "
            "identified. The Sangamon County Coroner, Jim Allmon, has identified the human remains discovered "
            "on July 3, in a wooded area near Wabash Avenue.",
            {"Springfield": ("US", "Illinois"), "Sangamon County": ("US", "Illinois")},
        ),
    ],
)
def test_local_frames_place_the_towns(pipeline, text, expected):
    places = _places(pipeline, text)
    assert {name: places.get(name) for name in expected} == expected


def test_a_town_placed_in_a_state_is_the_states_town_not_its_centre(pipeline):
    # enwikipedia.net, "Paris, Texas"
    text = (
        "In 1998, presumably as a response to the 1993 construction of a 60-foot-tall (18 m) tower in "
        "Paris, Tennessee, the city placed a giant red cowboy hat atop its tower."
    )
    paris = next(p for p in pipeline.extract(text, published=PUB).locations if p.name == "Paris")
    assert (round(paris.latitude), round(paris.longitude)) == (36, -88)  # the town, not Tennessee's middle


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Georgia's president met officials in Tbilisi and Batumi on Monday.", "Georgia", "GE"),
        ("Russia's troops entered Georgia in 2008, and Tbilisi was bombed.", "Georgia", "GE"),
        ("Trade across the Asia-Pacific region grew by a fifth, officials in Tokyo said.", "Pacific", None),
    ],
)
def test_a_country_or_a_region_stays_itself(pipeline, text, name, country):
    assert _places(pipeline, text).get(name, (None, None))[0] == country
