"""Text tools every stage shares, each written once.

- ``normalize``: the canonical forms of a text (``normalize_text`` for IDs and quoted-text
  matching, ``comparison_text`` for exact-duplicate matching, ``fold`` for names and titles);
- ``stopwords``: the function words that carry no claim or name of their own;
- ``sentences``: sentence splitting that survives abbreviations, initials and citations;
- ``dates``: calendar dates and month names as documents and references write them.
"""
