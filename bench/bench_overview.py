"""Time to overview and to settled, bytes each way, round trips: ours vs fhirpy vs the limit.

Both sides are timed to the SAME definitions (issue 14), from the consent (ours: the call to
`RecordService.open`; the peer: after its own CPR search, reported apart like ours):

- **overview**: the data the overview shows is available. Ours: the first Record in which
  every pane the overview draws on (`sjtui.record.queries.OVERVIEW_PANES`) is loaded, every
  page of it (not the first page only). The peer: every search of every resource type those
  panes use has completed, all pages. The first Record (first pages) is reported apart as
  "first paint".
- **settled**: ours: every pane complete AND the audit delivery done (the outbox empty: the
  opening's AuditEvents confirmed by the server). The peer: the whole record fetched
  (Organizations included).

The peer runs twice: **tuned** (`.limit(1000)`, the server's maximum page size, concurrent
searches; fhirpy 2.3.1 has no shared session, see `peer_fhirpy.py`) and **default** (no
`.limit()`). The third column is the **physical limit** of the bytes we moved: one round trip
plus our bytes up over the uplink plus our bytes down over the downlink (payload bytes as the
emulator counts them, HTTP headers included). The gzip-9 size of the data the overview needs
is reported beside it (bytes a perfect client would still have to move).

Bytes on the wire are the emulator's counters. Each measurement gets a fresh emulator and a
fresh client; with `--runs N` the cases take turns run by run (ours, tuned, default, app, ours,
...), because the shared VM has stretches in which everything runs slower.

    PYTHONPATH=. python bench/bench_overview.py [--profiles edge,3g,lan]
        [--patients poul,stor] [--runs 3] [--cap 180] [--json out.json]
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import os
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    LARGE_PATIENT,
    BenchError,
    demo_server,
    fmt_s,
    write_fixtures,
)
from bench.linkemu import LinkEmulatorThread
from bench.overview_report import report
from bench.profiles import PROFILES, LinkProfile

DEFAULT_CAP = 180.0


@dataclass
class SearchResult:
    """The CPR search before the consent window (ours: the CapabilityStatement comes along)."""

    t: float | None = None
    down: int = 0
    up: int = 0
    trips: int = 0
    connections: int = 0
    requests: dict[str, list[int]] = field(default_factory=dict)  # meter label -> [trips, up, down]
    t_remembered: float | None = None  # a later start: capabilities remembered on disk
    trips_remembered: int = 0
    down_remembered: int = 0


@dataclass
class OursResult:
    search: SearchResult = field(default_factory=SearchResult)
    t_overview: float | None = None
    t_all: float | None = None
    down_overview: int = 0
    up_overview: int = 0
    down_all: int = 0
    up_all: int = 0
    trips_overview: int = 0
    trips_all: int = 0
    connections: int = 0
    t_overview_final: float | None = None  # every overview pane loaded (all pages)
    down_overview_final: int = 0
    up_overview_final: int = 0
    t_settled: float | None = None  # every pane loaded and the audit delivery done
    down_settled: int = 0
    up_settled: int = 0
    first_partial: list[str] = field(default_factory=list)  # panes still loading at the first Record
    requests_overview: dict[str, list[int]] = field(default_factory=dict)  # meter label -> round trips
    requests_all: dict[str, list[int]] = field(default_factory=dict)
    timed_out: bool = False
    error: str = ""


@dataclass
class PeerMeasure:
    page_size: int | None = None  # None: fhirpy's default (the server's default page size)
    t_search: float | None = None  # its CPR search (a Patient search by identifier), not in t_overview
    t_overview: float | None = None
    t_all: float | None = None
    down: int = 0
    up: int = 0
    requests: int = 0
    resources: int = 0
    timed_out: bool = False
    error: str = ""


@dataclass
class LimitResult:
    overview_json_bytes: int = 0
    overview_gzip_bytes: int = 0
    record_gzip_bytes: int = 0
    seconds: float = 0.0
    model: str = ""


@dataclass
class Row:
    profile: str
    patient: str
    ours: OursResult
    peer: PeerMeasure  # tuned
    limit: LimitResult
    app: AppMeasure | None = None
    peer_default: PeerMeasure | None = None
    run: int = 0


# --- our client --------------------------------------------------------------------------


def build_service(base_url: str, data_dir: Path):
    """A RecordService for `base_url` as the app builds it (`sjtui.backend.build_services`:
    audit journal and outbox included), with a throwaway SJTUI_HOME, an in-memory key and no
    cache (every opening is a first opening). Returns (service, client)."""
    os.environ["SJTUI_HOME"] = str(data_dir)
    try:
        from sjtui.backend import build_services, make_client
        from sjtui.config import Settings
        from sjtui.crypto.key import UnlockedKey
    except ImportError:  # the composition root is not there: build from pieces
        from sjtui.audit.journal import AuditJournal
        from sjtui.crypto.aead import Sealer
        from sjtui.fhir.client import FhirClient
        from sjtui.record.service import RecordService

        client = FhirClient(base_url)
        journal = AuditJournal(data_dir / "audit", Sealer(os.urandom(32)))
        return RecordService(client, journal=journal), client
    settings = Settings(server=base_url)
    client = make_client(settings)
    services = build_services(settings, UnlockedKey.ephemeral(), client=client, use_cache=False)
    return services.service, client


def _grant(citizen):
    from sjtui.access.grant import Basis, Clinician, make_grant

    return make_grant(
        patient_id=citizen.patient_id,
        cpr=citizen.cpr,
        basis=Basis.CURRENT_TREATMENT,
        reason="Benchmark af åbning",
        clinician=Clinician(user_id="bench", name="Bench"),
    )


def _still_loading(record) -> list[str]:
    """Panes not yet complete in a Record (the overview step may bring only the newest page)."""
    from sjtui.record.model import Pane

    return sorted(p.value for p in Pane if not getattr(getattr(record, p.value, None), "loaded", True))


def overview_complete(record) -> bool:
    """Every pane the overview draws on has what the overview shows of it: loaded (all pages),
    failed for good, or holding the newest values the overview draws (`PaneData.latest`, where
    the server answered `Observation/$lastn`; the full list still loading)."""
    from sjtui.record.queries import OVERVIEW_PANES

    def ready(data) -> bool:
        return data is None or data.loaded or getattr(data, "latest", False)

    return all(ready(getattr(record, p.value, None)) for p in OVERVIEW_PANES)


def _by_label(m, m0) -> dict[str, list[int]]:
    """Meter label -> [round trips, bytes sent, bytes received] since `m0`."""
    out = {}
    for label, stats in m.by_label.items():
        before = m0.label(label)
        n = stats.round_trips - before.round_trips
        if n:
            out[label] = [n, stats.bytes_sent - before.bytes_sent, stats.bytes_received - before.bytes_received]
    return out


async def measure_ours(base_url: str, cpr: str, emu: LinkEmulatorThread, cap: float) -> OursResult:
    out = OursResult()
    with tempfile.TemporaryDirectory(prefix="sjtui-bench-") as tmp:
        service, client = build_service(base_url, Path(tmp))
        try:
            cs, ms = emu.counters(), client.meter.snapshot()
            ts = time.perf_counter()
            citizens = await asyncio.wait_for(service.find_citizens(cpr), cap)
            out.search.t = time.perf_counter() - ts
            c, m = emu.counters() - cs, client.meter.snapshot()
            out.search.down, out.search.up, out.search.connections = c.down_bytes, c.up_bytes, c.connections
            out.search.trips = m.round_trips - ms.round_trips
            out.search.requests = _by_label(m, ms)
            if not citizens:
                raise BenchError("our client found no citizen for the CPR")
            citizen = citizens[0]
            grant = _grant(citizen)
            c0, m0 = emu.counters(), client.meter.snapshot()
            t0 = time.perf_counter()

            async def consume() -> None:
                async for record in service.open(citizen, grant):
                    now = time.perf_counter() - t0
                    c, m = emu.counters() - c0, client.meter.snapshot()
                    if out.t_overview is None:
                        out.t_overview = now
                        out.first_partial = _still_loading(record)
                        out.down_overview, out.up_overview = c.down_bytes, c.up_bytes
                        out.trips_overview = m.round_trips - m0.round_trips
                        out.requests_overview = _by_label(m, m0)
                    if out.t_overview_final is None and overview_complete(record):
                        out.t_overview_final = now
                        out.down_overview_final, out.up_overview_final = c.down_bytes, c.up_bytes
                    out.t_all = now
                    out.down_all, out.up_all = c.down_bytes, c.up_bytes
                    out.trips_all = m.round_trips - m0.round_trips
                    out.requests_all = _by_label(m, m0)
                    out.connections = c.connections
                while service.status().pending_audit:  # the audit delivery, in the background
                    await asyncio.sleep(0.005)
                out.t_settled = time.perf_counter() - t0
                c = emu.counters() - c0
                out.down_settled, out.up_settled = c.down_bytes, c.up_bytes
                out.trips_all = client.meter.snapshot().round_trips - m0.round_trips
                out.requests_all = _by_label(client.meter.snapshot(), m0)

            try:
                await asyncio.wait_for(consume(), cap)
            except TimeoutError:
                out.timed_out = True
                out.t_all = None
            if not out.timed_out:
                await _search_remembered(base_url, cpr, Path(tmp), emu, cap, out.search)
        except BenchError:
            raise
        except Exception as exc:  # noqa: BLE001 - a broken stack is reported, not hidden
            out.error = f"{type(exc).__name__}: {exc}"
        finally:
            try:
                await service.aclose()
            except Exception:  # noqa: BLE001 - closing after a failed run: close the client at least
                await client.aclose()
    return out


async def _search_remembered(
    base_url: str, cpr: str, home: Path, emu: LinkEmulatorThread, cap: float, out: SearchResult
) -> None:
    """The CPR search at a later start: a new client (a new connection) in the same SJTUI_HOME,
    so the CapabilityStatement the first start saved is remembered and not fetched."""
    service, client = build_service(base_url, home)
    try:
        c0, m0 = emu.counters(), client.meter.snapshot()
        t0 = time.perf_counter()
        await asyncio.wait_for(service.find_citizens(cpr), cap)
        out.t_remembered = time.perf_counter() - t0
        out.trips_remembered = client.meter.snapshot().round_trips - m0.round_trips
        out.down_remembered = (emu.counters() - c0).down_bytes
    except Exception:  # noqa: BLE001, S110 - an extra figure; leave it n/a
        pass
    finally:
        try:
            await service.aclose()
        except Exception:  # noqa: BLE001 - closing after a failed run: close the client at least
            await client.aclose()


# --- the headless app ----------------------------------------------------------------------


@dataclass
class AppMeasure:
    t_first: float | None = None  # consent submitted -> first frame with the overview drawn (first pages)
    t_overview: float | None = None  # -> first frame with the overview drawn from all its data
    t_all: float | None = None  # -> every pane loaded
    t_settled: float | None = None  # -> and the audit delivery done
    down: int = 0
    up: int = 0
    timed_out: bool = False
    error: str = ""


async def _until(predicate, cap: float, step: float = 0.01) -> bool:
    deadline = time.perf_counter() + cap
    while time.perf_counter() < deadline:
        if predicate():
            return True
        await asyncio.sleep(step)
    return False


class _FrameWatch:
    """Times the frames the app composes, to say when the overview is *on screen*.

    Textual composes a frame (a compositor update of the dirty regions) and hands it to
    `App._display`; the headless driver then drops it. We wrap `_display`: it also renders the
    update to the escape sequences a terminal would receive (so that cost is counted), and
    notes the first frame, composed after the overview pane was drawn with data, in which a
    condition holds. Single-threaded: a condition true when `_display` runs was true when the
    frame was computed, so that frame contains the overview. This replaces `pilot.pause()`,
    which waits until the whole process (the emulator thread and the fetch of the other panes
    included) is idle and so measured up to 1 s of unrelated work.
    """

    def __init__(self, app) -> None:
        self.app = app
        self.conditions: dict[str, object] = {}  # name -> predicate
        self.times: dict[str, float] = {}
        original = app._display

        def display(screen, renderable) -> None:
            original(screen, renderable)
            if renderable is None or app._batch_count:
                return
            render = getattr(renderable, "render_segments", None)
            if render is not None:
                render(app.console)  # what a real terminal would be sent
            now = time.perf_counter()
            for name, predicate in self.conditions.items():
                if name not in self.times and predicate():
                    self.times[name] = now

        app._display = display

    def expect(self, name: str, predicate) -> None:
        self.conditions[name] = predicate


def _overview_drawn(app, final: bool, *, overview_data: bool = False) -> bool:
    """The record screen is current and its overview pane has drawn the latest Record (with
    every pane loaded when `final`; with every pane the overview draws on loaded when
    `overview_data`)."""
    screen = app.screen
    if type(screen).__name__ != "RecordScreen" or getattr(screen, "record", None) is None:
        return False
    found = screen.query("#pane-overview")
    pane = found.first() if found else None
    if pane is None or not getattr(pane, "settled", False) or pane.record is not screen.record:
        return False
    if overview_data and not overview_complete(screen.record):
        return False
    if not final:
        return True
    from sjtui.record.model import Pane

    return all(getattr(getattr(screen.record, p.value, None), "loaded", True) for p in Pane)


async def measure_app(base_url: str, cpr: str, emu: LinkEmulatorThread, cap: float) -> AppMeasure:
    """The real app, headless (`App.run_test`), driven by keys like a clinician.

    Overview on screen = the first frame composed after the overview pane drew the first Record
    (see `_FrameWatch`); all panes = the first frame after it drew the complete one."""
    from bench.sjtui_app import make_app, preset_pin

    out = AppMeasure()
    with tempfile.TemporaryDirectory(prefix="sjtui-bench-app-") as tmp:
        os.environ["SJTUI_HOME"] = tmp
        try:
            preset_pin(tmp)  # a returning clinician: no first-start PIN window
            app = make_app(server=base_url, use_cache=False)
            async with app.run_test(size=(120, 40)) as pilot:
                watch = _FrameWatch(app)
                await pilot.press(*cpr, "enter")
                if not await _until(lambda: type(app.screen).__name__ == "ConsentScreen", cap):
                    out.error = "the consent window did not appear"
                    return out
                await pilot.press("enter", *"Benchmark af åbning")
                watch.expect("first", lambda: _overview_drawn(app, final=False))
                watch.expect("overview", lambda: _overview_drawn(app, final=False, overview_data=True))
                watch.expect("all", lambda: _overview_drawn(app, final=True))
                c0 = emu.counters()
                t0 = time.perf_counter()
                await pilot.press("enter")
                if await _until(lambda: "all" in watch.times, cap):
                    out.t_first = watch.times["first"] - t0
                    out.t_overview = watch.times["overview"] - t0
                    out.t_all = watch.times["all"] - t0

                    def delivered() -> bool:
                        status = app.service_status()
                        return status is not None and not status.pending_audit

                    if await _until(delivered, cap, step=0.005):
                        out.t_settled = time.perf_counter() - t0
                    else:
                        out.timed_out = True
                else:
                    out.timed_out = True
                c = emu.counters() - c0
                out.down, out.up = c.down_bytes, c.up_bytes
        except Exception as exc:  # noqa: BLE001 - a failed run is a figure too: reported, not hidden
            out.error = f"{type(exc).__name__}: {exc}"
    return out


# --- the peer ------------------------------------------------------------------------------


async def measure_peer(
    base_url: str, cpr: str, emu: LinkEmulatorThread, cap: float, page_size: int | None
) -> PeerMeasure:
    from bench.peer_fhirpy import CountingFHIRClient, fetch_record, find_patient_id

    out = PeerMeasure(page_size=page_size)
    client = CountingFHIRClient(base_url)
    try:
        ts = time.perf_counter()
        patient_id = await asyncio.wait_for(find_patient_id(client, cpr), cap)
        out.t_search = time.perf_counter() - ts
        c0 = emu.counters()
        try:
            result = await asyncio.wait_for(fetch_record(client, patient_id, page_size=page_size), cap)
        except TimeoutError:
            out.timed_out = True
            c = emu.counters() - c0
            out.down, out.up = c.down_bytes, c.up_bytes
            out.requests = client.requests  # so far (incl. the untimed CPR search)
            return out
        c = emu.counters() - c0
        out.t_overview, out.t_all = result.t_overview, result.t_all
        out.down, out.up = c.down_bytes, c.up_bytes
        out.requests, out.resources = result.requests, result.resources
    except Exception as exc:  # noqa: BLE001 - a failed run is a figure too: reported, not hidden
        out.error = f"{type(exc).__name__}: {exc}"
    return out


# --- the physical limit ----------------------------------------------------------------------


async def record_payload(base_url: str, patient_id: str) -> tuple[int, int, int, int]:
    """(JSON bytes, gzip -9 bytes) of the resources our fetch brings until every overview pane
    is loaded, then the same for the whole record (unshaped, no cache). The plan has the
    opening's "now", as the service's has: the overview's window of recent labs applies."""
    from datetime import UTC, datetime

    from sjtui.fhir.client import FhirClient
    from sjtui.record.fetch import FetchPlan, RecordFetcher
    from sjtui.record.queries import OVERVIEW_PANES

    def sizes(resources: list[dict]) -> tuple[int, int]:
        raw = json.dumps(resources, separators=(",", ":"), ensure_ascii=False).encode()
        return len(raw), len(gzip.compress(raw, compresslevel=9))

    got: list[dict] = []
    loaded: set = set()
    overview = (0, 0)
    async with FhirClient(base_url) as client:
        async for step in RecordFetcher(client).fetch(FetchPlan(patient_id=patient_id, now=datetime.now(UTC))):
            got.extend(step.resources)
            loaded.update(step.panes)
            loaded.update(getattr(step, "latest", ()))
            if overview == (0, 0) and loaded >= OVERVIEW_PANES:
                overview = sizes(got)
    return (*overview, *sizes(got))


