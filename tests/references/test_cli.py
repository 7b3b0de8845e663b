import argparse
import io
import json

from pipeline.references.cli import register, write_parsed
from pipeline.references.fields import FIELDS
from pipeline.references.parse import parse_reference_checked


def test_one_json_object_per_non_blank_line_in_input_order(tmp_path):
    path = tmp_path / "refs.txt"
    path.write_text("doi:10.5555/ABC\n\n   \nOkafor et al. (2017) described rural use.\n", encoding="utf-8")
    sink = io.StringIO()
    write_parsed(path, sink)
    rows = [json.loads(line) for line in sink.getvalue().splitlines()]
    assert [row["line_no"] for row in rows] == [1, 4]
    assert all(list(row) == ["line_no", *FIELDS] for row in rows)
    assert rows[0]["doi"] == "10.5555/abc" and rows[1]["authors"] == [{"family": "Okafor"}]


def test_register_adds_refs_parse_with_a_file_argument(tmp_path, capsys):
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command", required=True))
    path = tmp_path / "refs.txt"
    path.write_text("Ng, K. (2020) 'Title', Journal, 1(2), pp. 3–4.\n", encoding="utf-8")
    args = parser.parse_args(["refs", "parse", str(path)])
    assert args.handler(args) == 0
    (row,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert row["pages"] == "3-4" and row["authors"] == [{"family": "Ng", "given": "K."}]


def test_file_is_read_like_a_build_reads_it_and_bad_lines_do_not_stop_the_run(tmp_path, monkeypatch):
    path = tmp_path / "refs.txt"
    path.write_bytes("Lee, K. (2999) ‘Title’, Journal, 1(2), pp. 9–4.\r".encode() + b"bad \x00 line\rNg, K. (2020) crash\r")

    def parse(text):
        if "crash" in text:
            raise ValueError("a parser bug")
        return parse_reference_checked(text)

    monkeypatch.setattr("pipeline.references.cli.parse_reference_checked", parse)
    sink = io.StringIO()
    write_parsed(path, sink)
    first, second, third = [json.loads(line) for line in sink.getvalue().splitlines()]
    assert first["year"] is None and first["pages"] is None
    assert [(i["field"], i["raw"]) for i in first["implausible"]] == [("year", "2999"), ("pages", "9-4")]
    assert second == {"line_no": 2, "rejected": "control_character: control character U+0000 at character 4 of the line"}
    assert third["line_no"] == 3 and third["error"].startswith("parser error: ValueError: a parser bug")
