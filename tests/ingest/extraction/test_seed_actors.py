"""The seed actor dictionary (``ingest/extraction/data/actors.json``): its rows are well formed,
and the armed groups, security agencies and gangs it names are found in wire-style sentences."""

from __future__ import annotations

import json
import re
from collections import defaultdict

import pytest

from events.generic_aliases import is_generic_alias
from events.models import Actor
from ingest.extraction.gazetteer import DATA_DIR, country_table

PUBLISHED = "2024-05-06"

# Shared before this test existed: "Janjaweed" is both an alias of the Rapid Support Forces and
# an entry of its own (the dictionary loader keeps the first, the RSF).
KNOWN_SHARED_ALIASES = frozenset({"Janjaweed"})


def _rows() -> list[dict]:
    return json.loads((DATA_DIR / "actors.json").read_text(encoding="utf-8"))["actors"]


def _surfaces(row: dict) -> set[str]:
    return {row["name"], *row.get("aliases", [])}


def test_every_row_has_a_known_kind_and_country():
    kinds = set(Actor.Kind.values)
    countries = country_table()
    for row in _rows():
        assert set(row) <= {"name", "kind", "country", "aliases", "context", "generic"}, row["name"]
        assert row["kind"] in kinds, row["name"]
        code = row.get("country")
        if code is not None:
            assert re.fullmatch(r"[A-Z]{2}", code), row["name"]
            assert code in countries, row["name"]
        for target in (row.get("context") or {}).values():
            assert target in {r["name"] for r in _rows()}, row["name"]


def test_names_are_unique():
    names = [row["name"] for row in _rows()]
    assert sorted(n for n in set(names) if names.count(n) > 1) == []


def test_no_named_actor_has_a_generic_alias():
    for row in _rows():
        if row.get("generic"):
            continue  # "Civilians", "Gangs", "Unidentified Armed Group": generic by design
        assert [a for a in _surfaces(row) if is_generic_alias(a)] == [], row["name"]


def _match_key(alias: str) -> str:
    """The alias as the dictionary matches it: acronyms, short forms and one-word names keep their
    case ("JeM" is not "JEM"), longer phrases are folded (ingest.extraction.actors._dictionary_regexes)."""
    alias = alias.replace("\u2019", "'")
    if alias.upper() == alias or len(alias) <= 4 or (" " not in alias and alias[:1].isupper()):
        return alias
    return alias.lower()


def test_no_alias_names_two_entries():
    owners: dict[str, set[str]] = defaultdict(set)
    for row in _rows():
        if row.get("context"):
            continue  # an ambiguous alias that the article's country resolves
        for alias in _surfaces(row):
            owners[_match_key(alias)].add(row["name"])
    shared = {a: sorted(n) for a, n in owners.items() if len(n) > 1 and a not in KNOWN_SHARED_ALIASES}
    assert shared == {}


def test_acronyms_are_at_least_three_letters_and_in_capitals():
    # An acronym alias is matched case-sensitively only when written in capitals; a two-letter one
    # ("AA", "IS") names too many other things. Pre-existing short ones are international bodies
    # (dotted forms such as "U.N." are left out).
    allowed_short = {"UN", "AU", "EU", "3R"}
    for row in _rows():
        for alias in row.get("aliases", []):
            if alias.isupper() and " " not in alias and "." not in alias and alias not in allowed_short:
                assert len(re.sub(r"[^A-Z0-9]", "", alias)) >= 3, (row["name"], alias)


