"""The linter's configuration knows the test suite's own helper modules: ruff sorts their
imports with the local folder (after `sjtui`), not among third-party packages. A new helper
module must be added to `known-local-folder`, or ruff would sort it wrongly and silently."""

from __future__ import annotations

import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_every_test_helper_module_is_a_known_local_folder() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    known = set(config["tool"]["ruff"]["lint"]["isort"]["known-local-folder"])
    helpers = {p.stem for p in (REPO / "tests").glob("*.py") if not p.stem.startswith("test_")}
    assert helpers - known == set(), "add these to [tool.ruff.lint.isort] known-local-folder"
    assert known - helpers == set(), "these are listed but no longer exist in tests/"
