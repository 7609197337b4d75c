"""The committed fixture JSON is exactly what the builders produce (no silent hand edits)."""

from __future__ import annotations

from pathlib import Path

from sjtui.demo.synthetic import build_all
from sjtui.demo.synthetic.__main__ import main

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_committed_fixtures_equal_builder_output() -> None:
    built = build_all()
    committed = {p.name for p in FIXTURES.glob("*.json")}
    assert committed == set(built), "run: python -m sjtui.demo.synthetic --out fixtures"
    for name, text in built.items():
        assert (FIXTURES / name).read_text(encoding="utf-8") == text, (
            f"{name} differs from the builder; run: python -m sjtui.demo.synthetic --out fixtures"
        )


def test_builders_are_deterministic_and_text_is_canonical() -> None:
    first, second = build_all(), build_all()
    assert first == second
    for text in first.values():
        assert text.endswith("}\n") and '\n "entry"' in text


def test_cli_writes_the_fixture_files(tmp_path: Path) -> None:
    assert main(["--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(build_all())
