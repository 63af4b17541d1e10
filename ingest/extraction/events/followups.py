"""Sentences that add to an incident already told rather than report a new one: an actorless
follow-up ("…, killing the driver"), a revised or risen toll, the police dispersing a protest just
described, the place and day a later sentence names."""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Span, Token

from ..actors import ActorSet
from ..dates import is_background
from .candidate import _VIOLENT_CLASSES, _VIOLENT_TYPES, Candidate
from .clauses import REPORT_LEMMAS, _source_spans
from .context import ArticleContext, SentenceContext
from .dating import _dates_in
from .fatalities import fatalities, parse_number
from .setting import _contains, _place_for
from .triggers import _trigger_class
from .typology_table import SUB


def _tells_same_act(sent: Span, low: str, incident: Candidate) -> bool:
    """Do the sentence's triggers tell the kind of act the incident is ("… when it was attacked" after
    an ambush), rather than another ("Dozens were arrested in Bahir Dar" after a withdrawal)?"""
    if incident.trigger is None:
        return False
    own = _trigger_class(incident.trigger, incident.sentence.text.lower())
    classes = {c for t in sent if (c := _trigger_class(t, low))}
    if own in _VIOLENT_CLASSES or incident.event_type in _VIOLENT_TYPES:
        return bool(classes) and classes <= _VIOLENT_CLASSES
    return classes == {own}


def _adopt_setting(incident: Candidate, here: SentenceContext, article: ArticleContext) -> None:
    """Give an incident the place and day a follow-up sentence names ("An ambush killed 16 soldiers.
    The patrol was returning … in Tillia when it was attacked on Saturday"): a town the sentence
    names beats a place the lead only inherited (a dateline, the article's focus) or the region
    that contains it, and its date beats the publication day."""
    sent, low, published = here.sent, here.low, article.published
    trigger = next((t for t in sent if _trigger_class(t, low)), sent[0])
    place, precision, own = _place_for(trigger, here, article)
    if (
        own
        and place is not None
        and place.place.feature != "country"
        and (not incident.place_own or incident.place is None or _contains(incident.place.place, place.place))
    ):
        incident.place, incident.geo_precision, incident.place_own = place, precision, True
    if not incident.date_explicit and published is not None:
        dated = [d for d in _dates_in(sent, published) if not is_background(d, published)]
        if dated:
            incident.date, incident.date_explicit = dated[0], True


_SAME_DAY = re.compile(
    r"\W*(?:(?:hours|minutes|moments) later|later (?:that|the same) (?:day|night|evening|morning)|"
    r"the same (?:day|night|evening)|shortly (?:after|afterwards)|soon after)\b",
    re.IGNORECASE,
)


# "The toll, initially given as 12, was revised to 9": a correction replaces the figure, even downward
_TOLL_REVISED = re.compile(
    r"\btoll\b[^.]{0,60}?\b(?:revised|corrected|lowered|adjusted|cut)\b(?:\s+(?:down|up)(?:ward)?)?\s+to\s+"
    r"(?:at least\s+)?(?P<n>[\w-]+)"
)


def _latest_incident(candidates: list[Candidate]) -> Candidate | None:
    return next((c for c in reversed(candidates) if c.event_type in _VIOLENT_TYPES and not c.headline), None)


def _trigger_quoted(c: Candidate, off: int, quote_spans: Sequence[tuple[int, int]]) -> bool:
    """ ""This was a cowardly attack," the mayor said": a speaker's words characterise, the prose
    reports; a witness's narration of what something did is a report though ("A fighter jet dropped
    four bombs and then fired near Kan Gyi Kone," a resident said)."""
    return quoted_at(c, off, quote_spans) and c.trigger is not None and not witnessed(c.trigger)


def quoted_at(c: Candidate, off: int, quote_spans: Sequence[tuple[int, int]]) -> bool:
    """Is the candidate's trigger inside a quotation?"""
    return c.trigger is not None and any(s <= off + c.trigger.idx < e for s, e in quote_spans)


def witnessed(trigger: Token) -> bool:
    """Does a quoted trigger narrate an act: a verb in the simple past whose subject is a common
    noun, as a witness says it ("A fighter jet dropped four bombs", "soldiers shot my brother")? Not
    an opinion ("This was a cowardly attack"), a plea, the speaker's own side ("We lost three
    comrades"), or a party's statement of its own act under its name ("The Israel Defense Forces
    struck Hezbollah infrastructure," the army said), which the prose reports anyway."""
    if trigger.pos_ != "VERB" or trigger.tag_ != "VBD":
        return False
    verb = trigger
    while verb.dep_ == "conj" and verb.head.pos_ == "VERB" and verb.head.i != verb.i:
        verb = verb.head  # "dropped four bombs and then fired": the subject is the first verb's
    told_when = verb.dep_ == "advcl" and any(c.lower_ in ("when", "as", "after") for c in verb.children)
    if verb.dep_ not in ("ROOT", "ccomp") and not told_when and verb is trigger:
        return False  # "troops were operating … when “dozens of suspects hurled rocks”": a when-clause narrates
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    return (
        bool(subjects)
        and all(
            s.pos_ == "NOUN"  # not "we", "they", "this": a pronoun argues or pleads, a witness names
            and not any(c.dep_ == "poss" and c.lower_ in ("our", "my") for c in s.children)
            for s in subjects
        )
        and not any(c.dep_ in ("neg", "aux") for c in verb.children)
    )


