"""Cold start: time to the first frame of sjtui (headless) vs a like-for-like minimal app.

Each run is a fresh interpreter (cold imports; the OS file cache is warm after the first run,
as it would be on a thin client serving many sessions). Measured: wall time from spawning the
process to the app being ready in `App.run_test(size=(120, 40))` (first screen mounted and
painted), reported by the child on the parent's clock (time.time()). Median of `--runs`; the
cases take turns run by run, so load from other work on the machine falls on all of them.

The baseline (issue 14) is `bench/minimal_app.py`: the widgets sjtui's first frame shows (a
title, an input, a hint, a hidden result table with its columns, a status line, a footer),
nothing filled before the first frame. The earlier baseline `bare_app.py` filled a 300-row
table first; it is still listed, marked as such, and not used for the ratio.

Both sides run from compiled bytecode, as installed packages do (`compile_project`: Textual
is compiled by its install, sjtui is compiled first unless `--no-compile`).

sjtui is built the way `python -m sjtui` builds it (bench/sjtui_app.py: embedded demo backend,
services, idle lock configured, throwaway SJTUI_HOME, a returning clinician whose key and lock
PIN exist already, made before the timed run):
- **keyring** (the figure compared with the target): the CLI's key unlock with a keyring; the
  keyring is `bench/env_keyring.py` (an in-memory test backend, as the tests use: the OS
  keyring's own D-Bus latency is not included);
- **passphrase**: no keyring, the key unlocked with SJTUI_PASSPHRASE (scrypt), reported apart;
- **in-memory key**: the app alone, without the unlock (the earlier figure, for reference).

    PYTHONPATH=. python bench/bench_startup.py [--runs 7]
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

from bench.common import PYTHON, REPO, BenchError, bench_env, md_table, median
from bench.sjtui_app import preset_pin

TARGET_RATIO = 1.3

_PRELUDE = "import time; _t0 = time.perf_counter()\n"

_BARE = (
    _PRELUDE
    + r"""
import asyncio, json
from bench.bare_app import BareApp

async def main():
    app = BareApp()
    async with app.run_test(size=(120, 40)):
        print(json.dumps({"ready_at": time.time(), "in_process": time.perf_counter() - _t0, "cpu": time.process_time()}), flush=True)

asyncio.run(main())
"""
)

_MINIMAL = (
    _PRELUDE
    + r"""
import asyncio, json
from bench.minimal_app import MinimalApp

async def main():
    app = MinimalApp()
    async with app.run_test(size=(120, 40)):
        print(json.dumps({"ready_at": time.time(), "in_process": time.perf_counter() - _t0, "cpu": time.process_time()}), flush=True)

asyncio.run(main())
"""
)

_SJTUI = (
    _PRELUDE
    + r"""
import asyncio, json, sys
from bench.sjtui_app import make_app

async def main():
    app = make_app(unlock=sys.argv[1] == "unlock", server=sys.argv[2] if len(sys.argv) > 2 else None)
    async with app.run_test(size=(120, 40)):
        print(json.dumps({"ready_at": time.time(), "in_process": time.perf_counter() - _t0, "cpu": time.process_time()}), flush=True)

asyncio.run(main())
"""
)

_IMPORTS = (
    _PRELUDE
    + r"""
