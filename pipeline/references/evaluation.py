"""Field-level scoring of parsed references against hand labels (used by the benchmark and tests).

A field counts as predicted when it is non-null (et_al: when true); a prediction is correct only
when it equals the label exactly (authors: the whole list, in order).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.references.fields import FIELDS


@dataclass(frozen=True)
class LabeledReference:
    """One hand-labeled reference: its text, style, split and expected fields."""

    source: str
    style: str
    split: str
    text: str
    expected: dict
    collection: str = ""
    """The labeled file it comes from (e.g. "narrative_other_fields"), to report each collection apart."""


@dataclass
class FieldCounts:
    """True/false positives and false negatives of one field."""

    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0

    @property
    def precision(self) -> float:
        """Share of predicted values that are right (1.0 when nothing was predicted)."""
        predicted = self.true_positive + self.false_positive
        return self.true_positive / predicted if predicted else 1.0

    @property
    def recall(self) -> float:
        """Share of expected values found (1.0 when nothing was expected)."""
        relevant = self.true_positive + self.false_negative
        return self.true_positive / relevant if relevant else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Score:
    """Per-field counts over a set of references, and how many came out exactly right."""

    fields: dict[str, FieldCounts] = field(default_factory=lambda: {name: FieldCounts() for name in FIELDS})
    records: int = 0
    exact: int = 0

    @property
    def micro(self) -> FieldCounts:
        """Counts summed over all fields."""
        total = FieldCounts()
        for counts in self.fields.values():
            total.true_positive += counts.true_positive
            total.false_positive += counts.false_positive
            total.false_negative += counts.false_negative
        return total

    @property
    def exact_rate(self) -> float:
        """Share of records with every field right."""
        return self.exact / self.records if self.records else 1.0


def _normalized(name: str, value: object) -> object:
    if name == "authors" and isinstance(value, list) and value:
        return [{key: part for key, part in author.items() if part} for author in value]
    return value or None


def load_labeled(folder: Path) -> list[LabeledReference]:
    """Every labeled reference of the *.jsonl files in ``folder`` (file order, then line order)."""
    items = []
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                items.append(LabeledReference(row["source"], row["style"], row["split"], row["text"], row["expected"],
                                              path.stem))
    return items


def differences(expected: dict, predicted: dict) -> dict[str, tuple[object, object]]:
    """Fields whose prediction differs from the label: name -> (label, prediction)."""
    found = {}
    for name in FIELDS:
        want, got = _normalized(name, expected.get(name)), _normalized(name, predicted.get(name))
        if want != got:
            found[name] = (want, got)
    return found


def score(pairs: Iterable[tuple[dict, dict]]) -> Score:
    """Score (label, prediction) pairs."""
    result = Score()
    for expected, predicted in pairs:
        result.records += 1
        for name in FIELDS:
            want, got = _normalized(name, expected.get(name)), _normalized(name, predicted.get(name))
            counts = result.fields[name]
            if got is not None and got == want:
                counts.true_positive += 1
            else:
                counts.false_positive += got is not None
                counts.false_negative += want is not None
        result.exact += not differences(expected, predicted)
    return result
