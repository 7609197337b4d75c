"""The tuned fhirpy asking the overview's question the way a generic client can: plain
searches, newest first (`_sort=-date&_count=N`), beside fhirpy fetching every search the
overview draws on in full (`bench_overview.py`'s "tuned" peer).

Our first batch asks `Observation/$lastn` (the newest value per analysis, the spirometry and
home series, `sjtui.record.latest`). A generic client without `$lastn` can only ask each
category newest first; to be generous, N is set to the number of Observations our `$lastn`
answers returned for the same question (so the peer gets as many, although the newest N of a
category need not hold the newest value of every analysis). Every other overview type is
fetched in full, tuned (`.limit(1000)`, concurrent), as in `bench_overview.py`. Timed from
after the peer's CPR search, through the link emulator; bytes are the emulator's counters.

    PYTHONPATH=. python bench/bench_peer_latest.py --profile edge --runs 3
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

import httpx

from bench.common import demo_server, fmt_b, fmt_s, median, write_fixtures
from bench.linkemu import LinkEmulatorThread
from bench.peer_fhirpy import TUNED_PAGE_SIZE, CountingFHIRClient, find_patient_id, overview_types
from bench.profiles import PROFILES
from sjtui.record.latest import latest_queries


async def lastn_sizes(base_url: str, patient_id: str) -> list[tuple[dict[str, str], int]]:
    """(the plain search's filters, N) for each of our `$lastn` questions (N = its answer's size)."""
    out = []
    async with httpx.AsyncClient(base_url=base_url) as http:
        for q in latest_queries(patient_id, use_elements=False):
            r = await http.get("/Observation/$lastn", params=q.params)
            n = len(r.json().get("entry") or [])
            filters = {k: v for k, v in q.params.items() if k not in ("max", "patient")}
            out.append((filters, n))
    return out


async def peer_latest(base_url: str, cpr: str, emu: LinkEmulatorThread, sizes) -> tuple[float, int, int, int]:
    client = CountingFHIRClient(base_url)
    patient_id = await find_patient_id(client, cpr)
    c0, r0 = emu.counters(), client.requests
    start = time.perf_counter()

    async def full(rtype: str) -> None:
        param = "_id" if rtype == "Patient" else "patient"
        await client.resources(rtype).search(**{param: patient_id}).limit(TUNED_PAGE_SIZE).fetch_all()

    async def newest(filters: dict[str, str], n: int) -> None:
        await client.resources("Observation").search(patient=patient_id, **filters).sort("-date").limit(n).fetch()

    others = sorted(overview_types() - {"Observation"})
    await asyncio.gather(*(full(t) for t in others), *(newest(f, n) for f, n in sizes if n))
    seconds = time.perf_counter() - start
    c = emu.counters() - c0
    return seconds, c.down_bytes, c.up_bytes, client.requests - r0


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--profile", default="edge")
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="sjtui-fixtures-") as fx:
        cprs = write_fixtures(Path(fx), large=False)
        with demo_server(Path(fx)) as base:
            host_port = base.split("//", 1)[1].split("/", 1)[0]
            host, port = host_port.rsplit(":", 1)
            path = base.split(host_port, 1)[1]
            sizes = asyncio.run(lastn_sizes(base, "poul"))
            times, last = [], (0.0, 0, 0, 0)
            for _ in range(args.runs):
                with LinkEmulatorThread(host, int(port), PROFILES[args.profile]) as emu:
                    last = asyncio.run(peer_latest(f"http://127.0.0.1:{emu.port}{path}", cprs["poul"], emu, sizes))
                times.append(last[0])
    print(f"plain searches asked (N = our $lastn answer sizes): {sizes}")
    print(
        f"tuned fhirpy, overview question with plain searches on {args.profile}: median {fmt_s(median(times))} "
        f"(runs {', '.join(fmt_s(t) for t in times)}); down {fmt_b(last[1])} / up {fmt_b(last[2])}, "
        f"{last[3]} requests"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
