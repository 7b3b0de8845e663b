import json

import bibtexparser
import jsonschema
import pyarrow as pa
import pytest
import rispy

from pipeline.references import build_reference_tables, export_works
from pipeline.references.export import bibtex_entry, csl_schema
from pipeline.references.fields import empty_record


def test_exports_are_valid_parseable_and_deterministic(document_lines, facts):
    works = build_reference_tables(document_lines, facts)["works"]
    files = export_works(works)
    assert set(files) == {"works.csl.json", "works.bib", "works.ris"}
    items = json.loads(files["works.csl.json"])
    jsonschema.validate(items, csl_schema())
    assert [item["id"] for item in items] == sorted(works.column("work_id").to_pylist())
    assert len(bibtexparser.loads(files["works.bib"].decode()).entries) == works.num_rows
    assert len(rispy.loads(files["works.ris"].decode())) == works.num_rows
    assert export_works(works) == files


def test_exported_fields_keep_their_values(document_lines, facts):
    works = build_reference_tables(document_lines, facts)["works"]
    files = export_works(works)
    okafor = next(item for item in json.loads(files["works.csl.json"]) if item.get("DOI") == "10.1136/emj-2016-0001")
    assert okafor["type"] == "article-journal" and okafor["issued"] == {"date-parts": [[2017]]} and okafor["page"] == "80-85"
    entry = next(e for e in bibtexparser.loads(files["works.bib"].decode()).entries if e.get("doi") == "10.1136/emj-2016-0001")
    assert entry["ENTRYTYPE"] == "article" and entry["pages"] == "80--85" and entry["author"].endswith("and others")
    ris = next(r for r in rispy.loads(files["works.ris"].decode()) if r.get("doi") == "10.1136/emj-2016-0001")
    assert (ris["type_of_reference"], ris["start_page"], ris["end_page"]) == ("JOUR", "80", "85")


def test_bibtex_escapes_latex_specials_but_keeps_utf8_names():
    work = {**empty_record(), "work_id": "wrk_0000000000000000", "type": "article-journal",
            "authors": [{"family": "Bolaños-Guzmán", "given": "C. A.", "literal": None}],
            "container_title": "Clinical Pharmacology & Therapeutics", "title": "50% faster"}
    entry = bibtex_entry(work)
    assert entry["journal"] == r"Clinical Pharmacology \& Therapeutics" and entry["title"] == r"50\% faster"
    assert entry["author"] == "Bolaños-Guzmán, C. A."


def _cite(bibliography, work_id: str) -> str:
    import subprocess

    completed = subprocess.run(
        ["pandoc", "--citeproc", f"--bibliography={bibliography}", "-t", "plain"],
        input=f"[@{work_id}]", capture_output=True, text=True, timeout=60, check=True,
    )
    return completed.stdout.splitlines()[0]


def test_pandoc_renders_et_al_from_both_the_csl_json_and_the_bibtex_export(tmp_path):
    import shutil

    if shutil.which("pandoc") is None:
        raise AssertionError("pandoc is missing: `./run test` installs it")
    work = {**empty_record(), "work_id": "wrk_00000000000000aa", "type": "article-journal", "year": 2023,
            "authors": [{"family": "Medeiros", "given": None, "literal": None}], "et_al": True,
            "title": "A trial", "container_title": "A Journal"}
    alone = {**work, "work_id": "wrk_00000000000000bb", "et_al": False,
             "authors": [{"family": "Okafor", "given": None, "literal": None}]}
    files = export_works(pa.Table.from_pylist([work, alone]))
    for name in ("works.csl.json", "works.bib"):
        (tmp_path / name).write_bytes(files[name])
        assert _cite(tmp_path / name, work["work_id"]) == "(Medeiros et al. 2023)", name
        assert _cite(tmp_path / name, alone["work_id"]) == "(Okafor 2023)", name
    ris = {entry["id"]: entry for entry in rispy.loads(files["works.ris"].decode())}
    assert ris[work["work_id"]]["authors"] == ["Medeiros"] and "et al." in ris[work["work_id"]]["notes"][0]
    assert "notes" not in ris[alone["work_id"]]


def test_remembered_validation_gives_the_same_files_and_still_rejects_an_invalid_new_work(
    document_lines, facts, tmp_path
):
    import pytest

    from pipeline.references.export import ValidatedItems

    works = build_reference_tables(document_lines, facts)["works"]
    plain = export_works(works)
    assert export_works(works, tmp_path) == plain  # first build: every item validated, digests stored
    assert len(ValidatedItems(tmp_path).load()) == works.num_rows
    assert export_works(works, tmp_path) == plain  # every item known: the same bytes
    bad = {**works.slice(0, 1).to_pylist()[0], "work_id": "wrk_ffffffffffffffff", "type": "not-a-csl-type"}
    with_bad = pa.concat_tables([works, pa.Table.from_pylist([bad], schema=works.schema)])
    with pytest.raises(jsonschema.ValidationError) as full:
        export_works(with_bad)
    with pytest.raises(jsonschema.ValidationError) as remembered:
        export_works(with_bad, tmp_path)
    assert str(remembered.value) == str(full.value)


def test_a_rebuild_with_the_same_works_reads_the_files_back_and_changed_works_are_exported_afresh(
    document_lines, facts, tmp_path, monkeypatch,
):
    import pipeline.references.export as export

    works = build_reference_tables(document_lines, facts)["works"]
    fresh = export_works(works)
    assert export_works(works, tmp_path) == fresh  # first time: exported and stored
    monkeypatch.setattr(export, "_export", lambda *args: pytest.fail("exported again although the works are the same"))
    assert export_works(works.slice(0), tmp_path) == fresh  # read back
    monkeypatch.undo()
    titles = works.column("title").to_pylist()
    changed = works.set_column(works.schema.get_field_index("title"), "title",
                               pa.array(["A new title"] + titles[1:], works.schema.field("title").type))
    assert export_works(changed, tmp_path) == export_works(changed) != fresh
