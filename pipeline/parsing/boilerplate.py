"""Site chrome that is not part of a document's content (website builders, blog templates).

Recorded with role "boilerplate" so nothing is lost, and kept out of the facts.
"""

from __future__ import annotations

import re

_SITE_CHROME = re.compile(
    r"""^(?:
        (?:top|bottom)\ of\ page
      | nav(?:bar|igation)?
      | (?:main\ )?menu
      | home | about(?:\ us)? | contact(?:\ us)? | blog | shop | services | faq
      | skip\ to\ (?:main\ )?content
      | back\ to\ top
      | recent\ posts | related\ posts | popular\ posts | all\ posts
      | see\ all | see\ more | view\ all | show\ more
      | read\ more\W* | continue\ reading\W* | keep\ reading\W*
      | (?:leave\ a|write\ a|post\ a)\ comment | comments? | reply | like | share(?:\ this\ post)?
      | subscribe(?:\ now)? | sign\ ?up | log\ ?in | search
      | \d+\s*views?\s*\d*\s*comments?(?:\s*\d+\s*likes?)?
      | \d+\s*(?:views?|comments?|likes?|shares?)
      | \d+\s*min(?:ute)?s?\ read
      | test\ (?:answer|question)(?:\ \d+)?
      | (?:previous|next)(?:\ post)?
      | (?:facebook|twitter|x|linkedin|instagram|pinterest|youtube)
      | (?:©|copyright\b).*
      | all\ rights\ reserved\W*
      | lorem\ ipsum\b.*
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_SHORT_WORDS = 8


def is_site_chrome(text: str) -> bool:
    """A line that is, by itself, navigation, counters, placeholders or filler text."""
    return bool(_SITE_CHROME.match(text.strip()))


def is_chrome_neighbour(text: str) -> bool:
    """A short label-like line (a testimonial name, an image caption) that sits next to site
    chrome is chrome too: it carries no sentence of content."""
    stripped = text.strip()
    return len(stripped.split()) <= _SHORT_WORDS and not re.search(r"[.!?]$", stripped)