def _revise_toll(candidates: list[Candidate], figure: str, sent: Span, s0: int, s1: int) -> bool:
    last = _latest_incident(candidates)
    n = parse_number(figure)
    if last is None or n is None:
        return False
    last.fatalities = n
    last.extra.append((sent.text, s0, s1))
    return True


def _raise_toll(candidates: list[Candidate], sent: Span, s0: int, s1: int) -> bool:
    """ "The death toll rose to 23": the latest violent incident's toll, updated (sources count upward)."""
    last = _latest_incident(candidates)
    n = fatalities(sent)
    if last is None or n is None:
        return False
    last.fatalities = max(last.fatalities or 0, n)
    last.extra.append((sent.text, s0, s1))
    return True


def _names_only_its_sources(sent: Span, off: int, actors: ActorSet, s0: int, s1: int) -> bool:
    """ "A man was shot dead during the attack, the health ministry said": no actor but who reports it."""
    named = actors.in_span(s0, s1)
    if not named:
        return True
    sources = _source_spans(sent[-1], sent, off)
    return all(any(s <= m.start < e for s, e in sources) for m in named)


_STRONG_INTERVENTION = re.compile(
    r"\b(?:tear ?gas|water cannons?|rubber bullets|disperse\w*|baton charge\w*|broke up|break up)\b"
)


def _absorb_intervention(protest: Candidate, sent: Span, actors: ActorSet, s0: int, s1: int) -> None:
    force = next((m for m in actors.in_span(s0, s1) if m.kind == "state_force"), None)
    if protest.sub_event_type == SUB.peaceful_protest:
        protest.sub_event_type = SUB.protest_with_intervention
    if protest.actor2 is None and force is not None:
        protest.actor2 = force
    protest.extra.append((sent.text, s0, s1))


_TOLL_UPDATE = re.compile(
    r"\b(?:death|casualty|the) toll\b[^.]{0,40}?\b(?:rose|risen|rises|climbed|increased|reached|jumped|"
    r"stands|stood|now stands)\b"
)


# "Two days before the Baidoa bombings, 14 people were killed …", "A week earlier …": another time
_ANOTHER_TIME = re.compile(
    r"\b(?:(?:a|one|two|three|four|five|six|seven|several|\d+)\s+(?:days?|nights?|weeks?|months?|years?)\s+"
    r"(?:before|earlier|prior|after|later|ago)|the (?:previous|day before|week before)|last (?:week|month|year))\b",
    re.IGNORECASE,
)


def tells_another_incident(incident: Candidate, here: SentenceContext, article: ArticleContext) -> bool:
    """Does a sentence with no actor of its own set itself at another time or in a town outside the
    incident's place ("Two days before the Baidoa bombings 14 people were killed … in Mogadishu")?"""
    if _ANOTHER_TIME.search(here.sent.text):
        return True
    trigger = next((t for t in here.sent if _trigger_class(t, here.low)), here.sent[0])
    place, _, own = _place_for(trigger, here, article)
    if not (own and place is not None and incident.place is not None and incident.place_own):
        return False
    a, b = incident.place.place, place.place
    if b.feature == "country" or a[:3] == b[:3]:
        return False
    return not (_contains(a, b) or _contains(b, a))


# who a partitive subject takes its part of: people the text has already counted
_COUNTED = frozenset({"them", "those", "these", "injured", "wounded", "victims", "dead", "casualties", "hostages"})


def partitive_toll(trigger: Token) -> bool:
    """ "While five of them died on the spot …", "One of the injured later died": a casualty verb
    whose subject is a part of people already counted tells more of the incident just told."""
    for subj in trigger.children:
        if subj.dep_ not in ("nsubj", "nsubjpass"):
            continue
        for prep in subj.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                return any(o.dep_ == "pobj" and o.lower_ in _COUNTED for o in prep.children)
    return False


def restates_toll(sent: Span, n: int, toll: int) -> bool:
    """Does a follow-up's count retell the incident's toll rather than add to it? The same number
    ("… killing 15 people. A statement by the governor said that 15 people were killed"), or a count
    a source states ("officials said 12 died"); "A passer-by was also killed" adds."""
    if n == toll:
        return True
    if any(t.lower_ in ("also", "too", "another", "further", "more") for t in sent):
        return False
    return any(
        t.lemma_.lower() in REPORT_LEMMAS and t.pos_ == "VERB" and any(c.dep_ in ("ccomp", "dobj") for c in t.children)
        for t in sent
    )


# "The attack took place in …", "This new chapter of bloodshed happened …": a definite subject that
# points back, and a verb that only says where or when
_SCENE_VERBS = frozenset({"take", "happen", "occur", "unfold"})
_POINTING = frozenset({"the", "this", "that", "these", "those"})


def sets_the_scene(sent: Span) -> bool:
    """Does the sentence only place an incident already told ("This new chapter of bloodshed took
    place in the southeastern city of Juliaca")?"""
    for verb in sent:
        lemma = verb.lemma_.lower()
        if lemma not in _SCENE_VERBS or verb.pos_ != "VERB":
            continue
        if lemma == "take" and not any(c.dep_ == "dobj" and c.lower_ == "place" for c in verb.children):
            continue
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if subjects and any(d.dep_ == "det" and d.lower_ in _POINTING for d in subjects[0].children):
            return True
    return False
