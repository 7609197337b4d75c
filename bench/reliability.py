"""Reliability figures: what the app does with bad data, a faulty server and local faults.

    python bench/reliability.py            # the full run (a few minutes on 2 cores)
    python bench/reliability.py --write    # ... and store the table in bench/RELIABILITY.md
    python bench/reliability.py --quick    # a few cases of each (a smoke run)

Three parts, each case with one outcome:
- data: malformed and hostile resources (wrong types at every field, impossible dates, huge
  and deeply nested values, markup and terminal escapes) mapped into a record;
- server: a citizen opened over the demo backend's fault mode (`sjtui demo-server --faults`),
  compared with the same opening without faults; the client's time limits are scaled down
  (budget 3 s a request) so stalls cost seconds, not minutes;
- local: a corrupt cache, a cache sealed with another key, a read-only and a full disk under
  the audit journal, and SIGKILL at random points of audit and cache writers (child processes).

Outcomes: shown (as without the fault), quarantined (marked "could not be read"), clear error
(a notice, or a pane that says why it is incomplete), crashed (an exception escaped, or it
hung), data lost (silently fewer items, or an acknowledged write gone), false "none" (a list
that says "none" although the server has data). The goal: 0 crashed, 0 lost, 0 false "none".
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import errno
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.reliability_local import kill_audit_writers, kill_cache_writers  # noqa: E402

OUTCOMES = ("shown", "quarantined", "clear error", "crashed", "data lost", 'false "none"')
PANES = ("cave", "notes", "labs", "imaging", "medication", "vaccinations", "home", "appointments", "courses")
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def says_none(data: Any) -> bool:
    """The pane tells the clinician "none": the record model's "known empty" state (a complete,
    successful search with nothing in it). The one place that knows the model's three states."""
    return bool(data.known_empty)


# -- part 1: malformed and hostile data ------------------------------------------------------
def _ref(key: str) -> dict[str, str]:
    return {"reference": key}


def _cc(text: str, code: str = "x") -> dict[str, Any]:
    return {"text": text, "coding": [{"system": "http://loinc.org", "code": code, "display": text}]}


BASES: dict[str, dict[str, Any]] = {
    "cave": {
        "resourceType": "AllergyIntolerance",
        "id": "a1",
        "patient": _ref("Patient/p1"),
        "code": _cc("Penicillin"),
        "criticality": "high",
        "recordedDate": "2020-01-01",
        "clinicalStatus": {"coding": [{"code": "active"}]},
        "reaction": [{"manifestation": [_cc("Udslæt")]}],
    },
    "labs": {
        "resourceType": "Observation",
        "id": "o1",
        "status": "final",
        "subject": _ref("Patient/p1"),
        "category": [{"coding": [{"code": "laboratory"}]}],
        "code": _cc("P-Kalium", "NPU1"),
        "effectiveDateTime": "2026-01-01T08:00:00+01:00",
        "valueQuantity": {"value": 4.1, "unit": "mmol/L"},
        "referenceRange": [{"low": {"value": 3.5}, "high": {"value": 4.6}}],
    },
    "notes": {
        "resourceType": "DocumentReference",
        "id": "n1",
        "status": "current",
        "subject": _ref("Patient/p1"),
        "type": _cc("Epikrise"),
        "date": "2026-01-01",
        "author": [{"display": "Læge"}],
        "description": "kort",
        "content": [{"attachment": {"url": "Binary/x", "contentType": "text/plain"}}],
    },
    "medication": {
        "resourceType": "MedicationStatement",
        "id": "m1",
        "status": "active",
        "subject": _ref("Patient/p1"),
        "medicationCodeableConcept": _cc("Spiolto", "R03AL06"),
        "effectivePeriod": {"start": "2025-01-01"},
        "dosage": [{"text": "2 pust"}],
    },
    "vaccinations": {
        "resourceType": "Immunization",
        "id": "v1",
        "status": "completed",
        "patient": _ref("Patient/p1"),
        "vaccineCode": _cc("Influenza"),
        "occurrenceDateTime": "2025-10-01",
    },
    "appointments": {
        "resourceType": "Appointment",
        "id": "ap1",
        "status": "booked",
        "start": "2026-12-04T10:00:00+01:00",
        "end": "2026-12-04T10:30:00+01:00",
        "description": "Kontrol",
        "participant": [{"actor": _ref("Patient/p1")}],
    },
}


