from pathlib import Path

import pytest

from pipeline.cli import build_parser, dedup_config_from_args
from pipeline.dedup.config import DedupConfig, field_types


def test_settings_come_from_a_file_then_the_command_line(tmp_path: Path) -> None:
    file = tmp_path / "dedup.toml"
    file.write_text("[dedup]\nnear = 0.93\nconflict_max_slots = 2\n")
    args = build_parser().parse_args(["build", "--dedup-config", str(file), "--dedup-near", "0.95", "--dedup-paraphrase-conflicts", "false"])
    config = dedup_config_from_args(args)
    assert (config.near, config.conflict_max_slots, config.paraphrase_conflicts) == (0.95, 2, False)
    assert config.transformer_budget == DedupConfig().transformer_budget


def test_every_setting_has_a_command_line_option() -> None:
    help_text = build_parser()._subparsers._group_actions[0].choices["build"].format_help()
    for name in field_types():
        assert f"--dedup-{name.replace('_', '-')}" in help_text


@pytest.mark.parametrize(("changes", "message"), [({"nearr": 1}, "unknown dedup setting"), ({"transformer_budget": "many"}, "must be int")])
def test_a_wrong_setting_is_an_error_naming_it(changes: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        DedupConfig().replace(**changes)
