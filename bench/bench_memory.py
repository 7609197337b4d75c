"""Peak memory (peak RSS, VmHWM) with Poul's record and with the generated large record open.

Each measurement runs in a fresh interpreter (ru_maxrss is a high-water mark per process):
the client opens the record through `RecordService` (no cache) from the demo server, which
runs in its own subprocess so its memory is not counted; all panes are loaded and mapped
(`build_record` runs on every step). `--app` also measures the headless app
(`App.run_test`, built as the CLI builds it, encrypted cache on) with the record open and
every tab shown once.

    PYTHONPATH=. python bench/bench_memory.py [--patients poul,stor] [--app]
    PYTHONPATH=. python bench/bench_memory.py --scale     # issue 14: cache and server, keypresses
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import LARGE_PATIENT, PYTHON, BenchError, bench_env, demo_server, md_table, write_fixtures

TARGET_MB = 250.0

# Peak RSS of this process image. Not ru_maxrss: Linux carries the parent's high-water mark
# into a forked+exec'd child (exec_mmap records the old mm's peak), so a child spawned by a
# parent that held the 31 MB large record in memory would report ~200 MB it never used.
# VmHWM belongs to the current mm only; ru_maxrss is the fallback where /proc is missing.
_PEAK = r"""
import resource
def peak_rss_kb():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
"""

# Runs in the child: open the record and report the peak RSS and what was loaded.
_CHILD = (
    _PEAK
    + r"""
import asyncio, json, sys, tempfile, time
from pathlib import Path
from bench.bench_overview import build_service, _grant

async def main(base, cpr):
    with tempfile.TemporaryDirectory() as tmp:
        service, client = build_service(base, Path(tmp))
        citizens = await service.find_citizens(cpr)
        record = None
        t0 = time.perf_counter()
        async for record in service.open(citizens[0], _grant(citizens[0])):
            pass
        elapsed = time.perf_counter() - t0
        items = sum(len(getattr(getattr(record, f), "items", ())) for f in
                    ("cave", "notes", "labs", "imaging", "medication", "vaccinations", "home",
                     "appointments", "courses", "access_log"))
        rss_kb = peak_rss_kb()
        await service.aclose()
        print(json.dumps({"rss_mb": rss_kb / 1024, "items": items, "seconds": elapsed,
                          "decoded": client.meter.snapshot().decoded_bytes}))

asyncio.run(main(sys.argv[1], sys.argv[2]))
"""
)

# Runs in the child: the headless app (built as the CLI builds it, cache on), the record
# opened by keys like a clinician, every pane loaded and every tab shown (each tab builds its
# widgets on first show), then the peak RSS.
_APP_CHILD = (
    _PEAK
    + r"""
import asyncio, json, os, sys, tempfile, time

async def main(base, cpr):
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["SJTUI_HOME"] = tmp
        from bench.sjtui_app import make_app, preset_pin
        preset_pin(tmp)
        app = make_app(server=base)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press(*cpr, "enter")
            while type(app.screen).__name__ != "ConsentScreen":
                await asyncio.sleep(0.05)
            await pilot.press("enter", *"Benchmark af hukommelse", "enter")
            t0 = time.perf_counter()
            from sjtui.record.model import Pane
            def complete():
                record = getattr(app.screen, "record", None)
                return record is not None and all(
                    getattr(getattr(record, p.value, None), "loaded", True) for p in Pane)
            while not complete():
                if time.perf_counter() - t0 > 900:
                    raise SystemExit("the record did not load")
                await asyncio.sleep(0.1)
            elapsed = time.perf_counter() - t0
            for key in "2345678901":
                await pilot.press(key)
                await pilot.pause()
            await pilot.pause(0.5)
            rss_kb = peak_rss_kb()
            record = app.screen.record
            items = sum(len(getattr(getattr(record, f), "items", ())) for f in
                        ("cave", "notes", "labs", "imaging", "medication", "vaccinations", "home",
                         "appointments", "courses", "access_log"))
        print(json.dumps({"rss_mb": rss_kb / 1024, "items": items, "seconds": elapsed}))

asyncio.run(main(sys.argv[1], sys.argv[2]))
"""
)

# Full (generation 2) garbage collections while the keys are timed, each one's duration in ms:
# what makes a key's maximum (issue 14, keypresses under 50 ms; eighth session, i16-keys).
_GC_WATCH = r"""
import gc as _gc, time as _time
class _FullCollections:
    def __init__(self):
        self.durations, self._start = [], 0.0
        _gc.callbacks.append(self._seen)
    def _seen(self, phase, info):
        if info["generation"] == 2:
            if phase == "start":
                self._start = _time.perf_counter()
            else:
                self.durations.append(round((_time.perf_counter() - self._start) * 1000, 1))
    def stop(self):
        _gc.callbacks.remove(self._seen)
        return self.durations
