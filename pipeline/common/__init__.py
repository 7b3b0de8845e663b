"""Small general-purpose building blocks that several stages share, each written once.

- ``union_find``: connected components (optionally with cannot-link constraints);
- ``markdown``: Markdown tables and escaping (dataset cards, Dagster UI previews);
"""
