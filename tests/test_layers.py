"""The headless core never imports Textual, and layers import only downwards (DESIGN.md §2).

Each check runs in a fresh interpreter so modules imported by other tests don't hide a leak.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import sjtui

PACKAGE_DIR = Path(sjtui.__file__).parent
HEADLESS = ["sjtui.fhir", "sjtui.record", "sjtui.cache", "sjtui.audit", "sjtui.access", "sjtui.crypto",
            "sjtui.auth"]


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


# Which top-level sub-packages each layer may import (besides itself and leaf modules).
ALLOWED = {
    "fhir": {"auth"},
    "auth": {"crypto"},
    "crypto": set(),
    "access": {"crypto"},
    "cache": {"crypto"},
    "audit": {"crypto", "access", "fhir"},
    "record": {"fhir", "cache", "audit", "access", "crypto"},
}
LEAVES = {"sjtui", "sjtui.cpr", "sjtui.locations", "sjtui.config"}


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_layers_import_only_downwards(layer: str) -> None:
    offenders = []
    for path in (PACKAGE_DIR / layer).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                if not name.startswith("sjtui") or name in LEAVES:
                    continue
                target = name.split(".")[1]
                if target != layer and target not in ALLOWED[layer] and name not in LEAVES:
                    offenders.append(f"{path.name}: {name}")
    assert not offenders, offenders