def physical_limit(profile: LinkProfile, gz_bytes: int, json_bytes: int) -> LimitResult:
    rate = profile.down_bytes_per_s
    transfer = gz_bytes / rate if rate else 0.0
    rtt = profile.rtt_ms / 1000.0
    return LimitResult(
        overview_json_bytes=json_bytes,
        overview_gzip_bytes=gz_bytes,
        seconds=rtt + transfer,
        model="1 RTT (warm connection, one request) + gzip-9 bytes / downlink",
    )


def limit_of_bytes(profile: LinkProfile, up: int, down: int, round_trips: int = 1) -> float | None:
    """The physical limit of moving `up` and `down` bytes: `round_trips` round trips (one: a
    single request), the uplink time of the bytes up and the downlink time of the bytes down (a
    request must be up before its answer comes down). None on an unshaped link."""
    if not profile.down_bytes_per_s or not profile.up_bytes_per_s:
        return None
    return round_trips * profile.rtt_ms / 1000.0 + up / profile.up_bytes_per_s + down / profile.down_bytes_per_s


# --- the run -----------------------------------------------------------------------------------


def run(
    profiles: list[str],
    patients: list[str],
    cap: float,
    with_peer: bool = True,
    app_patients: tuple[str, ...] = ("poul",),
    runs: int = 1,
    with_default: bool = True,
) -> list[Row]:
    from bench.peer_fhirpy import TUNED_PAGE_SIZE

    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="sjtui-fixtures-") as fx:
        cprs = write_fixtures(Path(fx), large=LARGE_PATIENT in patients)
        with demo_server(Path(fx)) as base:
            host_port = base.split("//", 1)[1].split("/", 1)[0]
            host, port = host_port.rsplit(":", 1)
            path = base.split(host_port, 1)[1]
            payloads = {p: asyncio.run(record_payload(base, p)) for p in patients}

            def on_link(profile: LinkProfile, measure):
                with LinkEmulatorThread(host, int(port), profile) as emu:
                    return asyncio.run(measure(f"http://127.0.0.1:{emu.port}{path}", emu))

            for run_no in range(1, runs + 1):
                for name in profiles:
                    profile = PROFILES[name]
                    for patient in patients:
                        cpr = cprs[patient]
                        ours = on_link(profile, lambda url, emu, cpr=cpr: measure_ours(url, cpr, emu, cap))
                        peer = PeerMeasure(error="skipped")
                        peer_default = None
                        if with_peer:
                            peer = on_link(
                                profile, lambda url, emu, cpr=cpr: measure_peer(url, cpr, emu, cap, TUNED_PAGE_SIZE)
                            )
                            if with_default:
                                peer_default = on_link(
                                    profile, lambda url, emu, cpr=cpr: measure_peer(url, cpr, emu, cap, None)
                                )
                        app_m = None
                        if patient in app_patients:
                            app_m = on_link(profile, lambda url, emu, cpr=cpr: measure_app(url, cpr, emu, cap))
                        json_ov, gz_ov, _json_all, gz_all = payloads[patient]
                        limit = physical_limit(profile, gz_ov, json_ov)
                        limit.record_gzip_bytes = gz_all
                        rows.append(Row(name, patient, ours, peer, limit, app_m, peer_default, run_no))
                        print(
                            f"# run {run_no} {name}/{patient}: ours {fmt_s(ours.t_overview_final)} / "
                            f"{fmt_s(ours.t_settled)}, tuned fhirpy {fmt_s(peer.t_overview)} / "
                            f"{fmt_s(peer.t_all)}",
                            file=sys.stderr,
                        )
    return rows


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--profiles", default="edge,3g,lan")
    p.add_argument("--patients", default=f"poul,{LARGE_PATIENT}")
    p.add_argument("--cap", type=float, default=DEFAULT_CAP, help="seconds per measurement")
    p.add_argument("--runs", type=int, default=1, help="alternating runs (medians reported)")
    p.add_argument("--no-peer", action="store_true")
    p.add_argument("--no-default-peer", action="store_true", help="skip fhirpy with its defaults")
    p.add_argument("--app-patients", default="poul", help="also measure the headless app for these ('' = none)")
    p.add_argument("--json", help="also write the raw figures here")
    args = p.parse_args(argv)
    try:
        rows = run(
            args.profiles.split(","),
            args.patients.split(","),
            args.cap,
            not args.no_peer,
            tuple(x for x in args.app_patients.split(",") if x),
            args.runs,
            not args.no_default_peer,
        )
    except BenchError as exc:
        print(f"bench_overview: {exc}", file=sys.stderr)
        return 2
    print(report(rows, args.cap))
    if args.json:
        Path(args.json).write_text(json.dumps([asdict(r) for r in rows], indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
