"""Markdown tables: one header rule, cells that cannot break the table or inject markup."""

from __future__ import annotations

from pipeline.common.markdown import escape_markdown, markdown_table


def test_a_table_has_a_header_a_rule_and_one_line_per_row() -> None:
    assert markdown_table(["a", "b"], [[1, "x"], [2, "y"]]) == ["| a | b |", "| --- | --- |", "| 1 | x |", "| 2 | y |"]


def test_a_pipe_in_a_cell_is_escaped_once() -> None:
    assert markdown_table(["a"], [["x|y"], [escape_markdown("p|q")]])[2:] == ["| x\\|y |", "| p\\|q |"]


def test_a_newline_becomes_a_visible_escape_and_markup_is_escaped() -> None:
    shown = escape_markdown("a\nb*c*")
    assert "\n" not in shown
    assert shown == r"a\\nb\*c\*"  # renders as: a\nb*c*
