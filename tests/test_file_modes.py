"""Every file and folder the app creates is owner-only (0600/0700), over a whole session
under an ordinary umask: key slots and their copy, journal, head, anchor, delivery state,
review marks, recent reasons, lock PIN, cache and its side files, the capability cache
(issue 12)."""

from __future__ import annotations

import asyncio
import os
import stat

import httpx

from sjtui import locations
from sjtui.access import Basis, Clinician, make_grant
from sjtui.backend import build_services, configure_lock
from sjtui.commands.keys import key_manager, unlock_interactively
from sjtui.config import Settings
from sjtui.demo.app import create_app
from sjtui.fhir.capability_memory import CapabilityMemory
from sjtui.fhir.client import FhirClient

NURSE = Clinician(user_id="nurse01", name="Sygeplejerske Test", organisation="Testkommune", workstation="ws1")


async def _session() -> None:
    settings = Settings()
    manager = key_manager(settings)
    key = unlock_interactively(settings, manager)
    client = FhirClient(
        "http://demo",
        transport=httpx.ASGITransport(app=create_app()),
        http2=False,
        capability_memory=CapabilityMemory(locations.cache_dir()),
    )
    services = build_services(settings, key, client=client, clinician=NURSE)
    configure_lock(services, check_passphrase=None)
    services.set_pin("246813")
    [poul] = await services.service.find_citizens("120354-1237")
    grant = make_grant(
        patient_id=poul.patient_id, cpr=poul.cpr, basis=Basis.CONSENT, reason="Hjemmebesøg", clinician=NURSE
    )
    async for _ in services.service.open(poul, grant):
        pass
    services.recent_reasons.remember("Hjemmebesøg", poul.cpr)
    await services.service.deliver_audit()
    entry = next(iter(services.journal.records()))
    services.review_store.mark(entry.entry_id, True, "ok", "Auditor")
    await services.service.aclose()


def test_everything_written_in_a_session_is_owner_only(tmp_path, monkeypatch) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("SJTUI_HOME", str(home))
    monkeypatch.setenv("SJTUI_PASSPHRASE", "correct horse battery")
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    old = os.umask(0o022)  # an ordinary user's umask: the app must not rely on a strict one
    try:
        asyncio.run(_session())
    finally:
        os.umask(old)
    seen = []
    loose = []
    for root, dirs, files in os.walk(home):
        for name in dirs + files:
            path = os.path.join(root, name)
            mode = stat.S_IMODE(os.lstat(path).st_mode)
            seen.append(os.path.relpath(path, home))
            if mode & 0o077:
                loose.append((os.path.relpath(path, home), oct(mode)))
    names = {os.path.basename(p) for p in seen}
    assert {
        "keyslots.json",
        "keyslots.copy.json",
        "journal.jsonl",
        "head.json",
        "audit-anchor.bin",
        "delivered.ids",
        "lock.json",
        "records.sqlite",
    } <= names
    assert any(n.startswith("capabilities-") for n in names)
    assert loose == []
