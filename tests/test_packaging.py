"""The wheel and the sdist, built from a clean copy of the tracked files, ship exactly the
package, its Textual CSS, its fixtures and `py.typed`: nothing missing, nothing stray."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from importlib import resources
from pathlib import Path

import pytest

import sjtui

REPO = Path(__file__).resolve().parents[1]
# Top-level folders shipped inside the package (pyproject.toml [tool.setuptools.package-dir]).
RESOURCE_DIRS = {"styles": ("sjtui.styles", "*.tcss"), "fixtures": ("sjtui.fixtures", "*.json")}


def _tracked_files() -> list[str]:
    out = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True)
    return [name for name in out.stdout.decode().split("\0") if name and (REPO / name).is_file()]


def _shipped_sources(tracked: list[str]) -> set[str]:
    """What the package consists of, as paths in the source tree."""
    shipped = set()
    for name in tracked:
        path = Path(name)
        if path.parts[0] == "sjtui" and (path.suffix == ".py" or name == "sjtui/py.typed"):
            shipped.add(name)
        elif path.parts[0] in RESOURCE_DIRS and len(path.parts) == 2:
            pattern = RESOURCE_DIRS[path.parts[0]][1]
            if path.name == "__init__.py" or path.match(pattern):
                shipped.add(name)
    return shipped


def _in_wheel(source: str) -> str:
    top, _, _rest = source.partition("/")
    return f"sjtui/{source}" if top in RESOURCE_DIRS else source


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], Path, Path]:
    """Copy the tracked files (as they are in the working tree) and build from that copy."""
    tracked = _tracked_files()
    clean = tmp_path_factory.mktemp("clean-copy")
    for name in tracked:
        target = clean / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, target)
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(clean)], capture_output=True, check=True)
    (wheel,) = out.glob("*.whl")
    (sdist,) = out.glob("*.tar.gz")
    return tracked, wheel, sdist


def test_the_wheel_ships_exactly_the_package_styles_fixtures_and_py_typed(built) -> None:
    tracked, wheel, _ = built
    version = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]
    dist_info = f"sjtui-{version}.dist-info"
    expected = {_in_wheel(name) for name in _shipped_sources(tracked)} | {
        f"{dist_info}/{name}" for name in ("METADATA", "WHEEL", "RECORD", "entry_points.txt", "top_level.txt")
    }
    with zipfile.ZipFile(wheel) as archive:
        actual = {name for name in archive.namelist() if not name.endswith("/")}
    assert actual == expected, {"missing": sorted(expected - actual), "stray": sorted(actual - expected)}
    assert {"sjtui/py.typed", "sjtui/styles/app.tcss", "sjtui/fixtures/poul.json"} <= actual


def test_the_sdist_ships_the_sources_and_the_build_files_only(built) -> None:
    tracked, _, sdist = built
    version = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]
    egg_info = {
        f"sjtui.egg-info/{name}"
        for name in (
            "PKG-INFO",
            "SOURCES.txt",
            "dependency_links.txt",
            "entry_points.txt",
            "requires.txt",
            "top_level.txt",
        )
    }
    expected = (
        _shipped_sources(tracked)
        | egg_info
        | {"PKG-INFO", "setup.cfg", "README.md", "pyproject.toml", "setup.py", "MANIFEST.in"}
    )
    with tarfile.open(sdist) as archive:
        prefix = f"sjtui-{version}/"
        actual = {m.name.removeprefix(prefix) for m in archive.getmembers() if m.isfile()}
    assert actual == expected, {"missing": sorted(expected - actual), "stray": sorted(actual - expected)}


def test_styles_and_fixtures_are_installed_resources() -> None:
    styles = [p.name for p in resources.files("sjtui.styles").iterdir() if p.name.endswith(".tcss")]
    fixtures = [p.name for p in resources.files("sjtui.fixtures").iterdir() if p.name.endswith(".json")]
    assert "app.tcss" in styles
    assert "poul.json" in fixtures
    assert sjtui.__version__
