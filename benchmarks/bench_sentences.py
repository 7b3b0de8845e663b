"""Sentence splitting on the hand-labeled set (tests/text/labeled/sentences.jsonl): our splitter and,
when installed, the library candidates pysbd and syntok.

Prints, per splitter, texts split exactly right, boundary precision/recall (a boundary is the
character offset where a sentence starts) and whether every non-space character survives.
The set was written before any splitter was run on it: abbreviations, initials, decimals,
citations, quotes and brackets from several fields (medicine, history, finance, geology).
Run: .venv/bin/python benchmarks/bench_sentences.py
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.text.sentences import split_sentences  # noqa: E402

LABELED = REPO / "tests" / "text" / "labeled" / "sentences.jsonl"


def _starts(text: str, sentences: list[str]) -> set[int]:
    starts, position = set(), 0
    for sentence in sentences:
        position = text.find(sentence.strip()[:10], position)
        starts.add(position)
        position += 1
    return starts


def _candidates() -> dict[str, Callable[[str], list[str]]]:
    splitters: dict[str, Callable[[str], list[str]]] = {"pipeline.text.sentences": split_sentences}
    try:
        import pysbd

        segmenter = pysbd.Segmenter(language="en", clean=False)
        splitters["pysbd"] = lambda text: [s.strip() for s in segmenter.segment(text) if s.strip()]
    except ImportError:
        pass
    try:
        from syntok import segmenter as syntok_segmenter

        def syntok_split(text: str) -> list[str]:
            out = []
            for paragraph in syntok_segmenter.analyze(text):
                for sentence in paragraph:
                    out.append("".join(token.spacing + token.value for token in sentence).strip())
            return out

        splitters["syntok"] = syntok_split
    except ImportError:
        pass
    return splitters


def main() -> None:
    items = [json.loads(line) for line in LABELED.read_text(encoding="utf-8").splitlines() if line.strip()]
    print(f"{len(items)} labeled texts, {sum(len(i['sentences']) for i in items)} sentences")
    for name, split in _candidates().items():
        exact = true_positive = predicted = expected = 0
        lossless = True
        for item in items:
            got = split(item["text"])
            exact += got == item["sentences"]
            want, found = _starts(item["text"], item["sentences"]), _starts(item["text"], got)
            true_positive += len(want & found)
            predicted += len(found)
            expected += len(want)
            lossless &= "".join("".join(got).split()) == "".join(item["text"].split())
        precision, recall = true_positive / predicted, true_positive / expected
        print(f"{name:<24} exact {exact}/{len(items)}  boundary P={precision:.3f} R={recall:.3f}  "
              f"lossless={'yes' if lossless else 'no'}")


if __name__ == "__main__":
    main()
