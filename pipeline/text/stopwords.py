"""Function words: words that carry no claim, name or title of their own.

One list, in groups, so each use picks the groups it needs instead of keeping a list of its
own. The groups are English grammar, not words seen in any corpus.
"""

from __future__ import annotations

ARTICLES = frozenset("a an the".split())
PREPOSITIONS = frozenset("of in on at to for by with from among".split())
"""The common prepositions."""
MORE_PREPOSITIONS = frozenset(
    "via into onto than like such include includes including about between against under over per versus vs".split()
)
"""Further prepositions and words that introduce a list or comparison."""
CONJUNCTIONS = frozenset("and or as".split())
MORE_CONJUNCTIONS = frozenset("nor but while whereas".split())
PRONOUNS = frozenset("this that these those its their which who whom it they there".split())
MODALS_AND_BE = frozenset("is are was were be been may can might could would will should".split())
NAME_PARTICLES = frozenset("de der la le".split())
"""Articles of other languages that appear in journal and publisher names ("Revue de ...")."""

STOPWORDS = ARTICLES | PREPOSITIONS | CONJUNCTIONS | PRONOUNS | MODALS_AND_BE
"""Function words ignored when comparing what two texts say (dedup slots, guards, alignment)."""

CONNECTIVES = ARTICLES | PREPOSITIONS | MORE_PREPOSITIONS | CONJUNCTIONS | MORE_CONJUNCTIONS
"""Words after which a capitalized word continues a phrase ("Journal of Clinical ...") rather
than starting a new one."""

TITLE_STOPWORDS = ARTICLES | NAME_PARTICLES | frozenset("of and & for in on".split())
"""Words ignored when comparing journal names ("The Journal of X" = "J X")."""
