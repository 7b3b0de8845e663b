import argparse
import io
import json

from pipeline.references.cli import register, write_parsed
from pipeline.references.fields import FIELDS


def test_one_json_object_per_non_blank_line_in_input_order():
    source = io.StringIO("doi:10.5555/ABC\n\n   \nOkafor et al. (2017) described rural use.\n")
    sink = io.StringIO()
    write_parsed(source, sink)
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