def _actor_names(pipeline, text: str) -> set[str]:
    return {a.name for a in pipeline.extract(text, published=PUBLISHED).actors}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Police in Northern Ireland said the New IRA was behind a pipe bomb left outside a house in "
            "Londonderry on Tuesday.",
            "New IRA",
        ),
        (
            "The PSNI said officers defused a viable device found near a school in west Belfast on Saturday.",
            "Police Service of Northern Ireland",
        ),
        ("Gardai are investigating the death of a man in Dundalk on Sunday night.", "Garda Síochána"),
        # the movement's fighters, named as no one group of it, are the separatists ACLED codes
        ("Amba fighters attacked a gendarmerie post in Bamenda on Sunday, residents said.", "Ambazonian Separatists"),
        (
            "The Ambazonia Defence Forces claimed an ambush on soldiers near Batibo on Sunday.",
            "Ambazonia Defence Forces",
        ),
        (
            "Fighters of the Russian Volunteer Corps crossed into the Belgorod region on Tuesday, the "
            "Kremlin-installed governor said.",
            "Russian Volunteer Corps",
        ),
        (
            "The FSB said it had detained a man in Moscow suspected of plotting a bomb attack on a military official.",
            "Federal Security Service",
        ),
        (
            "Two CRPF personnel were wounded when suspected Maoists triggered an improvised explosive device "
            "in Chhattisgarh's Bijapur district on Sunday.",
            "Central Reserve Police Force",
        ),
        (
            "The BSF said its troops shot dead an intruder along the international border in Punjab's "
            "Gurdaspur district.",
            "Border Security Force",
        ),
        (
            "A soldier of the Rashtriya Rifles was killed in a gunfight with militants in Kupwara on "
            "Wednesday, officials said.",
            "Rashtriya Rifles",
        ),
        (
            "The Resistance Front claimed responsibility for the attack on tourists in Pahalgam, police said.",
            "The Resistance Front",
        ),
        (
            "Security forces said the ULFA-I had planted the explosives near an army camp in Assam's "
            "Tinsukia district.",
            "United Liberation Front of Asom-Independent",
        ),
        (
            "Four suspected NSCN-IM cadres were arrested by the Assam Rifles in Nagaland's Mon district on Friday.",
            "National Socialist Council of Nagaland-Isak-Muivah",
        ),
        (
            "Two Frontier Corps soldiers were killed when gunmen opened fire on a checkpoint in "
            "Balochistan's Kech district.",
            "Frontier Corps",
        ),
        (
            "The CTD said it killed five militants in a raid in Khyber Pakhtunkhwa's Dera Ismail Khan "
            "district late on Monday.",
            "Counter Terrorism Department",
        ),
        (
            "Jamaat-ul-Ahrar claimed responsibility for the suicide bombing at a police headquarters in Peshawar.",
            "Jamaat-ul-Ahrar",
        ),
        (
            "Members of the Rapid Action Battalion arrested three suspected militants in a raid in Dhaka on Thursday.",
            "Rapid Action Battalion",
        ),
        (
            "The Haqqani Network was blamed for the truck bomb that killed dozens of people in Kabul.",
            "Haqqani Network",
        ),
        (
            "Fighting between the army and the Moro Islamic Liberation Front displaced hundreds of "
            "families in Maguindanao.",
            "Moro Islamic Liberation Front",
        ),
        (
            "Soldiers killed three suspected members of the BIFF in a clash in Datu Saudi Ampatuan town, "
            "the military said.",
            "Bangsamoro Islamic Freedom Fighters",
        ),
        (
            "The KNDF said its fighters captured a junta outpost near Loikaw on Sunday after two days of fighting.",
            "Karenni Nationalities Defence Force",
        ),
        (
            "The United Wa State Army has deployed troops along the Chinese border, residents said.",
            "United Wa State Army",
        ),
        (
            "Pyu Saw Htee members torched dozens of homes in a village in Sagaing Region, local media reported.",
            "Pyu Saw Htee",
        ),
        (
            "The Badr Organization said one of its commanders was killed in a drone strike near Baghdad.",
            "Badr Organization",
        ),
        (
            "Harakat al-Nujaba vowed to continue attacks on US forces in Iraq and Syria.",
            "Harakat al-Nujaba",
        ),
        (
            "Israeli troops raided the Jenin camp on Tuesday and the Jenin Brigade said its fighters clashed "
            "with them.",
            "Jenin Brigade",
        ),
        (
            "The PFLP said two of its members were killed in an Israeli air strike in Gaza City.",
            "Popular Front for the Liberation of Palestine",
        ),
        (
            "Forces of the Southern Transitional Council took control of government buildings in Aden on Thursday.",
            "Southern Transitional Council",
        ),
        (
            "Militants of Islamic State's Sinai Province attacked an army checkpoint near Arish, killing five soldiers.",
            "Islamic State Sinai Province",
        ),
        (
            "Dan Na Ambassagou militiamen attacked a Fulani village in central Mali's Mopti region, killing "
            "at least 20 people.",
            "Dan Na Ambassagou",
        ),
        (
            "Ansarul Islam fighters ambushed a convoy near Djibo in northern Burkina Faso, security sources said.",
            "Ansarul Islam",
        ),
        (
            "Twirwaneho fighters clashed with the army in the highlands of South Kivu on Monday.",
            "Twirwaneho",
        ),
        (
            "The FARDC said it repelled an attack by rebels on its positions near Goma on Sunday.",
            "Military Forces of the Democratic Republic of the Congo",
        ),
        (
            "Burundi's government accused Red Tabara of launching mortar fire on the airport in Bujumbura.",
            "Red Tabara",
        ),
        (
            "Members of the Imbonerakure beat and detained opposition supporters in Ngozi province, rights "
            "groups said.",
            "Imbonerakure",
        ),
        (
            "The White Army attacked an SSPDF garrison in Nasir, Upper Nile state, earlier this month.",
            "White Army",
        ),
        (
            "The SSPDF said it had retaken the town of Nasir from armed youths.",
            "Military Forces of South Sudan",
        ),
        (
            "Operatives of the DSS arrested a suspected IPOB commander in Enugu on Friday.",
            "Department of State Services",
        ),
        (
            "Gunmen believed to be members of IPOB set fire to a police station in Imo state.",
            "Indigenous People of Biafra",
        ),
        (
            "Police said members of Comando Vermelho opened fire on officers during a raid in a Rio de Janeiro favela.",
            "Comando Vermelho",
        ),
        (
            "Authorities blamed Los Choneros for a prison riot in Guayaquil that left 31 inmates dead.",
            "Los Choneros",
        ),
        (
            "Salvadoran police arrested dozens of suspected MS-13 members in San Salvador over the weekend.",
            "MS-13",
        ),
        (
            "Segunda Marquetalia fighters kidnapped two soldiers in Colombia's Narino department, the army said.",
            "Segunda Marquetalia",
        ),
        (
            "The Estado Mayor Central, the largest FARC dissident group, attacked a police station in Cauca.",
            "Estado Mayor Central",
        ),
        (
            "Officers of the Haitian National Police repelled an attack by gangs in Port-au-Prince on Tuesday.",
            "Police Forces of Haiti",
        ),
        (
            "Peruvian troops killed two Shining Path rebels in a clash in the Vraem valley, the armed forces said.",
            "Shining Path",
        ),
        (
            "Inmates of Los Fatales and Los Lagartos fought with knives in a Guayaquil prison on Friday.",
            "Los Fatales",
        ),
        ("VHP and Bajrang Dal activists blocked a highway in Uttar Pradesh on Sunday.", "Vishva Hindu Parishad"),
        ("ABVP students clashed with police outside the university in Delhi.", "Akhil Bharatiya Vidyarthi Parishad"),
        (
            "The United Nations human rights office condemned the killings in Rio de Janeiro on Friday.",
            "UN Human Rights Office",
        ),
        ("UNHCR said 2,000 people had crossed into Chad since Monday.", "UN Refugee Agency"),
        ("Supporters of the SLPP celebrated in Freetown after the result was declared.", "Sierra Leone People's Party"),
    ],
)
def test_a_seeded_actor_is_found_in_a_news_sentence(pipeline, text, name):
    assert name in _actor_names(pipeline, text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # lower-case or mixed-case words that spell an acronym alias
        ("Officials said the tanker's eta at the port of Aden was Friday morning.", "ETA"),
        (
            "A cobra bit a farmer working in a paddy field in Chhattisgarh's Bastar district.",
            "Commando Battalion for Resolute Action",
        ),
        ("US rapper Nas performed at a concert in Juba on Saturday.", "National Salvation Front (NAS)"),
        # a word of a name that is not an alias on its own
        ("Ramzan Kadyrov laid flowers at the grave of his father, Akhmat Kadyrov, in Grozny.", "Akhmat Special Forces"),
        ("Police found the body of a young man on Calle 18 in San Pedro Sula on Sunday.", "Barrio 18"),
        # acronyms left out on purpose: Kenya's ruling UDA, America's Inflation Reduction Act
        (
            "Protesters set fire to the offices of the ruling UDA party in Kisumu on Tuesday.",
            "Ulster Defence Association",
        ),
        ("Lawmakers debated changes to the IRA, the climate law passed in 2022.", "Provisional IRA"),
        # lower-case phrases that spell a multi-word alias left out on purpose
        (
            "Two soldiers were killed in a bomb attack in Egypt's North Sinai province on Monday.",
            "Islamic State Sinai Province",
        ),
        (
            "Turkey wants a 30-kilometre security belt along its border with Syria, officials said.",
            "Security Belt Forces",
        ),
    ],
)
def test_a_look_alike_word_does_not_name_the_actor(pipeline, text, name):
    assert name not in _actor_names(pipeline, text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # ACLED codes the Islamic State by its province where one fights: the article's country says which
        (
            "Islamic State said its fighters killed 12 soldiers in an attack on a base in Borno state, Nigeria.",
            "Islamic State West Africa Province",
        ),
        (
            "Islamic State claimed a suicide bombing outside a ministry in Kabul that killed six people, "
            "Afghan officials said.",
            "Islamic State Khorasan Province",
        ),
        (
            "Islamic State fighters beheaded villagers in Cabo Delgado province, in northern Mozambique.",
            "Islamic State Mozambique Province",
        ),
        # where the core group fights, or the country has more than one province (Niger), it stays
        ("Islamic State fighters attacked a Syrian army checkpoint near Palmyra, in Syria's desert.", "Islamic State"),
        (
            "Islamic State gunmen ambushed a patrol near Tillaberi in western Niger, killing ten soldiers.",
            "Islamic State",
        ),
    ],
)
def test_the_islamic_state_is_named_by_its_province_in_the_country(pipeline, text, name):
    assert name in _actor_names(pipeline, text)
