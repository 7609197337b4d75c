"""Per opening step of the large citizen: which panes were mapped, and the mapping's CPU time.

Opens the generated large citizen (`bench/common.py`, 20,000 Observations) twice through
`RecordService` over the demo app in this process (ASGI, no network, encrypted cache in a
temporary folder): first from the server, then again from the cache with the delta sync.
A diagnostic for issue 14 (reusing unchanged panes, `record/mapping/reuse.py`), not a timed
target: the CPU times move with the machine's load.

    PYTHONPATH=. .venv/bin/python bench/remap_steps.py [--no-reuse]

`--no-reuse`: every step maps the whole record (as before the reuse), for comparison.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
import time
from typing import Any


async def _open(service: Any, citizen: Any, grant: Any, steps: list[dict]) -> None:
    async for record in service.open(citizen, grant):
        steps[-1]["from_cache"] = record.from_cache


async def main(reuse: bool) -> list[dict]:
    import httpx

    from sjtui.access import Basis, Clinician, make_grant
    from sjtui.backend import build_services
    from sjtui.config import Settings
    from sjtui.crypto.key import UnlockedKey
    from sjtui.demo import create_app
    from sjtui.demo.synthetic.generator import generate_large_record
    from sjtui.fhir.client import FhirClient
    from sjtui.record import remap

    steps: list[dict] = []
    real = remap.map_record

    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.thread_time()
        if not reuse:
            kwargs["previous"] = None
        record, memo = real(*args, **kwargs)
        mapped = sorted(p.value for p in memo.remapped)
        steps.append({"cpu_s": round(time.thread_time() - started, 3), "mapped": mapped})
        return record, memo

    remap.map_record = timed  # type: ignore[assignment]  # the diagnostic's probe
    large = generate_large_record(seed=1, medications=500)
    cpr = next(
        i["value"]
        for e in large["entry"]
        if e["resource"]["resourceType"] == "Patient"
        for i in e["resource"].get("identifier", [])
    )
    app = create_app(bundles=[large])
    client = FhirClient("http://demo", transport=httpx.ASGITransport(app=app), http2=False)
    services = build_services(Settings(), UnlockedKey.ephemeral(), client=client, use_cache=True)
    nurse = Clinician(user_id="bench", name="Bench", organisation="Bench", workstation="ws1")
    service = services.service
    service.clinician = nurse
    (citizen,) = await service.find_citizens(cpr)
    out = []
    for opening in ("server", "cache"):
        steps.clear()
        grant = make_grant(
            patient_id=citizen.patient_id,
            cpr=citizen.cpr,
            basis=Basis.CURRENT_TREATMENT,
            reason="Benchmark",
            clinician=nurse,
        )
        await _open(service, citizen, grant, steps)
        out.append({"opening": opening, "steps": list(steps), "cpu_s": round(sum(s["cpu_s"] for s in steps), 2)})
    await service.aclose()
    return out


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as home:
        os.environ["SJTUI_HOME"] = home
        json.dump(asyncio.run(main(reuse="--no-reuse" not in sys.argv)), sys.stdout, indent=1)
        print()
