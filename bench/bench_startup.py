"""Cold start: time to the first frame of sjtui (headless) vs a bare Textual app.

Each run is a fresh interpreter (cold imports; the OS file cache is warm after the first run,
as it would be on a thin client serving many sessions). Measured: wall time from spawning the
process to the app being ready in `App.run_test(size=(120, 40))` (first screen mounted and
painted), reported by the child on the parent's clock (time.time()). Median of `--runs`; the
cases take turns run by run, so load from other work on the machine falls on all of them.

The bare app (bench/bare_app.py) has the same widget kinds: Header, Input, DataTable, Footer.
sjtui is built the way `python -m sjtui` builds it (bench/sjtui_app.py: embedded demo backend,
services, idle lock configured, throwaway SJTUI_HOME with a lock PIN already set, as for a
returning clinician): once with an in-memory key (the app's own start, the figure compared with the
target) and once unlocking the key as the CLI does with SJTUI_PASSPHRASE (scrypt), which a
user with a passphrase pays before the first frame.

    PYTHONPATH=. /work/venv/bin/python bench/bench_startup.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import PYTHON, BenchError, bench_env, md_table, median
from bench.sjtui_app import preset_pin

TARGET_RATIO = 1.3

_PRELUDE = "import time; _t0 = time.perf_counter()\n"

_BARE = _PRELUDE + r"""
import asyncio, json
from bench.bare_app import BareApp

async def main():
    app = BareApp()
    async with app.run_test(size=(120, 40)):
        print(json.dumps({"ready_at": time.time(), "in_process": time.perf_counter() - _t0}), flush=True)

asyncio.run(main())
"""

_SJTUI = _PRELUDE + r"""
import asyncio, json, sys
from bench.sjtui_app import make_app

async def main():
    app = make_app(unlock=sys.argv[1] == "unlock", server=sys.argv[2] if len(sys.argv) > 2 else None)
    async with app.run_test(size=(120, 40)):
        print(json.dumps({"ready_at": time.time(), "in_process": time.perf_counter() - _t0}), flush=True)

asyncio.run(main())
"""

_IMPORTS = _PRELUDE + r"""
import json
import textual.app
print(json.dumps({"ready_at": time.time(), "in_process": time.perf_counter() - _t0}), flush=True)
"""


def _one(code: str, *args: str) -> tuple[float, float]:
    with tempfile.TemporaryDirectory(prefix="sjtui-start-") as home:
        if code is _SJTUI:
            preset_pin(home)  # a returning clinician: no first-start PIN window (not timed)
        env = bench_env(SJTUI_HOME=home, SJTUI_PASSPHRASE="bench", TEXTUAL_ANIMATIONS="none")
        start = time.time()
        proc = subprocess.run([PYTHON, "-c", code, *args], env=env, capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        raise BenchError(f"startup child failed: {proc.stderr.strip()[-800:]}")
    data = json.loads([ln for ln in proc.stdout.splitlines() if ln.startswith("{")][-1])
    return data["ready_at"] - start, data["in_process"]


def measure(runs: int) -> dict[str, tuple[float, float]]:
    results: dict[str, tuple[float, float]] = {}
    cases = (
        ("python + import textual.app", _IMPORTS, ()),
        ("bare Textual app", _BARE, ()),
        ("sjtui", _SJTUI, ("ephemeral",)),
        ("sjtui, remote server set (no embedded demo)", _SJTUI, ("ephemeral", "https://fhir.example.org/R4")),
        ("sjtui incl. key unlock (passphrase, scrypt)", _SJTUI, ("unlock",)),
    )
    for _name, code, args in cases:
        _one(code, *args)  # warm the OS file cache; not counted
    # Round-robin: each round runs every case once, so a change of machine load (a shared
    # VM's cores) falls on all cases alike instead of on whichever case ran at the time.
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name, _code, _args in cases}
    for _ in range(runs):
        for name, code, args in cases:
            samples[name].append(_one(code, *args))
    for name, runs_of_case in samples.items():
        results[name] = (median([w for w, _ in runs_of_case]), median([i for _, i in runs_of_case]))
    return results


def report(results: dict[str, tuple[float, float]], runs: int) -> str:
    bare = results["bare Textual app"][0]
    rows = [
        [name, f"{wall * 1000:.0f} ms", f"{inside * 1000:.0f} ms", f"{wall / bare:.2f}x"]
        for name, (wall, inside) in results.items()
    ]
    ratio = results["sjtui"][0] / bare
    verdict = "met" if ratio <= TARGET_RATIO else "missed"
    return "\n".join([
        f"### Cold start to first frame (headless, 120x40, median of {runs})",
        "",
        md_table(["app", "spawn to first frame", "of which in-process", "vs bare"], rows),
        "",
        f"sjtui / bare = {ratio:.2f}x (target <= {TARGET_RATIO}x: {verdict}).",
    ])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Cold start: sjtui vs a bare Textual app.")
    p.add_argument("--runs", type=int, default=5)
    args = p.parse_args(argv)
    try:
        results = measure(args.runs)
    except BenchError as exc:
        print(f"bench_startup: {exc}", file=sys.stderr)
        return 2
    print(report(results, args.runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
