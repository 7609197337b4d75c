"""The README's text captures (Poul's overview, the FEV1 trend) are what the app renders now.
After a deliberate visual change: `python -m bench.readme_capture --write`."""

from __future__ import annotations

import pytest

from bench.readme_capture import NAMES, README, capture_blocks, readme_blocks

pytestmark = pytest.mark.usefixtures("ui_home")


def test_readme_captures_match_the_app(monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    in_readme = readme_blocks(README.read_text(encoding="utf-8"))
    assert set(in_readme) == set(NAMES)
    rendered = capture_blocks()
    for name in NAMES:
        assert in_readme[name] == rendered[name], f"run: python -m bench.readme_capture --write ({name})"
    assert "Udvikling: FEV1 (l)" in rendered["trend"] and "0,81" in rendered["trend"]
    assert "Aktuel medicin" in rendered["overview"]
