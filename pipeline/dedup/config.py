"""Every threshold and knob of deduplication, in one dataclass.

Why one place: the same values must be settable from Dagster run config, from the CLI
(``--dedup-<name>`` or ``--dedup-config FILE``) and recorded in each release's manifest, so
the dataclass is the single definition and those three are generated from its fields.
Thresholds were tuned on the seed split of the labeled pairs only; the held-out split checks them.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class DedupConfig:
    """Scores in [0, 1] a pair must reach, and the budgets that bound a run."""

    near: float = 0.90
    """Character similarity (Indel, max with token-sort) for a near-duplicate merge."""
    paraphrase_alignment: float = 0.792
    """Token alignment (``alignment``) for a paraphrase merge: midway between the seed split's
    best-aligned same-topic negative (0.786, seed-fm-08, a study's topic against its finding)
    and its worst-aligned paraphrase it keeps (0.798)."""
    paraphrase: float = 0.84
    """Transformer cosine a paraphrase merge needs as well: just below the lowest of the seed
    paraphrases that align (0.843). Alone, cosine cannot decide: seed same-topic negatives
    reach 0.94."""
    paraphrase_candidate: float = 0.70
    """Static cosine for a pair to be worth a transformer confirmation."""
    conflict_near: float = 0.80
    """Character similarity from which a pair is a look-alike: its conflicts are judged by characters."""
    conflict_rest: float = 0.85
    """Character similarity the words outside every slot must reach for a look-alike that
    differs in a slot to be a conflict (and not two different claims)."""
    conflict_max_slots: int = 1
    """Most slots a conflict may differ in. One: "4 doses of clonidine over 1 week" vs "4 doses
    of LSD over 4 weeks" differ in substance and duration and are two claims, not a contradiction."""
    paraphrase_conflicts: bool = True
    """Let the transformer confirm reworded pairs that differ in a slot, as conflicts."""
    transformer_budget: int = 1024
    """Most texts embedded by the transformer per run (~35-90/s on 2 cores): best static
    candidates first, so the run time stays bounded; candidates beyond it are counted as not judged."""
    paraphrase_pool: int = 8192
    """Most embedding-neighbour pairs screened per run (best static cosine first): more could
    never be confirmed within the transformer budget; near duplicates come from MinHash."""
    neighbours_per_text: int = 4
    """Embedding neighbours kept per text: bounds the paraphrase pairs by n times this."""
    minhash_min_jaccard: float = 0.3
    """Estimated bigram Jaccard below which a MinHash band collision is chance, not a near candidate."""
    max_compare_chars: int = 5000
    """Texts longer than this (a pasted page, not a claim) merge only as exact duplicates:
    comparing two of them by characters would cost their product."""

    def values(self) -> dict[str, Any]:
        """Field -> value, as recorded in a release."""
        return dataclasses.asdict(self)

    def replace(self, **changes: Any) -> DedupConfig:
        """A copy with some fields changed; an unknown name is an error naming it."""
        unknown = set(changes) - {f.name for f in dataclasses.fields(self)}
        if unknown:
            raise ValueError(f"unknown dedup setting(s): {', '.join(sorted(unknown))}")
        return dataclasses.replace(self, **{name: _coerce(name, value) for name, value in changes.items()})

    @classmethod
    def from_file(cls, path: Path) -> DedupConfig:
        """Settings from a TOML file (``near = 0.92``; an optional ``[dedup]`` table)."""
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        return cls().replace(**data.get("dedup", data))


def field_types() -> dict[str, type]:
    """Field -> Python type (bool, int or float), for generated CLI options and Dagster config."""
    return {f.name: type(f.default) for f in dataclasses.fields(DedupConfig)}


def _coerce(name: str, value: Any) -> Any:
    wanted = field_types()[name]
    if wanted is bool:
        if isinstance(value, str):
            if value.lower() not in ("true", "false", "1", "0", "yes", "no"):
                raise ValueError(f"dedup setting {name} must be true or false, got {value!r}")
            return value.lower() in ("true", "1", "yes")
        return bool(value)
    try:
        return wanted(value)
    except (TypeError, ValueError) as error:
        raise ValueError(f"dedup setting {name} must be {wanted.__name__}, got {value!r}") from error
