"""The docs say what the code does (issue 10, point 9): the README's paths and commands,
the CLI's help against the README, and docs/validation-codes.md against the codes."""

from __future__ import annotations

import re

import pytest

from corridors.cli import build_parser
from corridors.domain.paths import PROJECT_ROOT
from corridors.ingest.problems import CODES

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
CODES_DOC = (PROJECT_ROOT / "docs" / "validation-codes.md").read_text(encoding="utf-8")


def _section(text: str, title: str) -> str:
    start = text.index(f"## {title}")
    end = text.find("\n## ", start + 1)
    return text[start:end if end != -1 else None]


def _subcommands() -> dict:
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")  # noqa: SLF001
    return dict(action.choices)


def _readme_command_lines() -> dict[str, str]:
    block = re.search(r"```\n(corridors .*?)```", _section(README, "Command line"), re.S)
    lines = [line for line in block.group(1).splitlines() if line.startswith("corridors ")]
    return {line.split()[1]: line for line in lines if not line.split()[1].startswith("-")}


@pytest.mark.parametrize("path", sorted(set(re.findall(
    r"^\| `([^`]+)`", _section(README, "Where things are"), re.M))))
def test_every_path_the_readme_names_exists(path):
    for name in re.split(r"`, `|, ", path):
        assert (PROJECT_ROOT / name.strip("`")).exists(), name


def test_the_readme_lists_every_command_and_only_those():
    assert set(_readme_command_lines()) == set(_subcommands())


@pytest.mark.parametrize("command", sorted(_subcommands()))
def test_every_option_the_readme_shows_exists(command):
    line = _readme_command_lines()[command]
    known = {opt for action in _subcommands()[command]._actions  # noqa: SLF001
             for opt in action.option_strings}
    for option in re.findall(r"--[a-z][a-z-]*", line):
        assert option in known, f"README shows {option} for `corridors {command}`"


def test_the_readme_names_the_version_flag_and_the_two_make_commands():
    assert "corridors --version" in README
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("run", "test"):
        assert f"make {target}" in README and re.search(rf"^{target}:", makefile, re.M)


def test_validation_codes_doc_lists_exactly_the_codes():
    documented = dict(re.findall(r"^\| `([a-z-]+)` \| (error|warning) \|", CODES_DOC, re.M))
    assert documented == dict(CODES)


def test_library_code_cites_no_section_of_a_design_file_outside_the_repository():
    cited = [f"{path.relative_to(PROJECT_ROOT)}:{number}"
             for path in sorted((PROJECT_ROOT / "corridors").rglob("*.py"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if re.search(r"DESIGN [0-9]", line)]
    assert cited == []
