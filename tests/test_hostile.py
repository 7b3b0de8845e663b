"""A real build over the seeds plus every hostile case publishes, with each case's outcome recorded."""

from __future__ import annotations

import dagster as dg
import duckdb
import pytest

from pipeline.build import build_dataset
from pipeline.common.markdown import escape_markdown
from pipeline.parsing.corpus import parse_corpus, scan_inputs
from tests.conftest import SEEDS, SHARED_CACHE
from tests.hostile import NEWLINE_NAME, make_hostile_corpus

pytestmark = pytest.mark.slow(8)  # the module fixture's builds; xdist starts it early


@pytest.fixture(scope="module")
def hostile_release(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    inbox = make_hostile_corpus(root / "inbox", with_seeds=SEEDS)
    with dg.DagsterInstance.ephemeral() as instance:
        outcome = build_dataset(seeds_dir=inbox, data_dir=root / "out", cache_dir=SHARED_CACHE, instance=instance)
    assert outcome.published, outcome.report()
    con = duckdb.connect(f"{outcome.release_path}/dataset.duckdb", read_only=True)
    yield outcome, con
    con.close()


def _one(con, sql: str, *params):
    return con.execute(sql, list(params)).fetchall()


def _status(con) -> dict[str, str]:
    return dict(_one(con, "select path, status from documents"))


def _reject_codes(con, path: str) -> list[tuple[int | None, str]]:
    rows = _one(con, "select line_no, reason from rejects where path = ? order by line_no", path)
    return [(line_no, reason.split(" ", 1)[0]) for line_no, reason in rows]


def _issue_codes(con, path: str) -> set[str]:
    return {code for (code,) in _one(con, "select code from parse_issues where path = ?", path)}


def test_every_good_document_is_published(hostile_release) -> None:
    _, con = hostile_release
    status = _status(con)
    assert all(status[f"inbox/{p.name}"] == "parsed" for p in SEEDS.glob("*.txt"))


def test_byte_identical_and_empty_files_are_separate_documents(hostile_release) -> None:
    _, con = hostile_release
    first_seed = sorted(SEEDS.glob("*.txt"))[0].name
    ids = dict(_one(con, "select path, document_id from documents"))
    assert ids[f"inbox/{first_seed}"] != ids["inbox/zz_byte_identical_copy.txt"]
    assert _status(con)["inbox/zz_byte_identical_copy.txt"] == "parsed"
    assert ids["inbox/empty_a.txt"] != ids["inbox/empty_b.txt"]
    assert _reject_codes(con, "inbox/empty_a.txt") == _reject_codes(con, "inbox/empty_b.txt") == [(None, "empty_file")]


def test_facts_starting_with_lowercase_digits_quotes_or_brackets_are_facts(hostile_release) -> None:
    _, con = hostile_release
    facts = dict(_one(con, "select f.text, f.fact_type from facts f join documents d using (document_id) "
                           "where d.path = 'inbox/lowercase_facts.txt'"))
    for start in ("van Dyck et al.", "de Vries et al.", "aan het Rot et al.", "von Rotz et al."):
        assert any(text.startswith(start) and kind == "reference" for text, kind in facts.items()), start
    for start in ("mRNA", "p53", "eGFR", "iPSC", "2019", '"Quoted"', "[Bracketed]"):
        assert any(text.startswith(start) for text in facts), start
    assert facts["The unknown type prefix is kept and reported."] == "unknown"
    assert _reject_codes(con, "inbox/lowercase_facts.txt") == []
    assert "unknown_fact_type" in _issue_codes(con, "inbox/lowercase_facts.txt")


def test_cr_only_line_ends_give_the_same_page_as_lf(hostile_release) -> None:
    _, con = hostile_release
    counts = dict(_one(con, "select d.path, count(f.fact_id) from documents d left join facts f using (document_id) "
                            "where d.path in ('inbox/cr_only.txt', 'inbox/lowercase_facts.txt') group by 1"))
    assert counts["inbox/cr_only.txt"] == counts["inbox/lowercase_facts.txt"] == 12


def test_absurd_counts_and_year_typos_become_null_with_an_issue(hostile_release) -> None:
    _, con = hostile_release
    assert _status(con)["inbox/absurd_count.txt"] == "parsed"
    assert _one(con, "select declared_fact_count from sources s join documents d using (document_id) "
                     "where d.path = 'inbox/absurd_count.txt'") == [(None,)]
    assert "implausible_value" in _issue_codes(con, "inbox/absurd_count.txt")
    years = _one(con, "select r.year, r.pages from \"references\" r join documents d using (document_id) "
                      "where d.path = 'inbox/reference_year_typo.txt' and r.raw_text like 'Ng, K.%'")
    assert years == [(None, None)]
    messages = [m for (m,) in _one(con, "select message from parse_issues where path = 'inbox/reference_year_typo.txt'")]
    assert any("'2999'" in m for m in messages) and any("'99-12'" in m for m in messages)


def test_encodings_are_decoded_and_bad_bytes_reported(hostile_release) -> None:
    _, con = hostile_release
    text = {path: "\n".join(t for (t,) in _one(con, "select l.text from document_lines l join documents d using "
                                                    "(document_id) where d.path = ? order by line_no", path))
            for path in ("inbox/invalid_utf8.txt", "inbox/utf16_bom.txt", "inbox/cp1252.txt")}
    assert "bad byte \ufffd here" in text["inbox/invalid_utf8.txt"]
    (message,) = [m for (m,) in _one(con, "select message from parse_issues where path = 'inbox/invalid_utf8.txt' "
                                          "and code = 'invalid_encoding'")]
    assert "inbox/invalid_utf8.txt:4: invalid UTF-8 at byte 34 (ff)" in message
    assert "é, ü" in text["inbox/utf16_bom.txt"]
    assert "crème brûlée coûte 5 €" in text["inbox/cp1252.txt"]
    assert "encoding_detected" in _issue_codes(con, "inbox/cp1252.txt")


def test_a_control_byte_rejects_one_line_and_binary_files_are_rejected_whole(hostile_release) -> None:
    _, con = hostile_release
    assert _reject_codes(con, "inbox/nul_byte.txt") == [(4, "control_character")]
    assert _status(con)["inbox/nul_byte.txt"] == "partial"
    assert _reject_codes(con, "inbox/binary.txt") == [(None, "binary_file")]


def test_a_long_single_line_is_parsed(hostile_release) -> None:
    _, con = hostile_release
    assert _status(con)["inbox/long_single_line.txt"] == "parsed"
    assert _reject_codes(con, "inbox/long_single_line.txt") == []


def test_file_system_cases_are_rejected_or_skipped_with_their_reason(hostile_release) -> None:
    _, con = hostile_release
    expected = {
        "inbox/outside_link.txt": ("skipped", "skipped_outside_link"),
        "inbox/dangling_link.txt": ("rejected", "broken_symlink"),
        "inbox/loop_a.txt": ("rejected", "symlink_loop"),
        "inbox/folder_link": ("skipped", "skipped_folder_link"),
        "inbox/folder.txt": ("rejected", "not_a_file"),
        "inbox/.git": ("skipped", "skipped_hidden"),
        "inbox/pipe.txt": ("rejected", "not_a_regular_file"),
        "inbox/socket.txt": ("rejected", "not_a_regular_file"),
    }
    status = _status(con)
    for path, (state, code) in expected.items():
        assert (status[path], _reject_codes(con, path)) == (state, [(None, code)]), path
    assert status["inbox/folder.txt/inside.txt"] == "parsed"
    assert not _one(con, "select 1 from document_lines where text like 'root:%'")


def test_a_file_name_with_a_newline_is_escaped_in_the_dataset_card(hostile_release) -> None:
    outcome, con = hostile_release
    assert _status(con)[f"inbox/{NEWLINE_NAME}"] == "parsed"
    card = open(f"{outcome.release_path}/README.md", encoding="utf-8").read()
    assert escape_markdown(f"inbox/{NEWLINE_NAME}") in card
    assert not any(line.startswith("break") for line in card.splitlines())


def test_a_file_that_vanishes_after_discovery_is_rejected_with_the_os_error(tmp_path) -> None:
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "gone.txt").write_text("A Title\nA sentence.\n")
    inputs = scan_inputs(tmp_path / "inbox")
    (tmp_path / "inbox" / "gone.txt").unlink()
    tables = parse_corpus(inputs, tmp_path / "cache")
    assert tables["documents"].column("status").to_pylist() == ["rejected"]
    assert tables["rejects"].column("reason").to_pylist() == [
        "unreadable_file (inbox/gone.txt): [Errno 2] No such file or directory"]
