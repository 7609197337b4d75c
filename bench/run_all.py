"""Run every benchmark and print one markdown report (the source of bench/RESULTS.md).

Each benchmark runs as its own subprocess (fresh interpreter, no shared state) and prints
markdown; this script adds a header (date, machine, versions) and collects them.

    PYTHONPATH=. /work/venv/bin/python bench/run_all.py > /tmp/report.md
    PYTHONPATH=. /work/venv/bin/python bench/run_all.py --quick     # poul only, no edge
    PYTHONPATH=. /work/venv/bin/python bench/run_all.py --only overview,terminal

A full run takes several minutes (edge links are slow by definition); `--cap` bounds each
overview measurement.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import PYTHON, REPO, bench_env

BENCH = REPO / "bench"


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()}"


def _versions() -> str:
    out = [f"Python {platform.python_version()}"]
    for name in ("textual", "httpx", "fhirpy", "uvicorn"):
        try:
            from importlib.metadata import PackageNotFoundError, version

            out.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            pass
    return ", ".join(out)


def _run(label: str, argv: list[str], timeout: float) -> str:
    t0 = time.monotonic()
    print(f"run_all: {label} ...", file=sys.stderr, flush=True)
    try:
        proc = subprocess.run(
            [PYTHON, *argv], cwd=REPO, env=bench_env(), capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return f"### {label}\n\nNot finished within {timeout:.0f} s.\n"
    took = time.monotonic() - t0
    print(f"run_all: {label} done in {took:.0f} s (exit {proc.returncode})", file=sys.stderr, flush=True)
    body = proc.stdout.strip()
    if proc.returncode != 0:
        err = proc.stderr.strip().splitlines()[-15:]
        body += "\n\n" + f"{label} failed (exit {proc.returncode}):\n\n```\n" + "\n".join(err) + "\n```"
    return body + f"\n\n_({label}: {took:.0f} s)_\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Run all benchmarks; print a markdown report.")
    p.add_argument("--quick", action="store_true", help="poul only, lan and 3g only, 3 start runs")
    p.add_argument("--only", help="comma list of: overview,terminal,startup,memory,reopen,cache")
    p.add_argument("--cap", type=float, default=180.0, help="seconds per overview measurement")
    args = p.parse_args(argv)
    only = set(args.only.split(",")) if args.only else {"overview", "terminal", "startup", "memory", "reopen", "cache"}

    sections = [
        "# sjtui benchmark report",
        "",
        f"- Date: {dt.datetime.now().astimezone().isoformat(timespec='minutes')}",
        f"- Machine: {_machine()}",
        f"- Versions: {_versions()}",
        f"- Command: `PYTHONPATH=. {Path(PYTHON).name} bench/run_all.py {' '.join(argv or sys.argv[1:])}`",
        "",
    ]
    if "overview" in only:
        ov = ["bench/bench_overview.py", "--cap", str(args.cap)]
        if args.quick:
            ov += ["--profiles", "3g,lan", "--patients", "poul"]
        sections.append(_run("overview", ov, timeout=3600))
    if "terminal" in only:
        sections.append(_run("terminal (sjtui)", ["bench/bench_terminal.py"], timeout=300))
        sections.append(_run("terminal (bare Textual)", ["bench/bench_terminal.py", "--app", "bare"], timeout=300))
    if "startup" in only:
        sections.append(_run("startup", ["bench/bench_startup.py", "--runs", "3" if args.quick else "5"], timeout=600))
    if "memory" in only:
        mem = ["bench/bench_memory.py", "--app"] + (["--patients", "poul"] if args.quick else [])
        sections.append(_run("memory", mem, timeout=900))
    if "reopen" in only:
        sections.append(_run("reopen (bench_reopen.py)", ["bench/bench_reopen.py"], timeout=900))
    if "cache" in only and (BENCH / "bench_cache.py").exists():
        sections.append(_run("cache (bench_cache.py)", ["bench/bench_cache.py"], timeout=900))
    print("\n\n".join(sections))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
