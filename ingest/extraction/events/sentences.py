"""The per-sentence loop: each sentence's triggers become event mentions (typed by the typology
table, with roles, place, day and toll), follow-up sentences extend the incident before them, and
the article's mentions are merged into incidents (``incidents.py``)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from ..actors import ActorSet, relocate_bare_force
from ..background import background_reason
from ..classifier import SentenceClassifier, reads_as_background
from ..datelines import dateline_end, dateline_spans
from ..dates import ResolvedDate, is_background, resolve_date
from ..nlp import Paragraph
from ..page_tail import body_end
from ..places import PlaceSet
from ..result import EventResult
from .affiliation import name_by_affiliation
from .candidate import _VIOLENT_CLASSES, Candidate, _same_family
from .classify import classify
from .clauses import _is_hypothetical, _target_text, in_reference_phrase, own_clause_text
from .context import ArticleContext, SentenceContext
from .control import name_by_control
from .country_names import name_by_country
from .dating import _comparison_baseline, _dates_in, _dates_the_report, _is_cumulative
from .default_roles import (
    _civilians_at,
    civilian_victims_of_incident,
    default_roles,
    two_sides_hurt,
    unidentified_attacker,
    unnamed_police,
)
from .fatalities import contests_toll, fatalities
from .followups import (
    _SAME_DAY,
    _STRONG_INTERVENTION,
    _TOLL_REVISED,
    _TOLL_UPDATE,
    _absorb_intervention,
    _adopt_setting,
    _names_only_its_sources,
    _raise_toll,
    _revise_toll,
    _tells_same_act,
    _trigger_quoted,
    partitive_toll,
    quoted_at,
    restates_toll,
    sets_the_scene,
    tells_another_incident,
    witnessed,
)
from .incidents import _SEVERAL_PLACES, _is_headline, _merge, _points_back, give_tolls, split_coordinated_towns
from .output import _to_result
from .roles import _self_reporter, assign_roles, names_the_parties, side_of
from .sentence_rules import one_act
from .setting import _place_for, _same_place
from .triggers import _trigger_class
from .typology_table import ROWS, SUB, TYPE, Doer
from .victim_places import split_by_victim_places

MAX_SENTENCE_CHARS = 3_000
# who names itself the doer of an attack told as unattributed ("Police said they were investigating
# the killing" after "Gunmen shot dead …" is no claim)
_CLAIMING = frozenset({"rebel_group", "militia"})
# words that tell a blast went off (not a weapon named: "recovered 14 IEDs")
_BLAST_WORDS = frozenset({"explode", "detonate", "blow", "explosion", "blast", "bombing"})
_CASUALTY = re.compile(r"\b(?:wound\w*|injur\w*|damag\w*|destroy\w*|kill\w*|dead|died|casualt\w*)\b")
_SEPARATE = re.compile(
    r"\W*(?:separately|elsewhere|meanwhile|in (?:a |an )?(?:separate|another|other|second|different)\b)", re.IGNORECASE
)
_CLAIM_OF = re.compile(
    r"\bclaim(?:ed|s|ing)?\s+(?:responsibility|credit)\b"
    r"|\bclaim(?:ed|s|ing)?\s+(?:the|an|this|that)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:attack|bombing|assault|raid|killing|strike|ambush|abduction|kidnapping|operation)s?\b"
    r"|\b(?:was|were|been)\s+claimed\s+by\b"
)


def detect_events(
    text: str,
    paragraphs: Sequence[Paragraph],
    actors: ActorSet,
    places: PlaceSet,
    published: dt.date | None,
    *,
    quote_spans: Sequence[tuple[int, int]] = (),
    classifier: SentenceClassifier | None = None,
) -> list[EventResult]:
    """Stage 5: return the article's events (``classifier``: a learned background reading that may
    veto the rules' proposals; off by default, see ingest/extraction/classifier.py)."""
    candidates: list[Candidate] = []
    focus = places.resolved.get(places.focus) if places.focus else None
    article = ArticleContext(actors, places, focus, published, quote_spans, classifier, dateline_spans(paragraphs))
    sent_index = 0
    prev: Candidate | None = None
    for para in paragraphs[: body_end(paragraphs)]:  # not the page's list of other stories
        history = False
        for whole in para.sents:
            sent_index += 1
            for rel, sent in para.parsed_sentences(whole):
                if sent.end_char - sent.start_char > MAX_SENTENCE_CHARS:
                    # A "sentence" this long is a table or a run-on dump; its parse walks are quadratic.
                    continue
                dates = _dates_in(sent, published)
                if published is not None and history and not dates:
                    continue  # "… seized four capitals in late 2023. In Geneina, RSF fighters killed …": still history
                history = any(is_background(d, published) for d in dates) if published is not None else False
                off = para.start + rel
                here = SentenceContext(
                    sent, para, off, off + sent.start_char, off + sent.end_char, sent.text.lower(), sent_index, history
                )
                prev = _sentence(here, article, prev, candidates)
    for c in candidates:
        unnamed_police(c, actors, places.focus_country)  # before merging: the police join their arrests
    incidents = _merge(candidates)
    give_tolls(article.tolls, incidents)
    for c in incidents:
        civilian_victims_of_incident(c, actors)
        two_sides_hurt(c, actors)
        unidentified_attacker(c, actors)
    name_by_affiliation(incidents, text, actors)
    name_by_control(incidents, text, actors)
    incidents = split_coordinated_towns(incidents, text, places)
    incidents = split_by_victim_places(incidents, text, paragraphs, places)
    for c in incidents:
        name_by_country(c, actors, places.focus_country)
    return [_to_result(c) for c in incidents]


