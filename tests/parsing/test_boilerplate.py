"""Site chrome is recognised by shape, not by any one site's wording."""

from __future__ import annotations

import pytest

from pipeline.parsing.boilerplate import is_chrome_neighbour, is_site_chrome


@pytest.mark.parametrize("line", ["top of page", "Navbar", "112 views0 comments", "3 comments", "Recent Posts",
                                  "See All", "Read More", "Test Answer 2", "Lorem ipsum dolor sit amet.",
                                  "© 2025 Some Clinic", "4 min read"])
def test_site_chrome_lines(line: str) -> None:
    assert is_site_chrome(line)


@pytest.mark.parametrize("line", ["Recent posts show a rise in ketamine use.", "See all patients twice.",
                                  "Home treatment with esketamine is approved."])
def test_sentences_that_start_like_chrome_are_content(line: str) -> None:
    assert not is_site_chrome(line)


def test_only_short_unpunctuated_lines_can_be_chrome_neighbours() -> None:
    assert is_chrome_neighbour("Dr. Ana Holmes, Physician, Boston, US")
    assert not is_chrome_neighbour("The clinic opened in May.")