def _deep(depth: int) -> Any:
    node: Any = {}
    for _ in range(depth):
        node = {"a": node}
    return node


JUNK: dict[str, list[Any]] = {
    "missing or null": [None],
    "wrong type": [5, -1.5, True, [], {}, [None, 3, "s"], {"text": 5}],
    "impossible number": [float("nan"), float("inf")],
    "impossible date": ["2026-13-45", "0000-00-00T99:99"],
    "empty text": [""],
    "huge text": ["x" * 200_000],
    "deep nesting": [_deep(200), _deep(2000)],
    "markup and escapes": ["[bold red]x[/]", "\x1b[31mRØD\x1b[0m\x1b]0;title\x07", "\u202eevil", "a\x00b\r\nc"],
}


def _paths(node: Any, prefix: tuple[Any, ...] = (), depth: int = 3) -> Iterator[tuple[Any, ...]]:
    if depth == 0:
        return
    items = node.items() if isinstance(node, dict) else enumerate(node[:2]) if isinstance(node, list) else ()
    for key, value in items:
        if prefix == () and key == "resourceType":
            continue
        yield (*prefix, key)
        yield from _paths(value, (*prefix, key), depth - 1)


def _mutate(resource: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    out = copy.deepcopy(resource)
    node: Any = out
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return out


def data_kinds(quick: bool) -> Counter[tuple[str, str]]:
    from sjtui.record.mapping import build_record

    outcomes: Counter[tuple[str, str]] = Counter()
    bases = dict(list(BASES.items())[:2]) if quick else BASES
    for pane, base in bases.items():
        if _map_one(build_record, pane, base) != "shown":  # the bench itself must be right
            raise SystemExit(f"the unchanged {pane} resource does not map: fix the bench")
        paths = list(_paths(base))[: 3 if quick else None]
        for kind, values in JUNK.items():
            for path in paths:
                for value in values[: 1 if quick else None]:
                    outcomes[(kind, _map_one(build_record, pane, _mutate(base, path, value)))] += 1
    return outcomes


def _map_one(build_record: Callable[..., Any], pane: str, resource: dict[str, Any]) -> str:
    try:
        record = build_record([resource], patient_id="p1", reveal_private=False, as_of=NOW)
    except Exception:  # noqa: BLE001 - counting crashes is the point
        return "crashed"
    data = getattr(record, pane)
    if data.unreadable:
        return "quarantined"
    if data.items or data.hidden:
        return "shown"
    if data.error:
        return "clear error"
    # A resource that the mapping may rightly drop (an entered-in-error, a refuted allergy)
    # still must not make the list say "none" silently: counted as false "none".
    return 'false "none"' if says_none(data) else "clear error"


# -- part 2: server faults ---------------------------------------------------------------------
SERVER_FAULTS = [
    "status=500,n=2",
    "status=502,n=3",
    "status=503,retry-after=1,n=1",
    "status=500",
    "status=503",
    "status=401",
    "status=403",
    "status=429,retry-after=86400",
    "html",
    "html,path=/Observation",
    "reset,n=2",
    "reset,path=/AllergyIntolerance",
    "gzip-truncated,n=1",
    "gzip-truncated,path=/Observation",
    "stall=30,path=/Observation",
    "trickle=0.2,path=/AllergyIntolerance",
    "reject-param=_sort",
    "reject-param=_elements",
    "reject-param=_summary",
    "endless-paging,path=/Observation",
    "huge=5MB,path=/Observation",
    "deep=5000,path=/Observation",
    "deep=5000,path=/AllergyIntolerance",
    "behind-proxy=http://internal.invalid:8080/fhir",
    "behind-proxy=http://internal.invalid:8080/fhir,declared=no",
    "huge=10MB,path=/Binary",
]
CPR = "1203541237"


async def _open_once(spec: str | None, home: Path) -> tuple[Any, Any, int, int]:
    """(last record or None, error or None, audit entries before, after)."""
    import httpx

    from sjtui.access import Basis, Clinician, make_grant
    from sjtui.backend import build_services
    from sjtui.config import Settings
    from sjtui.crypto.key import UnlockedKey
    from sjtui.demo.app import create_app
    from sjtui.fhir import FhirClient, RetryPolicy, Timeouts

    os.environ["SJTUI_HOME"] = str(home)
    app = create_app()
    if spec:
        app.state.faults.add_spec(spec)
    client = FhirClient(
        "http://demo",
        transport=httpx.ASGITransport(app=app),
        http2=False,
        retry=RetryPolicy(base_delay=0.05, max_delay=0.2, budget=3.0, max_retry_after=1.0),
        timeouts=Timeouts(deadline=3.0),
    )
    services = build_services(Settings(), UnlockedKey.ephemeral(), client=client, use_cache=False, deliver_audit=False)
    before = sum(1 for _ in services.journal.records())
    record: Any = None
    error: BaseException | None = None
    try:
        citizens = await services.service.find_citizens(CPR)
        grant = make_grant(
            patient_id=citizens[0].patient_id,
            cpr=CPR,
            basis=Basis.CONSENT,
            reason="bench",
            clinician=Clinician("n1", "Bench"),
        )
        async for record in services.service.open(citizens[0], grant):  # noqa: B007 - the last one is used below
            pass
        if spec and "Binary" in spec and record is not None and record.notes.items:
            note = next(n for n in record.notes.items if getattr(n, "body_url", None))
            body = await services.service.load_body(grant, note)
            assert len(body) <= 2 * 1024 * 1024, "attachment not bounded"
    except BaseException as exc:  # noqa: BLE001 - classified below
        error = exc
    after = sum(1 for _ in services.journal.records())
    await client.aclose()
    return record, error, before, after


def _classify(record: Any, error: BaseException | None, base: Any) -> list[str]:
    from sjtui.record.errors import ServiceError

    if error is not None:
        return ["clear error"] if isinstance(error, ServiceError) else ["crashed"]
    out: list[str] = []
    for pane in PANES:
        got, want = getattr(record, pane), getattr(base, pane)
        if want.items and says_none(got):
            out.append('false "none"')
        elif got.error or (got.gaps and len(got.items) < len(want.items)):
            out.append("clear error")  # the list says it is not (fully) known, and why
        elif len(got.unreadable) > len(want.unreadable):
            out.append("quarantined")
        elif len(got.items) < len(want.items):
            out.append("data lost")
    return out or ["shown"]


def server_faults(quick: bool, home: Path) -> list[tuple[str, str, float, bool]]:
    base, base_error, _, _ = asyncio.run(_open_once(None, home / "base"))
    if base_error is not None:
        raise SystemExit(f"the opening without faults failed: {base_error!r}")
    rows = []
    for i, spec in enumerate(SERVER_FAULTS[:3] if quick else SERVER_FAULTS):
        started = time.perf_counter()
        try:
            record, error, before, after = asyncio.run(asyncio.wait_for(_open_once(spec, home / f"s{i}"), timeout=90))
            outcomes = _classify(record, error, base)
            audited = after > before or error is not None
        except TimeoutError:
            outcomes, audited = ["crashed"], True  # hung: as bad as a crash
        worst = min(outcomes, key=lambda o: -OUTCOMES.index(o))
        rows.append((spec, worst, time.perf_counter() - started, audited))
    return rows


# -- part 3: local faults ----------------------------------------------------------------------
@contextmanager
def _failing_writes(code: int, under: Path) -> Iterator[None]:
    real_open, real_fsync = os.open, os.fsync

    def fake_open(path: Any, flags: int, *args: Any, **kw: Any) -> int:
        writing = flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)
        if writing and str(path).startswith(str(under)) and code == errno.EROFS:
            raise OSError(code, os.strerror(code), str(path))
        return real_open(path, flags, *args, **kw)

    def fake_fsync(fd: int) -> None:
        if code == errno.ENOSPC:
            raise OSError(code, os.strerror(code))
        real_fsync(fd)

    with mock.patch("os.open", fake_open), mock.patch("os.fsync", fake_fsync):
        yield