def _sentence(
    here: SentenceContext, article: ArticleContext, prev: Candidate | None, candidates: list[Candidate]
) -> Candidate | None:
    """Add one sentence's events to ``candidates``; return the incident a follow-up sentence may extend."""
    sent, off, s0, s1, sent_index = here.sent, here.off, here.s0, here.s1, here.index
    actors, quote_spans = article.actors, article.quote_spans
    quoted = sum(min(e, s1) - max(s, s0) for s, e in quote_spans if s < s1 and s0 < e)
    if quoted > 0.5 * (s1 - s0) and not any(witnessed(t) for t in sent):
        return prev  # a speaker's words, unless they narrate what someone did (followups.witnessed)
    low = here.low
    if _is_cumulative(low):
        return prev
    found = _sentence_events(here, article, prev)
    if here.history and not found:
        # "… was in 2022, when at least 53 people were killed": an earlier incident's toll is not
        # this one's, and the sentence continues nothing
        return prev
    if not found and prev is not None and sent_index - prev.sent_index <= 2 and sets_the_scene(here.sent):
        # "At least 17 people died Monday in Peru … This new chapter of bloodshed took place in the
        # southeastern city of Juliaca": the town and day of the incident just told
        _adopt_setting(prev, here, article)
        prev.extra.append((sent.text, s0, s1))
        return prev
    found = [c for c in found if not _trigger_quoted(c, off, quote_spans)]
    if (
        found
        and prev is not None
        and sent_index - prev.sent_index <= 3
        and all(quoted_at(c, off, quote_spans) and not c.place_own for c in found)
    ):
        # 'A local resident said that "the terrorists burnt shops and motorcycles"': a witness
        # telling, with no place of their own, the incident just reported (followups.witnessed)
        prev.extra.append((sent.text, s0, s1))
        return prev
    if found and article.classifier is not None and reads_as_background(sent, article.classifier):
        return prev  # the rules proposed an incident; the learned reading says history or context
    if prev is not None and prev.date_explicit and _SAME_DAY.match(sent.text):
        for c in found:
            if not c.date_explicit:
                c.date, c.date_explicit = prev.date, True  # "Hours later, …": the day of the incident before
    if (
        found
        and prev is not None
        and sent_index - prev.sent_index <= 2
        and all(c.trigger is not None and partitive_toll(c.trigger) for c in found)
    ):
        # "While five of them died on the spot, the other two were taken to hospital as CRPF rushed
        # in": the dead of the incident just told, whoever else the sentence names
        prev.extra.append((sent.text, s0, s1))
        prev.sent_index = sent_index
        return prev
    actorless = all(c.actor1 is None and c.actor2 is None for c in found)
    # an actorless follow-up sentence ("…exploding, killing the driver") belongs to the incident
    if (
        actorless
        and prev is not None
        and not prev.headline  # the lead retells the headline's toll, it does not add to it
        # "Residents protested after the deadly police operation … a suspect was killed in the
        # bedroom": a killing is no part of a peaceful gathering just told
        and not (prev.event_type == TYPE.protests and any(_trigger_class(t, low) in _VIOLENT_CLASSES for t in sent))
        and sent_index - prev.sent_index == 1
        and any(_trigger_class(t, low) for t in sent)
        and _names_only_its_sources(sent, off, actors, s0, s1)
        and not tells_another_incident(prev, here, article)
    ):
        n = fatalities(sent)
        if n is not None:
            if prev.fatalities is not None and restates_toll(sent, n, prev.fatalities):
                if contests_toll(sent):
                    prev.fatalities = min(prev.fatalities, n)  # "The military, however, said eight …"
                else:
                    prev.fatalities = max(prev.fatalities, n)  # "… said that 15 people were killed": told again
            else:
                prev.fatalities = (prev.fatalities or 0) + n
            if prev.sub_event_type == SUB.looting_property_destruction:
                # "settlers torched homes … A man was shot dead during the attack": an attack, not arson alone
                prev.event_type, prev.sub_event_type = TYPE.violence_against_civilians, SUB.attack
                prev.actor2 = prev.actor2 or _civilians_at(sent[0], off, actors)
        prev.extra.append((sent.text, s0, s1))
        prev.sent_index = sent_index
        claimant = next((c.claimant for c in found if c.claimant is not None), None)
        if claimant is not None and (prev.actor1 is None or (prev.actor1.generic and claimant.kind in _CLAIMING)):
            prev.actor1 = claimant  # "IS said one of its members detonated …": who did it, in its own words
        if all(_same_family(c, prev) for c in found) and _tells_same_act(sent, low, prev):
            _adopt_setting(prev, here, article)
        return prev
    revised = _TOLL_REVISED.search(low)
    if revised and _revise_toll(candidates, revised.group("n"), sent, s0, s1):
        return prev
    if _TOLL_UPDATE.search(low) and all(c.actor1 is None for c in found) and _raise_toll(candidates, sent, s0, s1):
        return prev
    if _STRONG_INTERVENTION.search(low):
        for c in found:
            if c.sub_event_type == SUB.peaceful_protest:
                c.sub_event_type = SUB.protest_with_intervention  # "Police fired tear gas at protesters"
        protest = next(
            (c for c in reversed(candidates) if c.event_type == TYPE.protests and sent_index - c.sent_index <= 3),
            None,
        )
        if protest is not None and any(c.event_type == TYPE.protests and not _same_place(c, protest) for c in found):
            protest = None  # "Police in Nairobi fired tear gas" after a march in Mombasa: another gathering
        if protest is not None:
            # "Protesters gathered … Police later fired tear gas to disperse them": one event
            _absorb_intervention(protest, sent, actors, s0, s1)
            found = [c for c in found if c.event_type != TYPE.protests]
    if found:
        candidates.extend(found)
        return found[-1]
    return prev