def _watch_full_collections():
    return _FullCollections()
"""

# Runs in the child (issue 14, scale): the headless app opens the large citizen from the
# server (cache on, empty), then scrolls the longest list (labs) key by key, then opens the
# same citizen again from the cache (switch citizen, search, consent); times and peak RSS.
_SCALE_CHILD = (
    _PEAK
    + _GC_WATCH
    + r"""
import asyncio, json, os, statistics, sys, tempfile, time

async def main(base, cpr):
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["SJTUI_HOME"] = tmp
        from bench.sjtui_app import make_app, preset_pin
        from bench.bench_overview import overview_complete
        from sjtui.record.model import Pane
        preset_pin(tmp)
        app = make_app(server=base)
        out = {}

        def record():
            return getattr(app.screen, "record", None)

        def complete():
            r = record()
            return r is not None and not r.from_cache and all(
                getattr(getattr(r, p.value, None), "loaded", True) for p in Pane)

        async def until(cond, cap=900.0, what=""):
            t = time.perf_counter()
            while not cond():
                if time.perf_counter() - t > cap:
                    raise SystemExit(f"timed out waiting for {what} on {type(app.screen).__name__}")
                await asyncio.sleep(0.01)
            return time.perf_counter()

        async def open_citizen(pilot):
            await pilot.press(*cpr, "enter")
            await until(lambda: type(app.screen).__name__ == "ConsentScreen", 120, "the consent window")
            await pilot.press("enter", *"Benchmark af skala")
            t0 = time.perf_counter()
            await pilot.press("enter")
            return t0

        async with app.run_test(size=(120, 40)) as pilot:
            t0 = await open_citizen(pilot)
            print("opening", file=sys.stderr, flush=True)
            out["server_overview_s"] = await until(lambda: record() is not None and overview_complete(record()), 600, "the overview") - t0
            print("overview", file=sys.stderr, flush=True)
            out["server_all_s"] = await until(complete, 600, "all panes") - t0
            print("all", file=sys.stderr, flush=True)
            out["rss_after_server_mb"] = peak_rss_kb() / 1024
            r = record()
            out["labs_items"] = len(r.labs.items)
            out["notes_items"] = len(r.notes.items)
            out["medication_items"] = len(r.medication.items)
            out["labs_gaps"] = [f"{g.reason}: {g.detail}" for g in r.labs.gaps]
            del r  # the app drops this Record when the citizen is switched; so does the benchmark
            await pilot.press("3")  # labs, the longest list
            await pilot.pause(0.5)
            # Key to frame: the first frame Textual hands to the terminal after the key was
            # sent (rendered to escape sequences, as bench_overview's _FrameWatch does).
            frames = []
            original = app._display

            def display(screen, renderable):
                original(screen, renderable)
                if renderable is not None and not app._batch_count:
                    render = getattr(renderable, "render_segments", None)
                    if render is not None:
                        render(app.console)
                    frames.append(time.perf_counter())

            app._display = display
            print("focused", type(app.focused).__name__, getattr(app.focused, "id", None), file=sys.stderr, flush=True)
            per_key = {}
            full_collections = _watch_full_collections()
            for key, n in (("down", 60), ("pagedown", 20), ("end", 3)):
                times = []
                for _ in range(n):
                    seen = len(frames)
                    t = time.perf_counter()
                    await pilot.press(key)
                    try:
                        await until(lambda: len(frames) > seen, 2, "a frame")
                    except SystemExit:
                        continue  # nothing changed on screen (e.g. already at the end)
                    times.append((frames[seen] - t) * 1000)
                    await pilot.pause()
                per_key[key] = {"median_ms": statistics.median(times) if times else None,
                                "max_ms": max(times) if times else None, "n": len(times)}
            app._display = original
            out["keys"] = per_key
            out["full_collections_during_keys_ms"] = full_collections.stop()
            print("keys", file=sys.stderr, flush=True)
            await pilot.press("f2")  # switch citizen
            await until(lambda: type(app.screen).__name__ == "SearchScreen", 60, "the search screen")
            t0 = await open_citizen(pilot)
            # The first Record on the new screen: the cached one (it may be replaced by the
            # synced one within milliseconds, so note which it was rather than wait for it).
            out["cache_shown_s"] = await until(lambda: type(app.screen).__name__ == "RecordScreen"
                                               and record() is not None, 600, "the cached record") - t0
            out["first_was_cached"] = bool(record().from_cache)
            out["cache_synced_s"] = await until(complete, 600, "the delta sync") - t0
            out["rss_mb"] = peak_rss_kb() / 1024
        print(json.dumps(out))

asyncio.run(main(sys.argv[1], sys.argv[2]))
"""
)

_BASELINE = (
    _PEAK
    + r"""