async def _local_case(case: str, home: Path) -> str:
    from sjtui.access import Basis, Clinician, make_grant
    from sjtui.audit import verify_journal
    from sjtui.backend import build_services
    from sjtui.cache import default_path
    from sjtui.config import Settings
    from sjtui.crypto.key import UnlockedKey
    from sjtui.record.errors import ServiceError

    os.environ["SJTUI_HOME"] = str(home)
    key = UnlockedKey.ephemeral()

    async def open_poul(services: Any) -> Any:
        citizens = await services.service.find_citizens(CPR)
        grant = make_grant(
            patient_id=citizens[0].patient_id,
            cpr=CPR,
            basis=Basis.CONSENT,
            reason="bench",
            clinician=Clinician("n1", "Bench"),
        )
        last = None
        async for last in services.service.open(citizens[0], grant):  # noqa: B007 - keeps the last record
            pass
        services.service.close(grant)
        return last

    first = build_services(Settings(), key, deliver_audit=False)
    await open_poul(first)
    entries = sum(1 for _ in first.journal.records())
    await first.service.aclose()
    journal_dir = first.journal.path.parent if first.journal.path else home
    if case == "corrupt cache":
        path = default_path()
        data = bytearray(path.read_bytes())
        for at in range(4096, len(data), 997):
            data[at] ^= 0xFF
        path.write_bytes(bytes(data))
    second_key = UnlockedKey.ephemeral() if case == "cache sealed with another key" else key
    second = build_services(Settings(), second_key, deliver_audit=False)
    outcome = "shown"
    try:
        if case in ("read-only disk", "full disk"):
            code = errno.EROFS if case == "read-only disk" else errno.ENOSPC
            with _failing_writes(code, journal_dir):
                await open_poul(second)
            outcome = "data lost"  # opened although the look-up could not be audited
        else:
            record = await open_poul(second)
            outcome = "shown" if record is not None and record.cave.items else 'false "none"'
    except ServiceError:
        outcome = "clear error"
    except Exception:  # noqa: BLE001 - counting crashes is the point
        outcome = "crashed"
    finally:
        await second.service.aclose()
    if second_key is key:
        kept = sum(1 for _ in second.journal.records())
        if kept < entries or not verify_journal(journal_dir).ok:
            outcome = "data lost"
    return outcome


