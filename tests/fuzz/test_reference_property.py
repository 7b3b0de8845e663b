"""For every string: the reference parser never raises, and what it returns fits the contract
(implausible values are null, never published)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.references.fields import FIELDS, YEAR_RANGE
from pipeline.references.parse import parse_reference_checked

_PIECES = st.sampled_from([
    "Smith, J.", "van Dyck, C. H.", "et al.", "and colleagues", " (2999) ", " (1999) ", " 2019 ", "‘Title’, ",
    "Journal of Tests", ", 12(3), ", "pp. 99–12.", " 45-40", " doi:10.12/x", " doi:10.1234/abc.5", " https://example.org/a ",
    " reported in ", " published by ", " Press", "[21, 46]", " vol. 99999999999999999999", " \u200b", " \u202e",
])
_TEXT = st.one_of(st.text(max_size=300), st.lists(_PIECES, max_size=12).map("".join))


@settings(max_examples=200, deadline=None, database=None)
@given(_TEXT)
def test_parsing_any_text_never_raises_and_keeps_values_plausible(text: str) -> None:
    record, dropped = parse_reference_checked(text)
    assert set(record) == set(FIELDS)
    if record["year"] is not None:
        assert YEAR_RANGE[0] <= record["year"] <= YEAR_RANGE[1]
    if record["doi"] is not None:
        assert re.match(r"^10\.\d{4,9}/\S+$", record["doi"])
    if record["url"] is not None:
        assert re.match(r"^https?://\S+$", record["url"])
    assert all(record[found.field] is None and found.raw for found in dropped)
