"""Details that make two look-alike statements different claims ("must never merge").

Why lexicons and not the embedding: sentence embeddings score "increases" vs "decreases" at
0.97, so a similarity threshold alone cannot see negation, direction, numbers or subjects.
Each guard compares a small, explicit feature of both texts; the first that differs names
the conflict, and the pair is reported in ``fact_conflicts`` instead of being merged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from pipeline.dedup.normalize import STOPWORDS, normalize, unified, words

_NUMBER_WORDS = {
    word: str(value)
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
} | {"once": "1", "twice": "2", "thrice": "3", "single": "1", "double": "2", "dozen": "12", "half": "0.5"}
_NUMERIC = re.compile(r"^\d+(?:[.,:/\-]\d+)*$")
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
_DOSE_UNITS = frozenset("mg g kg µg μg mcg ng ml l mmol mol iu mg/kg".split())
_UNITS = _DOSE_UNITS | frozenset(
    "% ‰ ° h hr hrs hour hours min mins minute minutes s sec seconds day days week weeks month months "
    "year years mm cm m km hz mhz ghz kcal cal".split()
)
_NEGATIONS = frozenset("not no never without none nor neither cannot nothing nobody".split())
_CONTRACTED = frozenset("don doesn didn isn aren wasn weren can couldn won wouldn shouldn hasn haven hadn mustn".split())
_UP_STEMS = tuple(
    "increas rais enhanc boost elevat improv promot upregulat stimulat augment potentiat accelerat strengthen "
    "amplif exceed activat higher greater faster longer".split()
)
_DOWN_STEMS = tuple(
    "decreas reduc diminish declin impair inhibit suppress downregulat attenuat worsen weaken deplet lessen "
    "lower slow shorter fewer".split()
)
_UP_WORDS = frozenset("rise rises rising rose risen high more gain gains gained above".split())
_DOWN_WORDS = frozenset("low less drop drops dropped fall falls fell fallen below".split())
_SUBSTANCES = frozenset(
    "ketamine esketamine arketamine psilocybin psilocin lsd mdma dmt ayahuasca ibogaine mescaline cannabis thc cbd "
    "alcohol ethanol nicotine caffeine cocaine heroin morphine fentanyl methadone buprenorphine naloxone opioids "
    "midazolam placebo saline lithium memantine riluzole lamotrigine rapamycin clonidine propofol xenon "
    "sertraline fluoxetine escitalopram citalopram paroxetine venlafaxine bupropion aspirin ibuprofen paracetamol "
    "acetaminophen metformin insulin statins atorvastatin warfarin heparin penicillin amoxicillin dexmedetomidine "
    "phencyclidine pcp zolpidem triazolam dextromethorphan dextroamphetamine amphetamine methamphetamine".split()
)
_SUBSTANCE_SUFFIXES = ("amine", "azepam", "azolam", "oxetine", "afil", "mab", "pril", "statin", "cillin", "mycin", "prazole", "sartan", "olol", "dipine", "tidine", "triptan", "barbital", "cycline", "floxacin", "vir")
_POPULATIONS = {
    "human": "humans", "humans": "humans", "people": "humans", "patient": "patients", "patients": "patients",
    "adult": "adults", "adults": "adults", "adolescent": "adolescents", "adolescents": "adolescents",
    "teenagers": "adolescents", "child": "children", "children": "children", "pediatric": "children",
    "paediatric": "children", "infant": "infants", "infants": "infants", "neonatal": "neonates",
    "neonates": "neonates", "newborn": "neonates", "elderly": "older adults", "older": "older adults",
    "women": "women", "woman": "women", "female": "females", "females": "females", "men": "men",
    "man": "men", "male": "males", "males": "males", "pregnant": "pregnant", "mice": "mice", "mouse": "mice",
    "rats": "rats", "rat": "rats", "rodents": "rodents", "rodent": "rodents", "primates": "primates",
    "monkeys": "monkeys", "dogs": "dogs", "pigs": "pigs", "zebrafish": "zebrafish", "veterans": "veterans",
    "inpatients": "inpatients", "outpatients": "outpatients", "volunteers": "volunteers",
    "students": "students", "student": "students", "smokers": "smokers", "athletes": "athletes",
}
_CONDITION_HEADS = {
    "disorder": "disorder", "disorders": "disorder", "disease": "disease", "diseases": "disease",
    "syndrome": "syndrome", "syndromes": "syndrome", "cancer": "cancer", "cancers": "cancer", "diabetes": "diabetes",
}
_CONDITIONS = frozenset(
    "depression insomnia ptsd schizophrenia psychosis autism adhd ocd dementia alzheimer alzheimers parkinson "
    "parkinsons epilepsy migraine asthma obesity hypertension anorexia bulimia".split()
)
_CONDITION_ACRONYMS = frozenset("ptsd adhd ocd".split())
_CONDITION_WORDS = frozenset(_CONDITION_HEADS) | _CONDITIONS
_CONDITION_QUALIFIERS = 3
"""Most words just before a condition that name which one: major depressive disorder,
treatment-resistant depression, post-traumatic stress disorder."""
_POSSESSIVE = re.compile(r"'s\b")
_VERBS_BEFORE_CONDITIONS = frozenset(
    "develop treat prevent cause trigger induce relieve alleviate ease manage diagnose predict experience have "
    "get combat fight like".split()
)
"""Base-form verbs (and "like") that often precede a condition without naming which one."""
_ALIAS = re.compile(r"([\w-]+)\s*\(\s*([\w-]+)\s*\)")
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]*[A-Z][A-Z0-9]*s?\b")


_NOTHING: frozenset = frozenset()


def _frozen(items) -> frozenset:
    """A frozenset, sharing one empty instance: an empty one costs 216 bytes, and features of
    a million texts hold several each."""
    return frozenset(items) or _NOTHING


@dataclass(frozen=True, slots=True)
class Conflict:
    """Why two similar statements must stay apart."""

    reason: str
    detail: str


@dataclass(frozen=True, slots=True)
class ClaimFeatures:
    """The details of one statement that guards compare."""

    numbers: tuple[str, ...]
    """Distinct values, sorted (as are years and units): a number repeated in an alias
    ("2R,6R-hydroxynorketamine (2R,6R-HNK)") states nothing new."""
    years: tuple[str, ...]
    units: tuple[str, ...]
    dose_numbers: frozenset
    negations: int
    polarity: tuple[str, ...]
    substances: frozenset
    populations: frozenset
    conditions: frozenset
    acronyms: frozenset
    initials: str


@lru_cache(maxsize=1 << 16)
def _polarity(token: str) -> str | None:
    if token in _UP_WORDS or token.startswith(_UP_STEMS):
        return "up"
    if token in _DOWN_WORDS or token.startswith(_DOWN_STEMS):
        return "down"
    return None


@lru_cache(maxsize=1 << 16)
def _number_value(token: str) -> str | None:
    return _NUMBER_WORDS.get(token, token if _NUMERIC.match(token) else None)


@lru_cache(maxsize=1 << 16)
def _is_substance(token: str) -> bool:
    return token in _SUBSTANCES or token.endswith(_SUBSTANCE_SUFFIXES)


def _units_after_numbers(tokens: list[str]) -> set[str]:
    """Unit words that follow a number, including chains such as "10 mg kg day"."""
    units: set[str] = set()
    in_quantity = False
    for token in tokens:
        if token in _UNITS and in_quantity:
            units.add(token)
            continue
        in_quantity = _number_value(token) is not None
    return units


def _substances(text: str, tokens: list[str]) -> frozenset:
    """Substance names, with "phencyclidine (PCP)" counted once, under its short form."""
    aliases = {long.lower(): short.lower() for long, short in _ALIAS.findall(text)}
    found = {t for t in tokens if _is_substance(t)}
    return _frozen(aliases.get(t, t) for t in found)


def _likely_verb(word: str) -> bool:
    return word in _VERBS_BEFORE_CONDITIONS or word.endswith(("ed", "ing")) or (word.endswith("s") and not word.endswith("ss"))


def _qualifiers(tokens: list[str], index: int) -> list[str]:
    """The modifiers right before tokens[index], up to a function word, punctuation, a
    direction word or a likely verb: "for insomnia" and "treats depression" have none."""
    found: list[str] = []
    for word in reversed(tokens[max(0, index - _CONDITION_QUALIFIERS) : index]):
        if word in STOPWORDS or not word.isalnum() or _likely_verb(word) or _polarity(word):
            break
        found.insert(0, word)
    return found


def _conditions(text: str) -> frozenset:
    """The conditions a claim is about, as (qualifiers, condition): named ones (depression,
    insomnia) and "<qualifiers> disorder/disease/...", a spelled-out acronym under its
    acronym (post-traumatic stress disorder = ptsd).

    Why qualifiers: "bipolar disorder" and "major depressive disorder" share only the head
    word, "treatment-resistant depression" and "bipolar depression" only the condition. Why
    punctuation is kept: in "anxiety, depression" the first word is no qualifier.
    """
    tokens = words(_POSSESSIVE.sub("", unified(text)).replace("-", " "))
    found = set()
    for index, token in enumerate(tokens):
        if token in _CONDITION_HEADS or token in _CONDITIONS:
            qualifiers = tuple(_qualifiers(tokens, index))
            head = _CONDITION_HEADS.get(token, token)
            initials = "".join(w[0] for w in (*qualifiers, head))
            found.add(((), initials) if initials in _CONDITION_ACRONYMS else (qualifiers, head))
    return _frozen(found)


def _condition_conflict(a: frozenset, b: frozenset) -> Conflict | None:
    """Different conditions, or one condition qualified differently on both sides; a qualifier
    stated on one side only (severe depression vs depression) is a detail, not a contradiction."""
    if not a or not b:
        return None
    heads = {head for _, head in a}
    if heads == {head for _, head in b}:
        qualified = [(_qualifications(a, head), _qualifications(b, head)) for head in heads]
        if not any(qa and qb and qa != qb for qa, qb in qualified):
            return None
    return Conflict("condition", f"{_show_conditions(a)} vs {_show_conditions(b)}")


def _qualifications(conditions: frozenset, head: str) -> set[tuple[str, ...]]:
    return {qualifiers for qualifiers, h in conditions if h == head and qualifiers}


def _show_conditions(conditions: frozenset) -> str:
    return ", ".join(sorted(" ".join((*qualifiers, head)) for qualifiers, head in conditions))


def features(text: str, normalized: str | None = None) -> ClaimFeatures:
    """Extract numbers, units, negations, direction words, substances, populations and conditions.

    ``normalized`` is ``normalize(text)`` when the caller already has it (saves a third of the work).
    """
    tokens = words(normalize(text) if normalized is None else normalized)
    numbers: set[str] = set()
    years: set[str] = set()
    dose_numbers = set()
    negations = 0
    polarity = []
    for index, token in enumerate(tokens):
        value = _number_value(token)
        if value is not None:
            following = tokens[index + 1] if index + 1 < len(tokens) else ""
            (years if _YEAR.match(value) and following not in _UNITS else numbers).add(value)
            if following in _DOSE_UNITS:
                dose_numbers.add(value)
        if token in _NEGATIONS or (token == "t" and index > 0 and tokens[index - 1] in _CONTRACTED):
            negations += 1
        direction = _polarity(token)
        if direction:
            polarity.append(direction)
    acronyms = frozenset(a.rstrip("s").lower() for a in _ACRONYM.findall(text))
    return ClaimFeatures(
        numbers=tuple(sorted(numbers)),
        years=tuple(sorted(years)),
        units=tuple(sorted(_units_after_numbers(tokens))),
        dose_numbers=_frozen(dose_numbers),
        negations=negations,
        polarity=tuple(polarity),
        substances=_substances(text, tokens),
        populations=_frozen(_POPULATIONS[t] for t in tokens if t in _POPULATIONS),
        conditions=_NOTHING if _CONDITION_WORDS.isdisjoint(tokens) else _conditions(text),
        acronyms=_frozen(acronyms - _SUBSTANCES),
        initials="".join(t[0] for t in tokens if t.isalpha()),
    )


def _show(values: tuple[str, ...]) -> str:
    return ", ".join(values) or "none"


def _number_conflict(a: ClaimFeatures, b: ClaimFeatures) -> Conflict | None:
    """Only when both state numbers (of that kind): a detail present on one side only is not a contradiction."""
    if a.years and b.years and a.years != b.years:
        return Conflict("year", f"{_show(a.years)} vs {_show(b.years)}")
    if a.numbers and b.numbers and a.numbers != b.numbers:
        differing = set(a.numbers) ^ set(b.numbers) or set(a.numbers)
        reason = "dose" if differing & (a.dose_numbers | b.dose_numbers) else "number"
        return Conflict(reason, f"{_show(a.numbers)} vs {_show(b.numbers)}")
    if a.units and b.units and a.units != b.units:
        return Conflict("unit", f"{_show(a.units)} vs {_show(b.units)}")
    return None


def _direction_conflict(a: ClaimFeatures, b: ClaimFeatures) -> Conflict | None:
    if not a.polarity or not b.polarity:
        return None
    differs = set(a.polarity) != set(b.polarity) or (len(a.polarity) == len(b.polarity) and a.polarity != b.polarity)
    return Conflict("direction", f"{' '.join(a.polarity)} vs {' '.join(b.polarity)}") if differs else None


def _unexplained_acronyms(own: frozenset, other: ClaimFeatures) -> set[str]:
    """Acronyms of one text that the other neither uses nor spells out (TRD = treatment-resistant depression)."""
    return {a for a in own - other.acronyms if not (a.isalpha() and a in other.initials)}


def _set_conflict(reason: str, a: frozenset, b: frozenset) -> Conflict | None:
    if a and b and a != b:
        return Conflict(reason, f"{', '.join(sorted(a))} vs {', '.join(sorted(b))}")
    return None


def conflict_between(a: ClaimFeatures, b: ClaimFeatures) -> Conflict | None:
    """The first guard that tells the two statements apart, or None if none does."""
    if a.negations != b.negations:
        return Conflict("negation", f"{a.negations} vs {b.negations} negations")
    found = (
        _number_conflict(a, b)
        or _direction_conflict(a, b)
        or _set_conflict("substance", a.substances, b.substances)
        or _set_conflict("population", a.populations, b.populations)
        or _condition_conflict(a.conditions, b.conditions)
    )
    if found:
        return found
    only_a, only_b = _unexplained_acronyms(a.acronyms, b), _unexplained_acronyms(b.acronyms, a)
    if only_a and only_b:
        return Conflict("subject", f"{', '.join(sorted(only_a))} vs {', '.join(sorted(only_b))}")
    return None


_SUFFIXES = ("ations", "ation", "ings", "ing", "ied", "ies", "ed", "es", "ly", "er", "s", "e", "y")


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            return word[: -len(suffix)]
    return word


def _same_word(x: str, y: str) -> bool:
    """Spelling variant, typo or inflection of one word (recognised/recognized, limit/limiting, use/using)."""
    if _stem(x) == _stem(y):
        return True
    return min(len(x), len(y)) >= 5 and (OSA.distance(x, y) <= 1 or fuzz.ratio(x, y) >= 85)


_LONGEST_DETAIL = 3
"""A replaced span longer than this (in content words) is rewording, not a swapped detail."""


def _content(span: list[str]) -> list[str]:
    return [w for w in span if w not in STOPWORDS and len(w) > 1]


def _harmless_replacement(old: list[str], new: list[str], words_a: list[str], words_b: list[str]) -> bool:
    """Re-spacing, spelling variants, words moved from elsewhere, or a rewording too long to be one detail."""
    if "".join(old) == "".join(new):
        return True
    old_content, new_content = _content(old), _content(new)
    if len(old_content) == len(new_content) and all(map(_same_word, old_content, new_content)):
        return True
    if set(old_content) <= set(words_b) and set(new_content) <= set(words_a):
        return True
    return len(old_content) > _LONGEST_DETAIL or len(new_content) > _LONGEST_DETAIL


def substitution_between(words_a: list[str], words_b: list[str]) -> Conflict | None:
    """A look-alike pair where a content word was swapped for another (memory -> regulation).

    Insertions and deletions (an added clause, a spelled-out abbreviation) are allowed; a
    short replacement must be a spelling variant, typo, inflection, re-spacing or reordering.
    """
    matcher = SequenceMatcher(None, words_a, words_b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        old, new = words_a[i1:i2], words_b[j1:j2]
        if tag == "replace" and not _harmless_replacement(old, new, words_a, words_b):
            return Conflict("substitution", f"{' '.join(old)} -> {' '.join(new)}")
    return None
