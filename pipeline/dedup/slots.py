"""The comparable details of a claim, read once per text as typed slots, and a pair judged slot by slot.

Why slots: two texts that say the same thing often differ in what they *mention*: one names
the trial phase, the year or the scale, the other leaves it out. A detail stated on one side
only is an **omission** and never blocks a merge. A detail stated on both sides with
different values (25 mg vs 10 mg, raises vs lowers, mice vs rats) blocks the merge; the pair
is a contradiction when the rest of the claim matches, otherwise two different claims.

Slots: negation, direction, comparison; numbers by kind (dose, frequency, percentage,
duration, timepoint, measure, count, number, year, phase, p value); substance, condition,
species, age group, sex; subject (an acronym the other text neither uses nor spells out); and
name (a proper name no vocabulary knows: an author, a place, a product).
Word lists come from ``pipeline/dedup/vocabularies/`` (see ``vocabulary``).

Why it is linear in the text length: one pass of a tokenizing expression whose repetitions
cannot overlap (a separator is never a word character), then dictionary and suffix look-ups
per token; nothing backtracks over a run of word characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from pipeline.dedup.guards import same_word
from pipeline.dedup.vocabulary import Vocabulary, vocabulary
from pipeline.text.normalize import unified
from pipeline.text.stopwords import STOPWORDS

SLOTS = (
    "negation", "direction", "comparison", "dose", "frequency", "percentage", "duration", "timepoint", "measure",
    "count", "number", "year", "phase", "p_value", "substance", "condition", "species", "age", "sex", "subject",
    "name",
)
OMITTABLE_DETAILS = frozenset(
    ["dose", "frequency", "percentage", "duration", "timepoint", "measure", "count", "number", "year", "phase",
     "p_value", "name"]
)
"""Slots whose value qualifies a claim without being what it claims (a dose, a year, a trial's
name): a restatement may leave them out, so their words need not be said by the other side
(``alignment``). Not negation, direction or the substances and conditions a claim is about."""
_TOKEN = re.compile(r"[^\W_]+(?:['\-.,/:][^\W_]+)*|[^\w\s]")
"""A word or number with inner separators (5-HT2A, 2.5, mg/kg, don't), or one symbol. Linear:
the separators are never word characters, so the repetition has one way to match."""
_NUMBER_WORDS = {
    word: str(value)
    for value, word in enumerate(
        [
            "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
            "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
        ]
    )
} | {"thirty": "30", "forty": "40", "fifty": "50", "hundred": "100", "thousand": "1000", "once": "1",
     "twice": "2", "thrice": "3", "single": "1", "dozen": "12", "half": "0.5"}
_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4"}
_YEAR_BEFORE = frozenset(
    [
        "in", "since", "by", "from", "until", "till", "through", "during", "of", "year", "circa", "early", "late",
        "mid", "(", ",", "and", "to", "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december",
    ]
)
_QUALIFIERS = 3
"""Most words just before a condition that say which one (major depressive disorder)."""
_NUMERIC_CHARS = frozenset("0123456789.,:/-")
_AUXILIARIES = frozenset(["do", "does", "did", "has", "have", "had", "being"])
"""Carry no claim of their own once negation is a slot ("does not prevent" vs "prevents")."""
_ROMAN_NUMERALS = frozenset(["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"])


@dataclass(frozen=True, slots=True)
class TextSlots:
    """The slots one text states, and what is left of it once they are taken out."""

    slots: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]
    """(slot, ((canonical value, value as written), ...)) for each slot the text states, in ``SLOTS`` order."""
    residual: str
    """Content words that no slot took, in order: what must match for two texts to be one claim."""
    initials: str
    """First letters of every word (hyphen parts included): explains an acronym the other text uses."""

    def get(self, slot: str) -> tuple[tuple[str, str], ...]:
        """The values stated for ``slot`` (empty when the text states none)."""
        for name, values in self.slots:
            if name == slot:
                return values
        return ()


@dataclass(frozen=True, slots=True)
class SlotConflict:
    """One slot stated on both sides with different values."""

    slot: str
    value_a: str
    value_b: str

    @property
    def explanation(self) -> str:
        """The conflict as one line: slot, then both values."""
        return f"{self.slot}: {self.value_a} vs {self.value_b}"


@dataclass(frozen=True, slots=True)
class SlotComparison:
    """How two texts' slots relate: the same, stated by one side only, or contradicting."""

    matched: tuple[str, ...]
    only_a: tuple[tuple[str, str], ...]
    """(slot, values) that only the first text states."""
    only_b: tuple[tuple[str, str], ...]
    conflicts: tuple[SlotConflict, ...]
    differences: int = 0
    """How many details differ: one per conflicting slot, two for a slot whose values are
    separate things (authors, drugs) when two or more are swapped on each side."""

    def omitted_details(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The values (as written) of ``OMITTABLE_DETAILS`` that only a, or only b, states.

        Only when one side alone adds details: when each adds its own ("first synthesized in
        1962" vs "first used in the Vietnam War"), they tell two stories, not one with less said.
        """
        in_a = tuple(shown for slot, shown in self.only_a if slot in OMITTABLE_DETAILS)
        in_b = tuple(shown for slot, shown in self.only_b if slot in OMITTABLE_DETAILS)
        return ((), ()) if in_a and in_b else (in_a, in_b)


def _is_number(token: str) -> bool:
    return token[0].isdigit() and token[-1].isdigit() and all(c in _NUMERIC_CHARS for c in token)


def _canonical_number(token: str) -> str:
    """1,000 -> 1000 (thousands separators), everything else as written."""
    if "," in token:
        head, *groups = token.split(",")
        if head.isdigit() and groups and all(len(g) == 3 and g.isdigit() for g in groups):
            return head + "".join(groups)
    return token


def _phase(token: str) -> str | None:
    """Trial phase written as 2, II, 2a, 1/2, II/III; None for anything else."""
    parts = []
    for part in token.split("/"):
        letter = part[-1] if len(part) > 1 and part[-1] in "ab" else ""
        core = part[: len(part) - len(letter)]
        value = core if core in ("0", "1", "2", "3", "4") else _ROMAN.get(core)
        if value is None:
            return None
        parts.append(value + letter)
    return "/".join(parts)


def _split_glued(token: str, v: Vocabulary) -> tuple[str, str] | None:
    """(number, unit) of a number written with its unit: 25mg, 6-week, 24-hour, 5-fold."""
    if "-" in token:
        number, _, unit = token.partition("-")
        if number and _is_number(number) and _unit_kind(unit, v) not in (None, "percentage"):
            return number, unit
    cut = 0
    while cut < len(token) and (token[cut].isdigit() or token[cut] == "."):
        cut += 1
    if 0 < cut < len(token) and token[cut - 1].isdigit():
        unit = token[cut:]
        if _unit_kind(unit, v):
            return token[:cut], unit
    return None


def _seconds(number: str, factor: float) -> str | None:
    """A duration in seconds (ranges end by end), so 24 hours and 1 day are the same value."""
    ends = number.split("-")
    try:
        return "-".join(f"{float(end) * factor:.12g}" for end in ends)
    except ValueError:
        return None


class _Reader:
    """One pass over one text's tokens, filling slots and marking the tokens they took."""

    def __init__(self, text: str, v: Vocabulary) -> None:
        self.v = v
        cased = _TOKEN.findall(unified(text, casefold=False))
        self.cased = [t[:-2] if t.endswith(("'s", "'S")) else t for t in cased]
        self.tokens = [t.lower() for t in self.cased]
        self.taken: list[str] = [""] * len(self.tokens)
        """Per token, "§<slot>" of the slot that took it, or ""."""
        self.found: dict[str, dict[str, str]] = {}

    def add(self, slot: str, canonical: str, shown: str, *indices: int) -> None:
        self.found.setdefault(slot, {}).setdefault(canonical, shown)
        for i in indices:
            self.taken[i] = f"§{slot}"

    def _residual(self) -> list[str]:
        """Content words no slot took, with "§<slot>" where a slot took a run of words: so a
        word in place of a slot value ("lactate" vs "GABA") reads as a swap, not an addition."""
        out: list[str] = []
        for i, t in enumerate(self.tokens):
            slot = self.taken[i]
            if slot:
                if not out or out[-1] != slot:
                    out.append(slot)
            elif t[0].isalnum() and t not in STOPWORDS and t not in _AUXILIARIES:
                out.append(t)
        return out

    def token(self, i: int) -> str:
        return self.tokens[i] if 0 <= i < len(self.tokens) else ""

    def read(self) -> TextSlots:
        self._comparisons()
        self._numbers()
        self._terms()
        self._conditions()
        self._negations_and_directions()
        self._acronyms_and_names()
        if "species" not in self.found and ("age" in self.found or "sex" in self.found):
            self.found["species"] = {"humans": "humans (implied)"}
        slots = tuple(
            (slot, tuple(sorted(self.found[slot].items()))) for slot in SLOTS if slot in self.found
        )
        residual = " ".join(self._residual())
        initials = "".join(part[0] for t in self.tokens if t[0].isalpha() for part in t.split("-") if part)
        return TextSlots(slots, residual, initials)

    def _comparisons(self) -> None:
        for i in range(len(self.tokens)):
            if self.taken[i]:
                continue
            hit = self.v.comparison.match(self.tokens, i)
            if hit:
                length, relation = hit
                self.add("comparison", relation, " ".join(self.tokens[i : i + length]), *range(i, i + length))

    def _numbers(self) -> None:
        v, tokens = self.v, self.tokens
        for i, t in enumerate(tokens):
            if self.taken[i]:
                continue
            if t == "phase" or t.startswith("phase-"):
                written = t[6:] if t != "phase" else self.token(i + 1)
                phase = _phase(written) if written else None
                if phase:
                    self.add("phase", phase, f"phase {written}", i, *([i + 1] if t == "phase" else []))
                continue
            if t in v.time_units and len(t) > 2 and not t.endswith("s") and _is_number(self.token(i + 1) or "x"):
                self.add("timepoint", f"{t} {self.token(i + 1)}", f"{t} {self.token(i + 1)}", i, i + 1)
                continue
            glued = _split_glued(t, v) if t[0].isdigit() else None
            if glued:
                self._quantity(i, _canonical_number(glued[0]), glued[1], [i], t)
            elif _is_number(t):
                self._number(i, _canonical_number(t))
            elif t in _NUMBER_WORDS:
                self._number_word(i, _NUMBER_WORDS[t])

    def _number(self, i: int, value: str) -> None:
        v, nxt, prev = self.v, self.token(i + 1), self.token(i - 1)
        if prev in ("<", ">", "=", "≤", "≥") and self.token(i - 2) == "p":
            self.add("p_value", f"{prev}{value}", f"p {prev} {value}", i - 2, i - 1, i)
            return
        if nxt == "per" and self.token(i + 2) == "cent":
            self.add("percentage", value, f"{value}%", i, i + 1, i + 2)
            return
        if _unit_kind(nxt, v) or nxt == "°":
            self._quantity(i, value, nxt, [i, i + 1], f"{self.tokens[i]} {nxt}")
            return
        if nxt in v.frequency:
            self.add("frequency", f"{value}/{v.frequency[nxt]}", f"{self.tokens[i]} {nxt}", i, i + 1)
            return
        if value.isdigit() and len(value) == 4 and 1800 <= int(value) <= 2099:
            plural_noun = nxt.isalpha() and nxt.endswith("s") and nxt not in STOPWORDS and not nxt.endswith("ss")
            if prev in _YEAR_BEFORE or not plural_noun:
                self.add("year", value, value, i)
                return
        if nxt.isalpha() and nxt not in STOPWORDS:
            self.add("count", value, f"{self.tokens[i]} {nxt}", i)
            return
        self.add("number", value, self.tokens[i], i)

    def _number_word(self, i: int, value: str) -> None:
        """A number written as a word counts only with a unit or a noun after it ("one of" is no number)."""
        nxt = self.token(i + 1)
        if nxt and nxt[0].isalpha() and nxt not in STOPWORDS:
            self._number(i, value)

    def _quantity(self, i: int, value: str, unit: str, indices: list[int], shown: str) -> None:
        v = self.v
        end = indices[-1] + 1
        if unit == "°" and self.token(end) in ("c", "f"):
            unit, shown, indices = f"°{self.token(end)}", f"{shown}{self.token(end)}", indices + [end]
            end += 1
        kind = _unit_kind(unit, v)
        if kind == "percentage":
            self.add("percentage", value, f"{value}%", *indices)
        elif kind == "dose":
            self.add("dose", f"{value} {unit}", shown, *indices)
            self._frequency_after(end, value)
        elif kind == "duration":
            seconds = _seconds(value, v.time_units[unit])
            self.add("duration", seconds or f"{value} {unit}", shown, *indices)
        else:
            self.add("measure", f"{value} {unit}", shown, *indices)

    def _frequency_after(self, index: int, value: str) -> None:
        """How often a dose is given: "20 mg daily", "20 mg per day", "20 mg a day"."""
        nxt = self.token(index)
        if nxt in self.v.frequency:
            self.add("frequency", f"1/{self.v.frequency[nxt]}", nxt, index)
        elif nxt in ("per", "a", "each", "every") and self.token(index + 1) in self.v.time_units:
            unit = self.token(index + 1).rstrip("s") or self.token(index + 1)
            self.add("frequency", f"1/{unit}", f"{nxt} {self.token(index + 1)}", index, index + 1)

    def _terms(self) -> None:
        """Substances (vocabulary, then INN stems), species, age groups and sexes."""
        terms, tokens = self.v.terms, self.tokens
        for i, t in enumerate(tokens):
            if self.taken[i] or not t[0].isalpha():
                continue
            for rest, slot, canonical in terms.get(t, ()):
                if not rest or tuple(tokens[i + 1 : i + 1 + len(rest)]) == rest:
                    end = i + 1 + len(rest)
                    self.add(slot, canonical, " ".join(tokens[i:end]), *range(i, end))
                    break
            else:
                if _stem_substance(t):
                    self.add("substance", t, t, i)

    def _conditions(self) -> None:
        v = self.v
        for i, t in enumerate(self.tokens):
            singular = t[:-1] if t.endswith("s") and t[:-1] in v.condition_heads else None
            head = t if t in v.condition_heads else singular
            named = v.conditions.words.get(t)
            if head is None and named is None:
                continue
            qualifiers: list[str] = []
            used = []
            for j in range(i - 1, max(-1, i - 1 - _QUALIFIERS), -1):
                word = self.tokens[j]
                if (
                    not word[0].isalnum() or word in STOPWORDS or _breaks_qualifiers(word, v)
                    or self.taken[j] and not self._is_condition(word)
                ):
                    break
                qualifiers[:0] = [part for part in word.split("-") if part]
                used.append(j)
            condition = head or named
            if condition is None:  # excluded above; tells the type checker
                continue
            shown = " ".join([*qualifiers, t])
            if t in v.condition_acronyms:
                self.add("condition", f"@{t}", shown, i)
                continue
            self.add("condition", f"{' '.join(qualifiers)}|{condition}", shown, i, *used)
            initials = "".join(w[0] for w in (*qualifiers, condition))
            if qualifiers and initials in v.condition_acronyms:
                self.add("condition", f"@{initials}", shown)  # spelled out: also its acronym (PTSD)

    def _is_condition(self, word: str) -> bool:
        return word in self.v.conditions.words or word in self.v.condition_heads

    def _negations_and_directions(self) -> None:
        v = self.v
        negations: list[int] = []
        directions: list[tuple[int, str]] = []
        for i, t in enumerate(self.tokens):
            if self.taken[i]:
                continue
            if t in v.negations or (t.endswith("n't") and t[:-2] in v.contracted) or (
                t == "t" and self.token(i - 1) in v.contracted
            ):
                negations.append(i)
                continue
            direction = _direction(t, v)
            if direction:
                directions.append((i, direction))
        if negations:
            count = len(negations)
            shown = " ".join(self.tokens[i] for i in negations)
            self.add("negation", str(count), shown, *negations)
        if directions:
            canonical = " ".join(d for _, d in directions)
            shown = " ".join(self.tokens[i] for i, _ in directions)
            self.add("direction", canonical, shown, *(i for i, _ in directions))

    def _acronyms_and_names(self) -> None:
        """Acronyms (BDNF) and proper names no vocabulary knows (Smith et al., Montreal)."""
        for i, t in enumerate(self.cased):
            if self.taken[i] or not t[0].isalpha():
                continue
            core = t.removesuffix("s")
            if (core.isupper() and core.isalnum() and sum(c.isupper() for c in core) >= 2
                    and core.lower() not in _ROMAN_NUMERALS):
                self.add("subject", core.lower(), core, i)
            elif t.istitle() and t.isalpha() and self.tokens[i] not in STOPWORDS and self._is_name(i):
                self.add("name", self.tokens[i], t, i)

    def _is_name(self, i: int) -> bool:
        """A capitalised word inside a sentence, or at its start when an attribution follows
        ("Smith et al.", "Smith and Chen", "Smith (2019)")."""
        if i > 0:
            return self.tokens[i - 1] not in (".", "!", "?", ":", '"', "'")
        nxt, after = self.token(1), self.token(2)
        return nxt == "et" or (nxt in ("and", "&") and after[:1].isalpha() and self.cased[2][:1].isupper()) or (
            nxt == "(" and after[:1].isdigit())


def _unit_kind(unit: str, v: Vocabulary) -> str | None:
    """percentage, dose, duration or measure; a compound unit (mg/kg/week) is of its first part's kind."""
    if unit in v.percent_units:
        return "percentage"
    if unit in v.dose_units:
        return "dose"
    if unit in v.time_units:
        return "duration"
    if unit in v.measure_units:
        return "measure"
    if "/" in unit and unit.split("/")[0] in v.dose_units:
        return "dose"
    return None


def _breaks_qualifiers(word: str, v: Vocabulary) -> bool:
    """Verbs and population words stand before a condition without saying which one."""
    return (
        word in v.qualifier_breaks or word.endswith(("ed", "ing")) or (word.endswith("s") and not word.endswith("ss"))
        or _direction(word, v) is not None or word in v.negations
    )


@lru_cache(maxsize=1 << 16)
def _stem_substance(token: str) -> bool:
    """An INN stem ends the word, with enough letters before it, and the word is not an English word."""
    v = vocabulary()
    if not token.isalpha() or token in v.not_substances:
        return False
    word = token[:-1] if token.endswith("s") and len(token) > 4 else token
    if not word.endswith(v.substance_stems):
        return False
    stem = next(stem for stem in v.substance_stems if word.endswith(stem))  # longest first
    return len(word) - len(stem) >= v.substance_min_stem and word not in v.not_substances


def _direction(token: str, v: Vocabulary) -> str | None:
    return _cached_direction(token) if len(token) < 40 else _token_direction(token, v)


@lru_cache(maxsize=1 << 16)
def _cached_direction(token: str) -> str | None:
    return _token_direction(token, vocabulary())


def _token_direction(token: str, v: Vocabulary) -> str | None:
    if token in v.not_direction or not token.isalpha():
        return None
    if token in v.up_words or token.startswith(v.up_stems):
        return "up"
    if token in v.down_words or token.startswith(v.down_stems):
        return "down"
    return None


def read_slots(text: str) -> TextSlots:
    """Every slot ``text`` states; see the module docstring."""
    return _Reader(text, vocabulary()).read()


def _shown(values: tuple[tuple[str, str], ...], keep: set[str] | frozenset[str] | None = None) -> str:
    """The values as written, each once (an acronym and its spelled-out form show as one)."""
    return ", ".join(dict.fromkeys(shown for canonical, shown in values if keep is None or canonical in keep))


def _compare_sets(a: tuple[tuple[str, str], ...], b: tuple[tuple[str, str], ...]) -> str:
    """matched, a_more, b_more (one side states extra values: an omission) or conflict."""
    ka, kb = {c for c, _ in a}, {c for c, _ in b}
    if ka == kb:
        return "matched"
    if ka > kb:
        return "a_more"
    if kb > ka:
        return "b_more"
    return "conflict"


def _compare_directions(a: tuple[tuple[str, str], ...], b: tuple[tuple[str, str], ...]) -> str:
    """Same words in the same order match; one side's directions within the other's is an
    omission; the same count in another order, or other directions, conflict."""
    sa, sb = a[0][0].split(), b[0][0].split()
    if sa == sb or (set(sa) == set(sb) and len(sa) != len(sb)):
        return "matched"
    if len(sa) == len(sb):
        return "conflict"
    if set(sa) < set(sb):
        return "b_more"
    if set(sb) < set(sa):
        return "a_more"
    return "conflict"


def _condition_map(values: tuple[tuple[str, str], ...]) -> dict[str, list[set[str]]]:
    """Head -> qualifier sets; an acronym ("@ptsd") is a head of its own. A spelled-out form
    carries both ("post traumatic stress|disorder" and "@ptsd"), so either form on the other
    side is a subset of it."""
    by_head: dict[str, list[set[str]]] = {}
    for canonical, _ in values:
        qualifiers, _, head = canonical.partition("|") if "|" in canonical else ("", "", canonical)
        by_head.setdefault(head, []).append(set(qualifiers.split()))
    return by_head


def _compare_conditions(a: tuple[tuple[str, str], ...], b: tuple[tuple[str, str], ...]) -> str:
    """Different conditions conflict; so does one condition qualified differently on both sides
    (bipolar vs treatment-resistant depression). A qualifier or a condition that one side
    adds (severe depression vs depression) is an omission."""
    ma, mb = _condition_map(a), _condition_map(b)
    for head in [h for h in mb if h not in ma]:  # a spelling variant of a head is that head (anaemia, anemia)
        variant = next((h for h in ma if _spelling(h) == _spelling(head)), None)
        if variant is not None:
            mb.setdefault(variant, []).extend(mb.pop(head))
    if not (ma.keys() <= mb.keys() or mb.keys() <= ma.keys()):
        return "conflict"
    for head in ma.keys() & mb.keys():
        qa, qb = [q for q in ma[head] if q], [q for q in mb[head] if q]
        if qa and qb and not any(_words_within(x, y) or _words_within(y, x) for x in qa for y in qb):
            return "conflict"
    same = ma.keys() == mb.keys() and all(
        all(any(_words_within(x, y) and _words_within(y, x) for y in mb[head]) for x in ma[head])
        and all(any(_words_within(y, x) and _words_within(x, y) for x in ma[head]) for y in mb[head])
        for head in ma
    )
    return "matched" if same else ("a_more" if len(a) >= len(b) else "b_more")


def _words_within(x: set[str], y: set[str]) -> bool:
    """Every word of ``x`` is in ``y``, British and American spellings alike (oesophageal, esophageal)."""
    spelt = {_spelling(v) for v in y}
    return all(w in y or _spelling(w) in spelt for w in x)


def _spelling(word: str) -> str:
    """British spellings folded to American ones (anaemia, oedema, tumour): never merges
    words that differ otherwise, as a typo tolerance would (hypertension, hypotension)."""
    return word.replace("ae", "e").replace("oe", "e").replace("our", "or")


def _compare_names(a: tuple[tuple[str, str], ...], b: tuple[tuple[str, str], ...]) -> str:
    """Like ``_compare_sets``, but a misspelt name (Lindqvist, Lindqivst) is the same name."""
    ka, kb = [c for c, _ in a], [c for c, _ in b]
    a_in_b = all(any(x == y or same_word(x, y) for y in kb) for x in ka)
    b_in_a = all(any(x == y or same_word(x, y) for x in ka) for y in kb)
    if a_in_b and b_in_a:
        return "matched"
    return "b_more" if a_in_b else "a_more" if b_in_a else "conflict"


def _compare_subjects(a: TextSlots, b: TextSlots) -> str:
    """An acronym is explained when the other text uses it or spells it out (TRD = treatment-resistant depression)."""
    sa, sb = {c for c, _ in a.get("subject")}, {c for c, _ in b.get("subject")}
    only_a = {x for x in sa - sb if not (x.isalpha() and x in b.initials)}
    only_b = {x for x in sb - sa if not (x.isalpha() and x in a.initials)}
    if only_a and only_b:
        return "conflict"
    if sa == sb:
        return "matched"
    return "a_more" if only_a or len(sa) > len(sb) else "b_more"


_NEGATION_ABSENT = (("0", "affirmed"),)
_COUNTED_BY_VALUE = frozenset({"name", "substance", "subject"})
"""Slots whose values are separate things (an author and a drug): several swapped are several differences."""


_SLOT_RANK = {slot: rank for rank, slot in enumerate(SLOTS)}


def _outcomes(a: TextSlots, b: TextSlots) -> Iterator[tuple[str, str, tuple, tuple]]:
    """(slot, outcome, values a, values b) for each slot either text states, in ``SLOTS`` order;
    outcome is matched, a_more, b_more, conflict, only_a or only_b.

    Negation is always stated: a text without one affirms, so "does not prevent" vs
    "prevents" conflict rather than omit. Only the slots the two texts state are visited.
    """
    da, db = dict(a.slots), dict(b.slots)
    for slot in sorted(da.keys() | db.keys(), key=_SLOT_RANK.__getitem__):
        va, vb = da.get(slot, ()), db.get(slot, ())
        if slot == "negation":
            va, vb = va or _NEGATION_ABSENT, vb or _NEGATION_ABSENT
        elif slot == "subject":
            yield slot, _compare_subjects(a, b), va, vb
            continue
        if not vb:
            yield slot, "only_a", va, vb
        elif not va:
            yield slot, "only_b", va, vb
        elif slot == "direction":
            yield slot, _compare_directions(va, vb), va, vb
        elif slot == "name":
            yield slot, _compare_names(va, vb), va, vb
        elif slot == "condition":
            yield slot, _compare_conditions(va, vb), va, vb
        else:
            yield slot, _compare_sets(va, vb), va, vb


def _differing_shown(va: tuple, vb: tuple) -> tuple[str, str]:
    """Each side's values as written that the other side lacks (all of them when none is lacking)."""
    ka, kb = {c for c, _ in va}, {c for c, _ in vb}
    return _shown(va, ka - kb) or _shown(va), _shown(vb, kb - ka) or _shown(vb)


def _differences(slot: str, shown_a: str, shown_b: str) -> int:
    """Details one conflicting slot differs in: two for separate things (authors, drugs) of
    which two or more are swapped on each side, else one."""
    swapped = min(len(shown_a.split(", ")), len(shown_b.split(", ")))
    return 2 if slot in _COUNTED_BY_VALUE and swapped >= 2 else 1


def blocking_slots(a: TextSlots, b: TextSlots) -> tuple[tuple[str, ...], int]:
    """The conflicting slots of ``compare`` and its ``differences``, without describing any value.

    Why: most look-alike pairs of a large corpus differ in several slots and are simply kept
    apart; naming their omissions and values was most of the cost of judging them.
    """
    slots: list[str] = []
    differences = 0
    for slot, outcome, va, vb in _outcomes(a, b):
        if outcome == "conflict":
            slots.append(slot)
            differences += _differences(slot, *_differing_shown(va, vb)) if slot in _COUNTED_BY_VALUE else 1
    return tuple(slots), differences


def compare(a: TextSlots, b: TextSlots) -> SlotComparison:
    """Slot by slot: matched, stated on one side only (omission) or contradicting (conflict)."""
    matched: list[str] = []
    only_a: list[tuple[str, str]] = []
    only_b: list[tuple[str, str]] = []
    conflicts: list[SlotConflict] = []
    differences = 0
    for slot, outcome, va, vb in _outcomes(a, b):
        if outcome == "only_a":
            only_a.append((slot, _shown(va)))
        elif outcome == "only_b":
            only_b.append((slot, _shown(vb)))
        else:
            _record(slot, outcome, va, vb, matched, only_a, only_b, conflicts)
            if outcome == "conflict":
                differences += _differences(slot, conflicts[-1].value_a, conflicts[-1].value_b)
    return SlotComparison(tuple(matched), tuple(only_a), tuple(only_b), tuple(conflicts), differences)


def _record(
    slot: str, outcome: str, va: tuple, vb: tuple, matched: list, only_a: list, only_b: list, conflicts: list,
) -> None:
    if outcome == "matched":
        matched.append(slot)
    elif outcome in ("a_more", "b_more"):
        ka, kb = {c for c, _ in va}, {c for c, _ in vb}
        if ka & kb:
            matched.append(slot)
        if outcome == "a_more":
            only_a.append((slot, _shown(va, ka - kb) or _shown(va)))
        else:
            only_b.append((slot, _shown(vb, kb - ka) or _shown(vb)))
    else:
        conflicts.append(SlotConflict(slot, *_differing_shown(va, vb)))


def describe_matched(comparison: SlotComparison) -> str | None:
    """Slots both texts state with the same values: "dose, substance"."""
    return ", ".join(comparison.matched) or None


def describe_omitted(here: tuple[tuple[str, str], ...], there: tuple[tuple[str, str], ...]) -> str | None:
    """Slots stated by one side only, and by which: "year 2021 (this fact); duration 6-week (matched fact)"."""
    parts = [f"{slot} {values} (this fact)" for slot, values in here]
    parts += [f"{slot} {values} (matched fact)" for slot, values in there]
    return "; ".join(parts) or None
