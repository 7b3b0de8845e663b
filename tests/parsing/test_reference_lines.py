"""Reference-list entries in APA, Harvard, Vancouver and IEEE style are recognised."""

from __future__ import annotations

import pytest

from pipeline.parsing.reference_lines import REFERENCES_HEADING, is_numbered_reference, looks_like_reference


@pytest.mark.parametrize("entry", [
    "Hartogsohn, I. (2016). Set and setting. Journal of Psychopharmacology, 30(12), 1259–1267.",
    "Coyle, C. E., & Laws, K. R. (2015) ‘The use of ketamine’, Human Psychopharmacology, 30(3), pp. 152-163.",
    "Szigeti B, Kartner L, et al. Self-blinding citizen science. eLife. 2021;10:e62878.",
])
def test_bibliographic_entries_look_like_references(entry: str) -> None:
    assert looks_like_reference(entry)


def test_numbered_entries_need_bibliographic_content() -> None:
    assert is_numbered_reference('[3] A. Smith and B. Jones, "Dosing," IEEE Trans. Med., vol. 4, pp. 1–9, 2020.')
    assert is_numbered_reference("2. Mitchell JM, et al. MDMA-assisted therapy. Nat Med. 2021;27(6):1025-1033.")
    assert not is_numbered_reference("3. Context of delivery differs")


def test_reference_section_headings() -> None:
    assert all(REFERENCES_HEADING.match(h) for h in ("References", "Bibliography:", "Works cited", "WORKS CITED"))
    assert not REFERENCES_HEADING.match("References to ketamine are common")
