"""The word lists behind the dedup slots, read from versioned data files in the package.

Why data files: a vocabulary is data, not logic; each file states its version and where its
entries come from (WHO ATC/INN, MeSH, UCUM, general English usage), and none is derived
from the input documents, so the lists can be reviewed and extended without touching code.
Files live in ``pipeline/dedup/vocabularies/`` and are read with ``importlib.resources``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

_PACKAGE = "pipeline.dedup.vocabularies"
FILES = ("substances", "conditions", "populations", "units", "cues")


def _load(name: str) -> dict:
    return tomllib.loads(resources.files(_PACKAGE).joinpath(f"{name}.toml").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Phrases:
    """Single words and multi-word phrases (as word tuples) mapped to a canonical value."""

    words: dict[str, str]
    phrases: dict[str, tuple[tuple[tuple[str, ...], str], ...]]
    """First word -> (rest of the phrase, canonical value), longest first."""

    @staticmethod
    def build(entries: dict[str, str]) -> Phrases:
        single: dict[str, str] = {}
        longer: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for term, value in entries.items():
            parts = tuple(term.split())
            if len(parts) == 1:
                single[term] = value
            else:
                longer.setdefault(parts[0], []).append((parts[1:], value))
        return Phrases(single, {k: tuple(sorted(v, key=lambda item: -len(item[0]))) for k, v in longer.items()})

    def match(self, tokens: list[str], index: int) -> tuple[int, str] | None:
        """(number of tokens, canonical value) of the longest entry starting at ``tokens[index]``."""
        token = tokens[index]
        for rest, value in self.phrases.get(token, ()):
            if tuple(tokens[index + 1 : index + 1 + len(rest)]) == rest:
                return 1 + len(rest), value
        value = self.words.get(token)
        return (1, value) if value is not None else None


@dataclass(frozen=True)
class Vocabulary:
    """Everything the slot reader looks up, built once per process."""

    versions: dict[str, str]
    substances: Phrases
    substance_stems: tuple[str, ...]
    substance_min_stem: int
    not_substances: frozenset[str]
    condition_heads: frozenset[str]
    conditions: Phrases
    condition_acronyms: frozenset[str]
    qualifier_breaks: frozenset[str]
    species: Phrases
    age: Phrases
    sex: Phrases
    dose_units: frozenset[str]
    measure_units: frozenset[str]
    percent_units: frozenset[str]
    time_units: dict[str, float]
    frequency: dict[str, str]
    negations: frozenset[str]
    contracted: frozenset[str]
    up_stems: tuple[str, ...]
    down_stems: tuple[str, ...]
    up_words: frozenset[str]
    down_words: frozenset[str]
    not_direction: frozenset[str]
    comparison: Phrases
    terms: dict[str, tuple[tuple[tuple[str, ...], str, str], ...]]
    """First word -> (rest of the phrase, slot, canonical value) over the substance, species,
    age and sex vocabularies, longest first: one look-up per token instead of four."""


def _term_index(slots: dict[str, Phrases]) -> dict[str, tuple[tuple[tuple[str, ...], str, str], ...]]:
    index: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
    for slot, phrases in slots.items():
        for word, value in phrases.words.items():
            index.setdefault(word, []).append(((), slot, value))
        for first, entries in phrases.phrases.items():
            index.setdefault(first, []).extend((rest, slot, value) for rest, value in entries)
    return {word: tuple(sorted(entries, key=lambda e: -len(e[0]))) for word, entries in index.items()}


def _canonical_map(groups: dict[str, list[str]]) -> dict[str, str]:
    return {term: canonical for canonical, terms in groups.items() if isinstance(terms, list) for term in terms}


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    data = {name: _load(name) for name in FILES}
    substances, conditions, populations, units, cues = (data[n] for n in FILES)
    synonym_of = {
        alias: name for name, aliases in substances.get("synonyms", {}).items() if name != "source" for alias in aliases
    }
    substance_terms = {t: synonym_of.get(t, t) for group in substances["set"] for t in group["terms"]}
    condition_terms = {t: t for group in conditions["set"] for t in group["terms"]}
    ambiguous = set(conditions["acronyms"].get("ambiguous", ()))
    condition_terms |= {a: a for a in conditions["acronyms"]["terms"] if a not in ambiguous}
    comparison = {phrase: relation for relation, phrases in cues["comparison"].items() for phrase in phrases}
    term_slots = {
        "substance": Phrases.build(substance_terms),
        "species": Phrases.build(_canonical_map({k: v for k, v in populations["species"].items() if k != "source"})),
        "age": Phrases.build(_canonical_map({k: v for k, v in populations["age"].items() if k != "source"})),
        "sex": Phrases.build(_canonical_map({k: v for k, v in populations["sex"].items() if k != "source"})),
    }
    return Vocabulary(
        terms=_term_index(term_slots),
        versions={name: str(data[name]["version"]) for name in FILES},
        substances=term_slots["substance"],
        substance_stems=tuple(sorted(substances["suffixes"]["stems"], key=len, reverse=True)),
        substance_min_stem=int(substances["suffixes"]["min_stem"]),
        not_substances=frozenset(substances["suffixes"]["not_substances"]),
        condition_heads=frozenset(conditions["heads"]["terms"]),
        conditions=Phrases.build(condition_terms),
        condition_acronyms=frozenset(conditions["acronyms"]["terms"]),
        qualifier_breaks=frozenset(conditions["qualifier_breaks"]["terms"]),
        species=term_slots["species"],
        age=term_slots["age"],
        sex=term_slots["sex"],
        dose_units=frozenset(units["dose"]["terms"]),
        measure_units=frozenset(units["measure"]["terms"]),
        percent_units=frozenset(units["percent"]["terms"]),
        time_units={k: float(v) for k, v in units["time"].items()},
        frequency=dict(units["frequency"]),
        negations=frozenset(cues["negation"]["words"]),
        contracted=frozenset(cues["negation"]["contracted"]),
        up_stems=tuple(cues["direction"]["up_stems"]),
        down_stems=tuple(cues["direction"]["down_stems"]),
        up_words=frozenset(cues["direction"]["up_words"]),
        down_words=frozenset(cues["direction"]["down_words"]),
        not_direction=frozenset(cues["direction"]["not_direction"]),
        comparison=Phrases.build(comparison),
    )
