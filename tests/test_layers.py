"""The headless core never imports Textual, and layers import only downwards (DESIGN.md §2).

The layers are written as import-linter contracts in pyproject.toml; the Textual check runs in
a fresh interpreter so modules imported by other tests don't hide a leak (a dynamic import too).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import sjtui

PACKAGE_DIR = Path(sjtui.__file__).parent
REPO = Path(__file__).resolve().parents[1]
HEADLESS = ["sjtui.fhir", "sjtui.record", "sjtui.cache", "sjtui.audit", "sjtui.access", "sjtui.crypto", "sjtui.auth"]


def _modules_of(package: str) -> list[str]:
    base = PACKAGE_DIR.joinpath(*package.split(".")[1:])
    names = []
    for path in sorted(base.rglob("*.py")):
        rel = path.relative_to(PACKAGE_DIR).with_suffix("")
        parts = [p for p in rel.parts if p != "__init__"]
        names.append(".".join(["sjtui", *parts]))
    return names


@pytest.mark.parametrize("package", HEADLESS)
def test_headless_packages_never_import_textual(package: str) -> None:
    modules = _modules_of(package)
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"{package} pulled in Textual: {out.stdout.strip()[:200]}"


def test_the_layer_contract_holds() -> None:
    """The contracts in pyproject.toml ([tool.importlinter]): layers, the demo apart, no cycles."""
    lint_imports = Path(sys.executable).with_name("lint-imports")
    out = subprocess.run([str(lint_imports), "--no-cache"], cwd=REPO, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-1000:]
