"""Shared pieces of the benchmarks: the demo server in a subprocess, fixtures, small stats.

Why a subprocess for the server: the machine has two shared cores; a server in the same
process as the measured client would steal its event loop (and the emulator's) and blur the
figures. The server is the project's own demo backend (`sjtui.demo.server.serve`).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# BENCH_FIXTURES: benchmark another set of FHIR Bundles (a directory of *.json).
FIXTURES = Path(os.environ.get("BENCH_FIXTURES") or REPO / "fixtures")
PYTHON = sys.executable
LARGE_PATIENT = "stor"
LARGE_MEDICATIONS = 500  # issue 14: 20,000 observations, 2,000 notes, 500 medication statements
POUL_CPR = "1203541237"


class BenchError(RuntimeError):
    """A benchmark cannot run (a piece of the stack is missing or broken). Plain message."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_env(**extra: str) -> dict[str, str]:
    """Environment for child processes: the repo importable, no colour/animation surprises."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.update(extra)
    return env


def write_fixtures(dest: Path, *, large: bool) -> dict[str, str]:
    """Copy the built-in fixtures to `dest`; with `large`, add the generated large record.

    Returns {patient id: CPR} for the citizens the benchmarks open.
    """
    dest.mkdir(parents=True, exist_ok=True)
    for path in FIXTURES.glob("*.json"):
        shutil.copy2(path, dest / path.name)
    cprs = {"poul": POUL_CPR}
    if large:
        try:
            from sjtui.demo.synthetic.generator import generate_large_record
        except ImportError as exc:
            raise BenchError(f"large record generator missing: {exc}") from exc
        bundle = generate_large_record(seed=1, medications=LARGE_MEDICATIONS)
        (dest / f"{LARGE_PATIENT}.json").write_text(json.dumps(bundle), encoding="utf-8")
        cprs[LARGE_PATIENT] = _patient_cpr(bundle, LARGE_PATIENT)
    return cprs


def _patient_cpr(bundle: dict, patient_id: str) -> str:
    for entry in bundle.get("entry", []):
        res = entry.get("resource", {})
        if res.get("resourceType") == "Patient":
            if res.get("id") != patient_id:
                raise BenchError(f"large record's Patient id is {res.get('id')!r}, expected {patient_id!r}")
            for ident in res.get("identifier", []):
                if ident.get("system") == "urn:oid:1.2.208.176.1.2":
                    return str(ident.get("value"))
    raise BenchError("large record has no Patient with a CPR identifier")


def bundle_resource_count(path: Path) -> int:
    data = json.loads(path.read_text(encoding="utf-8"))
    return len(data.get("entry", []))


@contextlib.contextmanager
def demo_server(fixtures_dir: Path | None, *, timeout: float = 60.0) -> Iterator[str]:
    """Run the demo FHIR server in a subprocess on a free loopback port; yield its base URL."""
    port = free_port()
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from sjtui.demo.server import serve\n"
        "serve(sys.argv[1], int(sys.argv[2]), Path(sys.argv[3]) if sys.argv[3] else None)\n"
    )
    log = tempfile.TemporaryFile()  # noqa: SIM115 - outlives this function: the server's log, closed with it
    proc = subprocess.Popen(
        [PYTHON, "-c", code, "127.0.0.1", str(port), str(fixtures_dir or "")],
        env=bench_env(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        base = _wait_ready(proc, port, timeout, log)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def _wait_ready(proc: subprocess.Popen, port: int, timeout: float, log) -> str:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log.seek(0)
            tail = log.read().decode("utf-8", "replace")[-1500:]
            raise BenchError(f"demo server exited ({proc.returncode}):\n{tail}")
        for prefix in ("/fhir", ""):
            url = f"http://127.0.0.1:{port}{prefix}"
            try:
                with urllib.request.urlopen(url + "/metadata", timeout=2) as r:  # noqa: S310 - http://127.0.0.1 built above
                    if r.status == 200:
                        return url
            except OSError as exc:
                last = str(exc)
        time.sleep(0.2)
    raise BenchError(f"demo server not ready after {timeout:.0f} s ({last})")


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def fmt_s(seconds: float | None) -> str:
    if seconds is None or seconds != seconds:
        return "n/a"
    return f"{seconds:.2f} s" if seconds >= 0.1 else f"{seconds * 1000:.0f} ms"


def fmt_b(n: int | float | None) -> str:
    if n is None:
        return "n/a"
    if n >= 1_000_000:
        return f"{n / 1_000_000:.2f} MB"
    if n >= 10_000:
        return f"{n / 1000:.1f} kB"
    return f"{int(n)} B"


def ratio(a: float | None, b: float | None) -> str:
    if not a or not b:
        return "n/a"
    return f"{a / b:.2f}x"


def md_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)