import json
import textual.app
print(json.dumps({"ready_at": time.time(), "in_process": time.perf_counter() - _t0, "cpu": time.process_time()}), flush=True)
"""
)


_KEYRING = "bench.env_keyring.EnvKeyring"
_NO_KEYRING = "keyring.backends.fail.Keyring"
_PRESET = r"""
from sjtui.config import load_settings
from sjtui.commands.keys import key_manager
from bench.env_keyring import dump
key_manager(load_settings(None)).unlock(lambda new: None)
print(dump())
"""


def _returning_clinician(home: str, env: dict[str, str]) -> dict[str, str]:
    """Make the key (and, with a keyring, its keyring entry) and the lock PIN exist, as for a
    clinician who has started sjtui before; returns the env for the timed child."""
    preset_pin(home)
    proc = subprocess.run([PYTHON, "-c", _PRESET], env=env, capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        raise BenchError(f"key preset failed: {proc.stderr.strip()[-800:]}")
    return {**env, "BENCH_KEYRING": proc.stdout.strip().splitlines()[-1]}


Sample = tuple[float, float, float]  # spawn to first frame, in-process, CPU time of the child (s)


def _one(code: str, *args: str, key: str = "") -> Sample:
    with tempfile.TemporaryDirectory(prefix="sjtui-start-") as home:
        env = bench_env(SJTUI_HOME=home, TEXTUAL_ANIMATIONS="none")
        env.pop("SJTUI_PASSPHRASE", None)
        if key == "keyring":
            env["PYTHON_KEYRING_BACKEND"] = _KEYRING
        elif key == "passphrase":
            env["PYTHON_KEYRING_BACKEND"] = _NO_KEYRING
            env["SJTUI_PASSPHRASE"] = "bench-passphrase"
        if code is _SJTUI:
            if key:
                env = _returning_clinician(home, env)
            else:
                preset_pin(home)
        start = time.time()
        proc = subprocess.run([PYTHON, "-c", code, *args], env=env, capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        raise BenchError(f"startup child failed: {proc.stderr.strip()[-800:]}")
    data = json.loads([ln for ln in proc.stdout.splitlines() if ln.startswith("{")][-1])
    return data["ready_at"] - start, data["in_process"], data["cpu"]


BASELINE = "minimal Textual app, same visible widgets"
TARGET_CASE = "sjtui, key unlock with keyring (CLI path)"
PASSPHRASE_CASE = "sjtui, key unlock with passphrase (scrypt)"


def compile_project() -> None:
    """Byte-compile sjtui and bench/ as installing a wheel does (pip compiles what it
    installs). Textual, the baseline's only code, comes compiled from its install; in an
    editable checkout with PYTHONDONTWRITEBYTECODE=1 (this machine's environment) sjtui's
    modules would otherwise be compiled from source on every start, which no installation does."""
    proc = subprocess.run(
        [PYTHON, "-m", "compileall", "-q", str(REPO / "sjtui"), str(REPO / "bench")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if proc.returncode != 0:
        raise BenchError(f"compileall failed: {proc.stdout.strip()[-800:]}")


def measure(runs: int, *, compiled: bool = True) -> dict[str, list[Sample]]:
    """Every case `runs` times, round-robin; the samples of each case in round order."""
    if compiled:
        compile_project()
    cases: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
        ("python + import textual.app", _IMPORTS, (), ""),
        (BASELINE, _MINIMAL, (), ""),
        ("bare app, 300-row table filled first (old baseline)", _BARE, (), ""),
        (TARGET_CASE, _SJTUI, ("unlock",), "keyring"),
        (PASSPHRASE_CASE, _SJTUI, ("unlock",), "passphrase"),
        ("sjtui, in-memory key (no unlock)", _SJTUI, ("ephemeral",), ""),
    )
    for _name, code, args, key in cases:
        _one(code, *args, key=key)  # warm the OS file cache; not counted
    # Round-robin: each round runs every case once, so a change of machine load (a shared
    # VM's cores) falls on all cases alike instead of on whichever case ran at the time.
    samples: dict[str, list[Sample]] = {name: [] for name, *_rest in cases}
    for _ in range(runs):
        for name, code, args, key in cases:
            samples[name].append(_one(code, *args, key=key))
    return samples


def round_ratio(samples: dict[str, list[Sample]], case: str) -> float:
    """Median over rounds of case / minimal app (wall) within the same round: load falls on both."""
    pairs = zip(samples[case], samples[BASELINE], strict=True)
    return median([mine[0] / base[0] for mine, base in pairs])


def report(samples: dict[str, list[Sample]], runs: int) -> str:
    med = {name: [median([s[k] for s in runs_of]) for k in range(3)] for name, runs_of in samples.items()}
    base = med[BASELINE]
    rows = [
        [
            name,
            f"{wall * 1000:.0f} ms",
            f"{inside * 1000:.0f} ms",
            f"{cpu * 1000:.0f} ms",
            f"{wall / base[0]:.2f}x",
            f"{round_ratio(samples, name):.2f}x",
            f"{cpu / base[2]:.2f}x",
        ]
        for name, (wall, inside, cpu) in med.items()
    ]
    ratio = med[TARGET_CASE][0] / base[0]
    verdict = "met" if ratio <= TARGET_RATIO else "missed"
    head = [
        "app",
        "spawn to first frame",
        "of which in-process",
        "CPU time",
        "vs minimal",
        "per round",
        "CPU vs minimal",
    ]
    return "\n".join(
        [
            f"### Cold start to first frame (headless, 120x40, median of {runs}, cases alternating)",
            "",
            md_table(head, rows),
            "",
            f"sjtui (keyring unlock) / minimal app = {ratio:.2f}x of the medians (target <= {TARGET_RATIO}x: "
            f"{verdict}), {round_ratio(samples, TARGET_CASE):.2f}x as the median of per-round ratios; "
            f"passphrase {med[PASSPHRASE_CASE][0] / base[0]:.2f}x. CPU time: the child's process time at the "
            "first frame (all its threads, interpreter start included), less sensitive to other work on the "
            "machine. The keyring is an in-memory test backend (bench/env_keyring.py): a real OS keyring adds "
            "its own latency.",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Cold start: sjtui vs a like-for-like minimal Textual app.")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--no-compile", action="store_true", help="do not byte-compile sjtui first (a checkout as it is)")
    args = p.parse_args(argv)
    try:
        samples = measure(args.runs, compiled=not args.no_compile)
    except BenchError as exc:
        print(f"bench_startup: {exc}", file=sys.stderr)
        return 2
    print(report(samples, args.runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
