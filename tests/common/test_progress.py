"""Progress reports: throttled to about twenty per stage, shown on a terminal only."""

import io

from hypothesis import given
from hypothesis import strategies as st

from pipeline.common.progress import REPORTS_PER_STAGE, ProgressLine, is_checkpoint


@given(st.integers(min_value=1, max_value=100_000))
def test_a_stage_reports_at_its_end_and_at_most_about_twenty_times(total):
    points = [done for done in range(1, total + 1) if is_checkpoint(done, total)]
    assert points[-1] == total
    assert len(points) <= REPORTS_PER_STAGE + 1
    assert len(points) >= min(total, REPORTS_PER_STAGE) // 2


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_pipe_or_file_gets_no_progress_output():
    stream = io.StringIO()
    line = ProgressLine(stream)
    line.show("parse: 1/2 documents parsed")
    line.clear()
    assert stream.getvalue() == ""


def test_a_terminal_line_is_rewritten_in_place_and_cut_to_the_width(monkeypatch):
    monkeypatch.setenv("COLUMNS", "20")
    stream = _Terminal()
    line = ProgressLine(stream)
    line.show("parse: 1/2 documents parsed\nsecond line")
    line.show("dedup")
    line.clear()
    assert stream.getvalue() == "\rparse: 1/2 document\x1b[K\rdedup\x1b[K\r\x1b[K"
