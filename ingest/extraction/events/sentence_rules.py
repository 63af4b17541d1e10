"""One sentence, one act: named rules that drop the mentions of a sentence that tell part of
another's act ("took control of Goma after days of fighting": the territory change, not a clash
too). ``SENTENCE_RULES`` is applied in order to a sentence's mentions; each rule returns those it keeps.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Span

from .candidate import Candidate, _overlap, _refers_back
from .clauses import _victims_text, clause
from .cues import ARMED_TARGETS
from .fatalities import fatalities
from .trigger_table import VERB_TRIGGERS
from .typology_table import SUB, TYPE

SentenceRule = Callable[[list[Candidate]], list[Candidate]]


def _doer(c: Candidate) -> str | None:
    return c.actor1.name if c.actor1 else None


def suicide_attack_absorbs_its_clash(out: list[Candidate]) -> list[Candidate]:
    """ "rammed an explosives-laden truck into the base, then opened fire": one suicide attack;
    "a car exploded outside a restaurant, and moments later a suicide bomber blew himself up among
    fleeing survivors": one suicide attack in two blasts."""
    suicide = {_doer(c) for c in out if c.sub_event_type == SUB.suicide_bomb}
    return [
        c
        for c in out
        if not (
            (c.event_type == TYPE.battles or c.sub_event_type == SUB.remote_explosive_landmine_ied)
            and (_doer(c) in suicide or _doer(c) is None and suicide)
        )
    ]


def outcome_absorbs_its_means(out: list[Candidate]) -> list[Candidate]:
    """ "took control of Goma after days of fighting": the territory change is the event;
    "airstrikes destroyed homes", "opened fire … before setting homes ablaze": the destruction is
    part of the attack, and so are the weapons seized in it."""
    territory = [c for c in out if c.sub_event_type.endswith("territory")]
    violent = [
        c
        for c in out
        if c.event_type in (TYPE.battles, TYPE.explosions_remote_violence, TYPE.riots) or c.sub_event_type == SUB.attack
    ]
    return [
        c
        for c in out
        if not (c.sub_event_type == SUB.armed_clash and any(_overlap(c, t) for t in territory))
        and not (c.sub_event_type == SUB.looting_property_destruction and violent)
        and not (c.sub_event_type == SUB.disrupted_weapons_use and _seizure(c) and violent)
    ]


def protests_told_are_the_setting(out: list[Candidate]) -> list[Candidate]:
    """ "a mob beat him to death during the protests": the protests already told are the setting."""
    if not any(c.event_type != TYPE.protests for c in out):
        return out
    return [c for c in out if not (c.event_type == TYPE.protests and _refers_back(c.trigger))]


def a_crowd_turning_violent_is_one_riot(out: list[Candidate]) -> list[Candidate]:
    """ "thousands of protesters had approached the airport and around 2,000 of them attacked
    police": a gathering that turns violent in the sentence that tells it is one violent
    demonstration, not a peaceful protest besides."""
    riots = [c for c in out if c.event_type == TYPE.riots]
    if not riots:
        return out
    return [c for c in out if not (c.sub_event_type == SUB.peaceful_protest and any(_overlap(c, r) for r in riots))]


def one_riot_per_sentence(out: list[Candidate]) -> list[Candidate]:
    """ "A clash broke out between two communities after miscreants pelted stones at a procession":
    the stones are part of the mob's violence, one riot; a mob named makes it mob violence."""
    riots = [c for c in out if c.event_type == TYPE.riots]
    if len({c.sub_event_type for c in riots}) < 2:
        return out
    keep = next((c for c in riots if c.sub_event_type == SUB.mob_violence), riots[0])
    return [c for c in out if c.event_type != TYPE.riots or c is keep]


def arrests_absorb_their_raids(out: list[Candidate]) -> list[Candidate]:
    """ "troops arrested 15 people in overnight raids": the raids are how the arrests were made."""
    if not any(c.sub_event_type == SUB.arrests for c in out):
        return out
    return [c for c in out if not (c.sub_event_type == SUB.armed_clash and _raid_without_toll(c))]


def targeted_violence_absorbs_its_raid(out: list[Candidate]) -> list[Candidate]:
    """ "soldiers raped women during a raid on a village": the raid is the setting, not a second event."""
    targeted = [c for c in out if c.sub_event_type in (SUB.sexual_violence, SUB.abduction_forced_disappearance)]
    if not targeted:
        return out
    names = {_doer(c) for c in targeted}
    return [
        c
        for c in out
        if c in targeted or c.sub_event_type not in (SUB.attack, SUB.armed_clash) or _doer(c) not in names | {None}
    ]


def killing_is_the_outcome(out: list[Candidate]) -> list[Candidate]:
    """ "a strike killed 20": the killing is the strike's outcome, not a second battle; but when the
    other trigger is a bare "attack"/"raid" read as a clash, the killing's victims ("65 people were
    killed at a funeral … in a revenge attack") tell what kind of attack it was."""
    if len({c.sub_event_type for c in out}) <= 1:
        return out
    victims_tell = [
        c
        for c in out
        if c.from_kill
        and c.sub_event_type == SUB.attack
        and c.trigger is not None
        and c.trigger.lemma_.lower() not in ("wound", "injure")  # the wounded may not be the dead
    ]
    if (
        victims_tell
        and all(c.sub_event_type in (SUB.armed_clash, SUB.attack) for c in out)
        # "fighting between the army and the RSF killed 30 civilians": two named sides fought
        and not any(c.sub_event_type == SUB.armed_clash and c.actor2 is not None for c in out)
        # "five soldiers and two civilians were killed when militants attacked": a clash
        and not any(ARMED_TARGETS.search(_victims_text(c.trigger)) for c in victims_tell if c.trigger)
    ):
        return victims_tell
    kept = [c for c in out if not c.from_kill]
    if not kept:
        # "four jawans were killed while one was injured in an IED blast": both verbs are casualty
        # words; the one the weapon typed tells the act, the bare killing's default does not
        kept = [c for c in out if c.sub_event_type not in (SUB.armed_clash, SUB.attack)]
    return kept or out


SENTENCE_RULES: tuple[SentenceRule, ...] = (
    suicide_attack_absorbs_its_clash,
    outcome_absorbs_its_means,
    protests_told_are_the_setting,
    a_crowd_turning_violent_is_one_riot,
    one_riot_per_sentence,
    arrests_absorb_their_raids,
    targeted_violence_absorbs_its_raid,
    killing_is_the_outcome,
)


def one_act(out: list[Candidate], sent: Span) -> list[Candidate]:
    """Apply ``SENTENCE_RULES`` to a sentence's mentions, then share out its death toll."""
    for rule in SENTENCE_RULES:
        out = rule(out)
    _split_fatalities(out, sent)
    return out


def _seizure(c: Candidate) -> bool:
    return c.trigger is not None and VERB_TRIGGERS.get(c.trigger.lemma_.lower()) == "capture"


def _raid_without_toll(c: Candidate) -> bool:
    return c.trigger is not None and c.trigger.lemma_.lower() == "raid" and c.fatalities is None


def _split_fatalities(found: list[Candidate], sent: Span) -> None:
    """Give a sentence's death toll to the incident whose clause states it, not to every incident in it
    ("A strike killed five …, as Hezbollah fired rockets": the rockets killed no one we know of)."""
    counted = [c for c in found if c.fatalities is not None and c.trigger is not None]
    if len(counted) < 2:
        return
    for c in counted:
        c.fatalities = fatalities(clause(c.trigger, sent))  # type: ignore[arg-type]
    if all(c.fatalities is None for c in counted):
        counted[0].fatalities = fatalities(sent)
