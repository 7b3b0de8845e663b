"""The slot vocabularies are versioned data that state their sources and hold for fields other than the seeds'."""

import tomllib
from importlib import resources

import pytest

from pipeline.dedup.slots import compare, read_slots
from pipeline.dedup.vocabulary import FILES, vocabulary


def _file(name: str) -> dict:
    return tomllib.loads(resources.files("pipeline.dedup.vocabularies").joinpath(f"{name}.toml").read_text("utf-8"))


def _lists_without_source(table: dict, inherited: bool, where: str) -> list[str]:
    """Paths of word lists whose table, and no table around it, states a source."""
    here = inherited or "source" in table
    missing = []
    for key, value in table.items():
        if isinstance(value, dict):
            missing += _lists_without_source(value, here, f"{where}.{key}")
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            missing += [m for i, t in enumerate(value) for m in _lists_without_source(t, here, f"{where}.{key}[{i}]")]
        elif isinstance(value, list) and not here:
            missing.append(f"{where}.{key}")
    return missing


@pytest.mark.parametrize("name", FILES)
def test_every_vocabulary_file_has_a_version_and_every_word_list_a_stated_source(name: str) -> None:
    data = _file(name)
    assert str(data["version"]).strip()
    text = resources.files("pipeline.dedup.vocabularies").joinpath(f"{name}.toml").read_text("utf-8")
    header = " ".join(line.lstrip("# ") for line in text.split("version =")[0].splitlines())
    assert "not derived from any input document" in header.lower() or "general english usage" in header.lower()
    assert _lists_without_source(data, False, name) == []


def test_release_records_each_vocabulary_version() -> None:
    assert set(vocabulary().versions) == set(FILES)


def substances(text: str) -> set[str]:
    return {canonical for canonical, _ in read_slots(text).get("substance")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ticagrelor 90 mg twice daily lowered cardiovascular death more than clopidogrel.",
         {"ticagrelor", "clopidogrel"}),
        ("Adding pertuzumab to trastuzumab and docetaxel prolonged survival in HER2-positive breast cancer.",
         {"pertuzumab", "trastuzumab", "docetaxel"}),
        ("Sofosbuvir with velpatasvir cured chronic hepatitis C in 95% of patients.", {"sofosbuvir", "velpatasvir"}),
        ("Tirzepatide produced more weight loss than semaglutide in adults with obesity.",
         {"tirzepatide", "semaglutide"}),
        # not in the vocabulary: read by their WHO INN stems
        ("Zanubrutinib and acalabrutinib were compared in chronic lymphocytic leukaemia.",
         {"zanubrutinib", "acalabrutinib"}),
        ("Mavacamten reduced outflow gradients, unlike placebo.", {"placebo"}),
    ],
)
def test_substances_from_cardiology_oncology_and_infectious_disease_are_read(text: str, expected: set[str]) -> None:
    assert substances(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Auditors will examine the famine relief accounts in April.",
        "The concept was accepted, except by the committee that examined it in April.",
        "Plasma cholesterol fell after the famine ended.",
        "Coral cover declined across the reef between April and June.",
        "Interest rates rose and unemployment fell in the euro area.",
    ],
)
def test_english_words_in_texts_from_other_fields_are_no_substances(text: str) -> None:
    assert substances(text) == set()


def test_an_oncology_pair_that_omits_the_stage_and_year_is_no_conflict_and_one_that_swaps_the_drug_is() -> None:
    a = read_slots("In 2018, pembrolizumab plus chemotherapy extended survival in stage IV lung cancer.")
    b = read_slots("Pembrolizumab plus chemotherapy extended survival in lung cancer.")
    assert compare(a, b).conflicts == ()
    c = read_slots("In 2018, nivolumab plus chemotherapy extended survival in stage IV lung cancer.")
    assert [x.slot for x in compare(a, c).conflicts] == ["substance"]
