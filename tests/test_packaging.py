"""The wheel ships every sub-package, the Textual CSS and the fixtures."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

import sjtui

REPO = Path(__file__).resolve().parents[1]


def test_every_subpackage_is_listed_in_pyproject() -> None:
    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    on_disk = {
        ".".join(("sjtui", *p.parent.relative_to(REPO / "sjtui").parts)).rstrip(".")
        for p in (REPO / "sjtui").rglob("__init__.py")
    }
    on_disk = {name[:-1] if name.endswith(".") else name for name in on_disk}
    missing = on_disk - listed
    assert not missing, f"add to [tool.setuptools] packages: {sorted(missing)}"


def test_styles_and_fixtures_are_installed_resources() -> None:
    styles = [p.name for p in resources.files("sjtui.styles").iterdir() if p.name.endswith(".tcss")]
    fixtures = [p.name for p in resources.files("sjtui.fixtures").iterdir() if p.name.endswith(".json")]
    assert "app.tcss" in styles
    assert "poul.json" in fixtures
    assert sjtui.__version__