import json
import textual.app, httpx, pydantic  # what any such client imports
print(json.dumps({"rss_mb": peak_rss_kb() / 1024}))
"""
)


def _child(code: str, *args: str) -> dict:
    proc = subprocess.run([PYTHON, "-c", code, *args], env=bench_env(), capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        raise BenchError(f"memory child failed: {proc.stderr.strip()[-800:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run(patients: list[str], *, app: bool = False) -> list[tuple[str, dict]]:
    results: list[tuple[str, dict]] = [("imports only (textual, httpx, pydantic)", _child(_BASELINE))]
    with tempfile.TemporaryDirectory(prefix="sjtui-fixtures-") as fx:
        cprs = write_fixtures(Path(fx), large=LARGE_PATIENT in patients)
        with demo_server(Path(fx)) as base:
            for patient in patients:
                results.append((f"record open: {patient}", _child(_CHILD, base, cprs[patient])))
            for patient in patients if app else ():
                results.append(
                    (f"app, record open, every tab shown: {patient}", _child(_APP_CHILD, base, cprs[patient]))
                )
    return results


def run_scale() -> dict:
    with tempfile.TemporaryDirectory(prefix="sjtui-fixtures-") as fx:
        cprs = write_fixtures(Path(fx), large=True)
        with demo_server(Path(fx)) as base:
            return _child(_SCALE_CHILD, base, cprs[LARGE_PATIENT])


def report_scale(r: dict) -> str:
    rows = [
        ["open from the server (empty cache, unshaped): overview (all its data)", f"{r['server_overview_s']:.1f} s"],
        ["open from the server: every pane loaded", f"{r['server_all_s']:.1f} s"],
        ["peak RSS after the server opening", f"{r['rss_after_server_mb']:.0f} MB"],
        [
            "open again from the cache: first record shown"
            + ("" if r.get("first_was_cached") else " (not from the cache: the sync won)"),
            f"{r['cache_shown_s']:.2f} s",
        ],
        ["open again from the cache: delta sync done", f"{r['cache_synced_s']:.1f} s"],
        ["peak RSS at the end (both openings, scrolling)", f"{r['rss_mb']:.0f} MB"],
        [
            "items mapped: labs / notes / medication",
            f"{r['labs_items']} / {r['notes_items']} / {r['medication_items']}",
        ],
        ["labs list not fully known because", "; ".join(r.get("labs_gaps") or []) or "(known in full)"],
    ]
    for key, k in r["keys"].items():
        rows.append(
            [
                f"labs list, key {key} ({k['n']}x with a frame): time per keypress, median / max",
                f"{k['median_ms']:.0f} / {k['max_ms']:.0f} ms" if k["n"] else "no frame",
            ]
        )
    if "full_collections_during_keys_ms" in r:
        full = r["full_collections_during_keys_ms"]
        rows.append(["full garbage collections while the keys were timed (ms each)", ", ".join(map(str, full)) or "0"])
    return "\n".join(
        [
            "### Scale: the large citizen in the headless app (20,000 Observations, 2,000 notes, "
            "500 MedicationStatements)",
            "",
            md_table(["what", "figure"], rows),
            "",
            "Time per keypress = from sending the key to the first frame Textual hands to the terminal "
            "after it (rendered to escape sequences), on the labs tab. Targets: < 150 MB RSS, keypresses < 50 ms.",
        ]
    )


def report(results: list[tuple[str, dict]]) -> str:
    rows = []
    for label, r in results:
        rows.append(
            [
                label,
                f"{r['rss_mb']:.0f} MB",
                str(r.get("items", "")),
                f"{r['decoded'] / 1e6:.1f} MB" if "decoded" in r else "",
                f"{r['seconds']:.1f} s" if "seconds" in r else "",
            ]
        )
    return "\n".join(
        [
            "### Peak memory (peak RSS = VmHWM, fresh process; service + mapping, and with --app the headless app)",
            "",
            md_table(["what", "peak RSS", "items mapped", "JSON decoded", "open (unshaped)"], rows),
            "",
            f"Target: < {TARGET_MB:.0f} MB with the large record open.",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Peak RSS with a record open.")
    p.add_argument("--patients", default=f"poul,{LARGE_PATIENT}")
    p.add_argument("--app", action="store_true", help="also the headless app with every tab shown")
    p.add_argument("--scale", action="store_true", help="only the large citizen in the app: times, RSS, keypresses")
    args = p.parse_args(argv)
    try:
        if args.scale:
            print(report_scale(run_scale()))
            return 0
        results = run(args.patients.split(","), app=args.app)
    except BenchError as exc:
        print(f"bench_memory: {exc}", file=sys.stderr)
        return 2
    print(report(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
