"""Stable identities: IDs that survive edits, renames and re-clustering across releases.

Two steps, both pure functions of their inputs:

- ``assign_fresh_ids`` gives every row an ID derived from its document and its content (never
  its line number): what a build with no previous release publishes;
- ``reconcile`` carries the IDs of the previous release over to the rows, clusters and works
  that are still there (matched by content and position), and records every ID that stopped
  being current in ``id_history``.

So IDs are a function of the inputs plus the previous release (see ``docs/design.md``).
"""

from pipeline.identity.fresh import assign_fresh_ids
from pipeline.identity.reconcile import PreviousRelease, reconcile

__all__ = ["PreviousRelease", "assign_fresh_ids", "reconcile"]