LOCAL_CASES = ["corrupt cache", "cache sealed with another key", "read-only disk", "full disk"]


# -- the table ---------------------------------------------------------------------------------
def _row(name: str, counts: Counter[str]) -> str:
    cells = [str(counts.get(o, 0)) for o in OUTCOMES]
    return f"| {name} | {sum(counts.values())} | " + " | ".join(cells) + " |"


def run(quick: bool = False, kills: int = 200) -> str:
    started = time.perf_counter()
    lines = ["| Kind | Tried | " + " | ".join(OUTCOMES) + " |", "|---|---:|" + "---:|" * len(OUTCOMES)]
    with tempfile.TemporaryDirectory(prefix="sjtui-rel-") as tmp:
        home = Path(tmp)
        data = data_kinds(quick)
        for kind in JUNK:
            lines.append(_row(f"data: {kind}", Counter({o: n for (k, o), n in data.items() if k == kind})))
        rows = server_faults(quick, home / "server")
        for spec, outcome, _, _ in rows:
            lines.append(_row(f"server: `{spec}`", Counter({outcome: 1})))
        for i, case in enumerate(LOCAL_CASES[:2] if quick else LOCAL_CASES):
            lines.append(_row(f"local: {case}", Counter({asyncio.run(_local_case(case, home / f"l{i}")): 1})))
        audit_kills = kill_audit_writers(home / "kills", rounds=max(1, kills // 2))
        cache_kills = kill_cache_writers(home / "cache-kills", rounds=max(1, kills // 4))
        lines.append(_row(f"local: SIGKILL audit writers ({audit_kills.kills} kills)", audit_kills.outcomes))
        lines.append(_row(f"local: SIGKILL cache writers ({cache_kills.kills} kills)", cache_kills.outcomes))
    unaudited = [spec for spec, _, _, audited in rows if not audited]
    slow = max((seconds for _, _, seconds, _ in rows), default=0.0)
    lines += [
        "",
        f"Openings not audited: {len(unaudited)}. Slowest faulty opening: {slow:.1f} s. "
        f"Run time: {time.perf_counter() - started:.0f} s.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a few cases of each kind")
    parser.add_argument("--kills", type=int, default=200, help="SIGKILLs of audit writers (x1.5 total)")
    parser.add_argument("--write", action="store_true", help="store the table in bench/RELIABILITY.md")
    args = parser.parse_args(argv)
    table = run(quick=args.quick, kills=args.kills)
    print(table)
    if args.write:
        from bench.reliability_local import write_report

        write_report(ROOT / "bench" / "RELIABILITY.md", table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
