"""Bytes over the wire for reopening a cached record: nothing changed, three changed, two deleted.

Issue 5 ("Tests and figures") aims at "a few kilobytes" for a reopen. The stack is the app's:
`sjtui.backend.build_services` (encrypted cache on, audit outbox delivering AuditEvents), a
throwaway SJTUI_HOME, a client built by `make_client` (capability memory on), talking to the
demo server through the link emulator. The demo server runs in this process, in a thread
(`sjtui.demo.server.make_server(..., app=app)`), so we hold `app.state.store` to change
resources the way another system would (`Store.upsert`: new versionId, lastUpdated now).

Steps, each a CPR search (as the clinician does it) then `RecordService.open` to the last Record:
1. first opening, empty cache (the reference: everything comes down);
2. reopen in the same session, nothing changed on the server;
3. three resources changed on the server (a lab result, a medication, a note), reopen;
4. a later start (new client and service, same key and SJTUI_HOME: cache and remembered
   CapabilityStatement on disk), nothing changed since step 3;
5. one note and one lab result deleted on the server, reopen: the counts in the delta batch
   show it, and those two searches are listed again (ids only) to find what went.
"Nothing changed" still brings the AuditEvents our own earlier openings wrote to the server
(they are part of the access-log pane), so those are counted and shown.

Measured per step: emulator bytes down/up (payload incl. HTTP headers), the client's round
trips per request kind, resources the server sent (from the demo server's request log),
time to the cached Record on screen and to the last Record. Outbox delivery of the opening's
AuditEvent is waited for and included (it is traffic the reopen causes).

    PYTHONPATH=. /work/venv/bin/python bench/bench_reopen.py [--profile edge] [--patients poul,stor]

Timings are secondary here (the server shares this process; the large record is run on `lan`
unless --profile-large says otherwise); bytes and round trips are the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import os
import sys
import tempfile
import threading
import time
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import LARGE_PATIENT, BenchError, fmt_b, fmt_s, free_port, md_table, write_fixtures
from bench.linkemu import LinkEmulatorThread

# Pause between steps: `_lastUpdated=gt` has second precision (FHIR: `gt 12:00:01` excludes the
# whole second), so a change less than a second after a sync would look old. Real reopens are
# minutes apart; on `lan` the steps would otherwise be milliseconds apart.
GAP = 1.5
CHANGED_TYPES = ("Observation", "MedicationStatement", "DocumentReference")


@dataclass
class Step:
    label: str
    search_down: int = 0
    search_up: int = 0
    search_trips: int = 0
    down: int = 0
    up: int = 0
    trips: int = 0
    requests: dict[str, list[int]] = field(default_factory=dict)  # label -> [trips, up, down]
    resources: dict[str, int] = field(default_factory=dict)  # sent by the server during the open
    data_down: int = 0  # the opening alone (the record's data), before the audit delivery
    data_up: int = 0
    data_trips: int = 0
    t_cached: float | None = None
    t_done: float | None = None
    error: str = ""


# --- the server, in a thread -------------------------------------------------------------------


class ServerThread:
    def __init__(self, fixtures: Path) -> None:
        from sjtui.demo.app import create_app
        from sjtui.demo.server import make_server

        self.app = create_app(fixtures)
        self.port = free_port()
        self._server = make_server("127.0.0.1", self.port, app=self.app)
        self._thread = threading.Thread(target=self._server.run, name="demo-server", daemon=True)

    def __enter__(self) -> ServerThread:
        self._thread.start()
        deadline = time.monotonic() + 30
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise BenchError("the demo server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)


def _decode(body: bytes, coding: str) -> Any:
    try:
        if coding == "br":
            import brotli

            body = brotli.decompress(body)
        elif coding == "zstd":
            import zstandard

            body = zstandard.ZstdDecompressor().decompressobj().decompress(body)
        elif coding == "gzip":
            body = gzip.decompress(body)
        elif coding == "deflate":
            body = zlib.decompress(body)
        return json.loads(body)
    except Exception:  # noqa: BLE001 - a count we cannot make is left out
        return None


def _count_resources(node: Any, counts: dict[str, int]) -> None:
    """Resources in a response (searchset and batch-response Bundles, nested)."""
    if isinstance(node, dict):
        rtype = node.get("resourceType")
        if rtype == "Bundle":
            for entry in node.get("entry") or []:
                _count_resources(entry.get("resource"), counts)
        elif isinstance(rtype, str) and rtype not in ("OperationOutcome", "CapabilityStatement"):
            counts[rtype] = counts.get(rtype, 0) + 1


def served_resources(app: Any, since_index: int) -> dict[str, int]:
    counts: dict[str, int] = {}
    for entry in app.state.request_log[since_index:]:
        if entry.method == "GET" or entry.method == "POST":
            coding = {k.lower(): v for k, v in entry.response_headers.items()}.get("content-encoding", "")
            _count_resources(_decode(entry.body, coding), counts)
    return counts


# --- the client --------------------------------------------------------------------------------


def build(url: str, key: Any, shift: timedelta):
    """The app's services. `shift` moves the service's clock ahead (see `--real-clock`)."""
    from sjtui.backend import build_services, make_client
    from sjtui.config import Settings

    settings = Settings(server=url)
    client = make_client(settings)
    clock = (lambda: datetime.now(UTC) + shift) if shift else None
    return build_services(settings, key, client=client, use_cache=True, clock=clock), client


def _grant(citizen):
    from sjtui.access.grant import Basis, Clinician, make_grant

    return make_grant(
        patient_id=citizen.patient_id,
        cpr=citizen.cpr,
        basis=Basis.CURRENT_TREATMENT,
        reason="Benchmark af genåbning",
        clinician=Clinician(user_id="bench", name="Bench"),
    )


async def _audit_delivered(service: Any, cap: float = 60.0) -> None:
    deadline = time.monotonic() + cap
    while service.status().pending_audit and time.monotonic() < deadline:
        await asyncio.sleep(0.05)


async def one_step(label: str, built: Any, cpr: str, emu: LinkEmulatorThread, app: Any, cap: float) -> Step:
    out = Step(label)
    services, client = built
    service = services.service
    try:
        c0, m0 = emu.counters(), client.meter.snapshot()
        citizens = await asyncio.wait_for(service.find_citizens(cpr), cap)
        c1, m1 = emu.counters(), client.meter.snapshot()
        out.search_down, out.search_up = (c1 - c0).down_bytes, (c1 - c0).up_bytes
        out.search_trips = m1.round_trips - m0.round_trips
        log0 = len(app.state.request_log)
        t0 = time.perf_counter()

        async def consume() -> None:
            async for record in service.open(citizens[0], _grant(citizens[0])):
                now = time.perf_counter() - t0
                if getattr(record, "from_cache", False) and out.t_cached is None:
                    out.t_cached = now
                out.t_done = now

        await asyncio.wait_for(consume(), cap)
        # The opening itself (the record's data), before its AuditEvent batch goes up.
        cd, md = emu.counters() - c1, client.meter.snapshot()
        out.data_down, out.data_up = cd.down_bytes, cd.up_bytes
        out.data_trips = md.round_trips - m1.round_trips
        await _audit_delivered(service)
        c2, m2 = emu.counters() - c1, client.meter.snapshot()
        out.down, out.up, out.trips = c2.down_bytes, c2.up_bytes, m2.round_trips - m1.round_trips
        for name, stats in m2.by_label.items():
            before = m1.label(name)
            n = stats.round_trips - before.round_trips
            if n:
                out.requests[name] = [
                    n,
                    stats.bytes_sent - before.bytes_sent,
                    stats.bytes_received - before.bytes_received,
                ]
        out.resources = served_resources(app, log0)
    except Exception as exc:  # noqa: BLE001 - reported, not hidden
        out.error = f"{type(exc).__name__}: {exc}"
    return out


def change_three(app: Any, patient_id: str) -> list[str]:
    """Change one lab result, one medication and one note of the citizen, as another system would."""
    store = app.state.store
    changed = []
    for rtype in CHANGED_TYPES:
        entries = sorted(store.for_patient(rtype, patient_id), key=lambda e: e.resource.get("id", ""))
        if not entries:
            continue
        res = json.loads(json.dumps(entries[0].resource))
        if rtype == "Observation" and isinstance(res.get("valueQuantity"), dict):
            res["valueQuantity"]["value"] = res["valueQuantity"].get("value", 0) + 0.1
        elif rtype == "MedicationStatement":
            res["status"] = "on-hold" if res.get("status") == "active" else "active"
        else:
            res["description"] = (res.get("description") or "") + " (rettet)"
        store.upsert(res)
        changed.append(f"{rtype}/{res['id']}")
    return changed


def delete_two(app: Any, patient_id: str) -> list[str]:
    """Delete one note and one lab result of the citizen on the server (step 5)."""
    store = app.state.store
    deleted = []
    for rtype in ("DocumentReference", "Observation"):
        entries = sorted(store.for_patient(rtype, patient_id), key=lambda e: e.resource.get("id", ""))
        if rtype == "Observation":
            entries = [e for e in entries if "laboratory" in json.dumps(e.resource.get("category"))]
        if entries and store.delete(rtype, entries[0].resource["id"]):
            deleted.append(f"{rtype}/{entries[0].resource['id']}")
    return deleted


async def run_patient(
    url: str, cpr: str, patient_id: str, emu: LinkEmulatorThread, app: Any, cap: float, real_clock: bool
) -> tuple[list[Step], list[str]]:
    from sjtui.crypto.key import UnlockedKey
    from sjtui.record.service import SYNC_MARGIN

    shift = timedelta(0) if real_clock else SYNC_MARGIN

    key = UnlockedKey.ephemeral()  # kept for the "later start" (as a keyring would give it back)
    steps: list[Step] = []
    services = build(url, key, shift)
    try:
        steps.append(await one_step("1. first opening (empty cache)", services, cpr, emu, app, cap))
        await asyncio.sleep(GAP)
        steps.append(await one_step("2. reopen, same session, nothing changed", services, cpr, emu, app, cap))
        await asyncio.sleep(GAP)
        changed = change_three(app, patient_id)
        await asyncio.sleep(GAP)
        steps.append(await one_step(f"3. reopen, {len(changed)} resources changed", services, cpr, emu, app, cap))
    finally:
        await services[0].service.aclose()
    await asyncio.sleep(GAP)
    services = build(url, key, shift)
    try:
        steps.append(await one_step("4. later start (new client), nothing changed", services, cpr, emu, app, cap))
        await asyncio.sleep(GAP)
        deleted = delete_two(app, patient_id)
        await asyncio.sleep(GAP)
        steps.append(
            await one_step(
                f"5. reopen, {len(deleted)} resources deleted on the server (their searches listed again, ids only)",
                services,
                cpr,
                emu,
                app,
                cap,
            )
        )
    finally:
        await services[0].service.aclose()
    return steps, changed


def report(results: dict[str, tuple[str, list[Step], list[str]]], real_clock: bool) -> str:
    out = ["### Reopening a cached record: bytes over the wire (issue 5)", ""]
    for patient, (profile, steps, changed) in results.items():
        out += [f"{patient} on `{profile}` (changed in step 3: {', '.join(changed)}):", ""]
        rows = []
        for s in steps:
            res = ", ".join(f"{k} {v}" for k, v in sorted(s.resources.items())) or "none"
            rows.append(
                [
                    s.label,
                    f"{fmt_b(s.search_down)} / {fmt_b(s.search_up)} ({s.search_trips})",
                    f"{fmt_b(s.down)} / {fmt_b(s.up)}",
                    f"**{fmt_b(s.down + s.up)}**",
                    f"{fmt_b(s.data_down)} / {fmt_b(s.data_up)} = {fmt_b(s.data_down + s.data_up)} ({s.data_trips})",
                    f"{fmt_b(s.down - s.data_down)} / {fmt_b(s.up - s.data_up)} ({s.trips - s.data_trips})",
                    f"{s.trips}: "
                    + ", ".join(f"{k} {v[0]}x ({fmt_b(v[1])} up / {fmt_b(v[2])} down)" for k, v in s.requests.items()),
                    res,
                    fmt_s(s.t_cached) if s.t_cached is not None else "n/a",
                    fmt_s(s.t_done),
                    s.error,
                ]
            )
        out.append(
            md_table(
                [
                    "step",
                    "search: down / up (trips)",
                    "open: down / up",
                    "open: total",
                    "record data alone: down / up = total (trips)",
                    "audit delivery after it: down / up (trips)",
                    "open: round trips",
                    "resources sent by the server",
                    "cached record shown",
                    "last record",
                    "problem",
                ],
                rows,
            )
        )
        out.append("")
    out.append(
        "Open bytes (emulator, payload incl. HTTP headers) include the delivery of the opening's "
        "AuditEvent; the per-request bytes are the client meter's (bodies as sent/received, compressed). "
        "The search before the consent window is shown apart."
    )
    out.append("")
    out.append(
        "Service clock: "
        + (
            "real (steps seconds apart, so each delta sync's 2-minute safety margin "
            "re-fetches the previous steps' changes)."
            if real_clock
            else "moved ahead by the sync margin (2 min), as for reopens at least 2 minutes apart: the margin "
            "window then holds no earlier changes. `--real-clock` shows the overlap."
        )
    )

    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--profile", default="edge", help="link profile for Poul")
    p.add_argument("--profile-large", default="lan", help="link profile for the large record")
    p.add_argument("--patients", default="poul")
    p.add_argument("--cap", type=float, default=300.0)
    p.add_argument(
        "--real-clock",
        action="store_true",
        help="do not move the service clock ahead (steps seconds apart: the sync margin overlaps)",
    )
    args = p.parse_args(argv)
    patients = args.patients.split(",")
    results: dict[str, tuple[str, list[Step], list[str]]] = {}
    with tempfile.TemporaryDirectory(prefix="sjtui-reopen-") as tmp:
        fx, home = Path(tmp) / "fixtures", Path(tmp) / "home"
        os.environ["SJTUI_HOME"] = str(home)
        try:
            cprs = write_fixtures(fx, large=LARGE_PATIENT in patients)
            with ServerThread(fx) as server:
                for patient in patients:
                    profile = args.profile_large if patient == LARGE_PATIENT else args.profile
                    with LinkEmulatorThread("127.0.0.1", server.port, profile) as emu:
                        url = f"http://127.0.0.1:{emu.port}"
                        steps, changed = asyncio.run(
                            run_patient(url, cprs[patient], patient, emu, server.app, args.cap, args.real_clock)
                        )
                    results[patient] = (profile, steps, changed)
                    print(f"# {patient}: " + "; ".join(f"{fmt_b(s.down + s.up)}" for s in steps), file=sys.stderr)
        except BenchError as exc:
            print(f"bench_reopen: {exc}", file=sys.stderr)
            return 2
    print(report(results, args.real_clock))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