def _sentence_events(here: SentenceContext, article: ArticleContext, prev: Candidate | None = None) -> list[Candidate]:
    sent, para, off, s0, s1, low, sent_index = here.sent, here.para, here.off, here.s0, here.s1, here.low, here.index
    actors, places, published = article.actors, article.places, article.published
    out: list[Candidate] = []
    date: ResolvedDate | None = None
    explicit = False
    if published is not None:
        dateline = dateline_end(sent.text)
        reported: ResolvedDate | None = None
        for ent in sent.ents:
            if dateline and ent.end_char - sent.start_char <= dateline:
                continue  # "KHARTOUM, June 2 (Reuters) -": the day of the report, not of the event
            if ent.label_ in ("DATE", "TIME") and not _comparison_baseline(ent, sent):
                r = resolve_date(ent.text, published)
                if r is not None:
                    if is_background(r, published):
                        return []
                    if _dates_the_report(ent):
                        reported = reported or r
                    else:
                        date = date or r
        date = date or reported
        # no date in the sentence: the publication date, at week precision (reports trail events)
        explicit = date is not None
        date = date or ResolvedDate(published, "week")
    seen_types: set[str] = set()
    for tok in sent:
        cls = _trigger_class(tok, low)
        if cls is None or _is_hypothetical(tok, sent) or background_reason(tok, sent) or in_reference_phrase(tok):
            continue
        actor1, actor2, assoc = assign_roles(tok, sent, off, actors)
        told_before = prev is not None and 0 < sent_index - prev.sent_index <= 2
        if actor1 is None and told_before and names_the_parties(tok):
            # "Hamza … was detained by the Special Deterrence Force. The incident resulted in armed
            # clashes between the parties": the two sides of the incident just told
            actor1, actor2 = (side_of(m, para.doc.text, para.start, actors) for m in (prev.actor1, prev.actor2))  # type: ignore[union-attr]
            parties_of = prev
        else:
            parties_of = None
        speaker = None if places.in_span(s0, s1) else _self_reporter(tok, sent, off, actors, actor1)
        typed = classify(cls, own_clause_text(tok, sent).lower(), actor1, actor2, target=_target_text(tok, sent))
        if typed is None:
            continue
        if typed[1] in seen_types:
            # two triggers for one incident ("the attack … an air strike killed"): keep the better-attributed
            same = next(c for c in out if c.sub_event_type == typed[1])
            if same.actor1 is not None or actor1 is None:
                continue
            out.remove(same)
            if actor2 is None and same.actor2 is not None and same.actor2.name != actor1.name:
                actor2 = same.actor2  # "Two soldiers were killed when … ambushed by X": keep the victims
        actor1, actor2, assoc = default_roles(ROWS[typed[1]], tok, sent, off, actors, (actor1, actor2, assoc))
        named = [m for m in (actor1, actor2, *assoc) if m is not None]
        n_dead = fatalities(sent) if cls in ("kill", "fight", "fire", "riot") else None
        # a lone "three people were killed" says nothing of who fought whom; a blast that wounded
        # five is still an explosion, whoever set it off
        blast = typed[0] == TYPE.explosions_remote_violence and _CASUALTY.search(low)
        place, precision, place_own = _place_for(tok, here, article)
        anaphoric = _points_back(tok, named, off)
        # "a car exploded outside a crowded restaurant in Baidoa": an explosion at a place the
        # sentence names is an event before anyone counts the dead or claims it
        blast = blast or (
            typed[0] == TYPE.explosions_remote_violence
            and tok.lemma_.lower() in _BLAST_WORDS
            and not anaphoric
            and place_own
            and place is not None
            and place.place.feature != "country"
        )
        # "Nine suspects were arrested in Peshawar on Saturday": an arrest at a place the sentence
        # names is an event though no one is named; the police are its doer (unnamed_police)
        held = ROWS[typed[1]].unnamed_doer is Doer.POLICE and place_own and place is not None
        if not named and (typed[0] == TYPE.battles or n_dead is None) and not blast and speaker is None and not held:
            if n_dead is not None and place_own and not anaphoric:
                article.tolls.append(
                    Candidate(*typed, None, None, [], place, precision, date, n_dead, sent, s0, s1, para.index,
                              sent_index, 0.0, date_explicit=explicit, place_own=place_own, trigger=tok)
                )  # fmt: skip
            continue
        if (
            named
            and all(m.kind in ("civilians", "protesters", "rioters") for m in named)
            and typed[0] in (TYPE.battles, TYPE.explosions_remote_violence)
            and n_dead is None
            and not blast
        ):
            continue
        seen_types.add(typed[1])
        if actor2 is not None and place is not None and place_own:
            actor2 = relocate_bare_force(actors, actor2, place.place.country_code)
        conf = 0.45 + (0.2 if actor1 else 0) + (0.1 if actor2 else 0) + (0.1 if precision == 1 else 0)
        conf += 0.05 if date else 0
        conf += 0.05 if n_dead is not None else 0
        out.append(
            Candidate(
                typed[0],
                typed[1],
                actor1,
                actor2,
                assoc,
                place,
                precision,
                date if explicit or parties_of is None else parties_of.date,
                n_dead,
                sent,
                s0,
                s1,
                para.index,
                sent_index,
                round(min(conf, 0.95), 2),
                from_kill=cls == "kill",
                date_explicit=explicit or (parties_of is not None and parties_of.date_explicit),
                place_own=place_own,
                trigger=tok,
                headline=_is_headline(para, sent_index) or bool(_SEVERAL_PLACES.search(low)),
                claim=speaker is not None,
                claimant=speaker,
                anaphoric=anaphoric,
            )
        )
    separate = bool(_SEPARATE.match(sent.text[dateline_end(sent.text) :]))
    claim = bool(_CLAIM_OF.search(low))
    for c in out:
        c.separate, c.claim = separate, c.claim or claim
    return one_act(out, sent)
