"""For every input text: normalisation is idempotent, sentence splitting loses no character,
and no date reader returns a day the calendar does not have."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.text.dates import DATE_PATTERN, iso_date, parse_date, split_trailing_date
from pipeline.text.normalize import comparison_text, fold, normalize_text, unified
from pipeline.text.sentences import sentence_spans, split_sentences

_PROSE_ALPHABET = st.sampled_from(list("abcXYZ019 .!?…\"'“”’()[]-–—,;:\n\té") + ["Dr.", "e.g.", "et al.", "J.", "2.5"])
prose = st.lists(_PROSE_ALPHABET, max_size=60).map("".join)
"""Text built from the characters sentence splitting reacts to (periods, quotes, brackets, capitals)."""
any_text = st.text(max_size=200)
_MONTH_WORDS = st.sampled_from(["Jan", "February", "Feb.", "Sept", "June", "May", "Foo", "13"])
date_like = st.builds(
    lambda day, month, year, order, sep: sep.join([month, day, year] if order else [day, month, year]),
    st.integers(0, 99).map(str), _MONTH_WORDS, st.integers(0, 9999).map(lambda y: f"{y:04d}"),
    st.booleans(), st.sampled_from([" ", ", ", "-", " . "]),
)
iso_like = st.builds(lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", st.integers(0, 9999), st.integers(0, 99), st.integers(0, 99))


@settings(max_examples=300, deadline=None)
@given(st.one_of(any_text, prose))
def test_every_normal_form_is_idempotent(text: str) -> None:
    for form in (normalize_text, comparison_text, unified, fold):
        once = form(text)
        assert form(once) == once


@settings(max_examples=300, deadline=None)
@given(st.one_of(prose, any_text))
def test_sentence_splitting_loses_no_character(text: str) -> None:
    spans = sentence_spans(text)
    covered = 0
    for start, end in spans:
        assert covered <= start < end <= len(text)
        assert not text[covered:start].strip(), "only whitespace lies between sentences"
        covered = end
    assert not text[covered:].strip()
    sentences = split_sentences(text)
    assert sentences == [text[start:end] for start, end in spans]
    assert "".join("".join(sentences).split()) == "".join(text.split())


@settings(max_examples=400, deadline=None)
@given(st.integers(0, 9999), st.integers(0, 99), st.integers(0, 99))
def test_an_iso_date_is_read_exactly_or_not_at_all(year: int, month: int, day: int) -> None:
    text = f"{year:04d}-{month:02d}-{day:02d}"
    for found in (parse_date(text), split_trailing_date(f"Posted {text}")[0]):
        assert found is None or found.isoformat() == text
    assert iso_date(text) in (None, text)
    if 1 <= month <= 12 and 1 <= day <= 28 and year >= 1:
        assert parse_date(text) == dt.date(year, month, day)


@settings(max_examples=400, deadline=None)
@given(st.one_of(date_like, any_text))
def test_no_date_reader_returns_an_impossible_date(text: str) -> None:
    parse_date(text)  # never raises, whatever the numbers
    split_trailing_date(text)
    iso = iso_date(text)
    if iso is not None:
        parts = [int(part) for part in iso.split("-")]
        assert len(parts) in (2, 3)
        dt.date(parts[0], parts[1], parts[2] if len(parts) == 3 else 1)  # raises for a day the calendar lacks
