"""The README's text captures of the app: Poul's overview and the FEV1 trend, rendered by the
app at a fixed size over the synthetic fixtures (pinned date, no colour).

Regenerate after a visual change (one command, from the repository root):

    python -m bench.readme_capture --write

Without `--write` it prints the captures. `tests/test_readme_capture.py` fails when the
README's blocks differ from what the app renders now.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
SIZE = (100, 30)
BEGIN = "<!-- capture:{name} (python -m bench.readme_capture --write) -->"
END = "<!-- /capture:{name} -->"
NAMES = ("overview", "trend")


def _tests_on_path() -> None:
    tests = str(REPO / "tests")
    if tests not in sys.path:
        sys.path.append(tests)


async def render() -> dict[str, str]:
    """name -> the screen as plain text (trailing spaces trimmed)."""
    _tests_on_path()
    from sjtui.ui.widgets.entry_list import EntryList

    from clinical_records import fixture_record, fixture_summary
    from ui_fakes import FakeService, make_app, open_poul, screen_text, settle_active_pane, wait_for_text

    app = make_app(FakeService({"poul": fixture_record("poul")}, [fixture_summary("poul")]), lang="da")
    shots: dict[str, str] = {}
    async with app.run_test(size=SIZE) as pilot:
        await open_poul(pilot)
        await settle_active_pane(pilot)
        shots["overview"] = screen_text(app)
        await pilot.press("3")
        await settle_active_pane(pilot)
        entries = app.screen.query_one("#pane-labs").query_one(EntryList)
        row = next(n for n in range(entries.row_count) if entries.get_row_at(n)[2].plain.strip() == "FEV1")
        entries.move_cursor(row=row, animate=False)
        await pilot.pause()
        await pilot.press("t")
        await wait_for_text(pilot, "Udvikling: FEV1")
        await pilot.pause(0.2)
        shots["trend"] = screen_text(app)
    return {name: "\n".join(line.rstrip() for line in text.rstrip().splitlines()) for name, text in shots.items()}


def capture_blocks() -> dict[str, str]:
    saved = {k: os.environ.get(k) for k in ("TERM", "NO_COLOR", "SJTUI_HOME")}
    with tempfile.TemporaryDirectory() as home:  # nothing of the user's own sjtui touched
        os.environ.update(TERM="xterm-256color", NO_COLOR="1", SJTUI_HOME=home)
        try:
            return asyncio.run(render())
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def block(name: str, text: str) -> str:
    return f"{BEGIN.format(name=name)}\n```text\n{text}\n```\n{END.format(name=name)}"


def readme_blocks(readme: str) -> dict[str, str]:
    """name -> the capture text in the README (without the fence)."""
    found = {}
    for name in NAMES:
        pattern = re.escape(BEGIN.format(name=name)) + r"\n```text\n(.*?)\n```\n" + re.escape(END.format(name=name))
        match = re.search(pattern, readme, flags=re.S)
        if match:
            found[name] = match.group(1)
    return found


def write(readme_path: Path, shots: dict[str, str]) -> None:
    readme = readme_path.read_text(encoding="utf-8")
    for name, text in shots.items():
        pattern = re.escape(BEGIN.format(name=name)) + r".*?" + re.escape(END.format(name=name))
        readme = re.sub(pattern, lambda _m, n=name, t=text: block(n, t), readme, flags=re.S)
    readme_path.write_text(readme, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite the README's capture blocks")
    args = parser.parse_args()
    shots = capture_blocks()
    if args.write:
        write(README, shots)
    else:
        for name, text in shots.items():
            print(block(name, text))


if __name__ == "__main__":
    main()
