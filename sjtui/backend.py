"""Composition root: builds the FHIR client, key, cache, audit journal and record service.

The only module (besides the CLI, tests and bench) that knows the embedded demo backend:
with no server configured, the client reaches the demo FHIR app in-process through httpx's
ASGI transport, so the app works on a fresh machine with no network.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import httpx

from sjtui import locations
from sjtui.access.grant import Clinician
from sjtui.access.lock_secret import LockSecret
from sjtui.access.recent_reasons import RecentReasons
from sjtui.audit.anchor import ANCHOR_FILE
from sjtui.audit.fhir_sink import FhirAuditSink
from sjtui.audit.integrity import settle_at_start
from sjtui.audit.journal import AuditJournal
from sjtui.audit.outbox import AuditOutbox
from sjtui.audit.review import ReviewStore
from sjtui.config import Settings, backend_label, check_server_url
from sjtui.crypto.key import UnlockedKey
from sjtui.fhir.capability_memory import CapabilityMemory, RejectedParamsMemory
from sjtui.fhir.client import FhirClient
from sjtui.fhir.http import Timeouts
from sjtui.record.bounds import OpeningBounds
from sjtui.record.ports import RecordCachePort
from sjtui.record.service import RecordService

if TYPE_CHECKING:
    from sjtui.auth.session import AuthSession

log = logging.getLogger(__name__)

DEMO_BASE_URL = "http://demo.sjtui.invalid"


@dataclass
class Services:
    """Everything the app needs, built once per start."""

    service: RecordService
    journal: AuditJournal
    outbox: AuditOutbox
    key: UnlockedKey
    recent_reasons: RecentReasons
    cache: RecordCachePort | None
    backend_label: str
    review_store: ReviewStore | None = None
    # Idle lock (set by `configure_lock`; None: the lock is off, e.g. in tests).
    lock_verify: Callable[[str], bool] | None = None
    set_pin: Callable[[str], None] | None = None
    needs_pin: bool = False
    lock_kind: str = "pin"  # what the lock asks for: "pin" or "passphrase"
    client: FhirClient | None = None  # the FHIR client (the auditor's review reads the server)
    identity: object | None = None  # the signed-in identity with its roles (set by sjtui.auth)
    # (topic, detail): what the start-up checks found, topic "audit" or "key"; the detail in
    # plain English without personal data (the app shows a plain warning, the detail on F8).
    warnings: list[tuple[str, str]] = field(default_factory=list)
    # The signed-in session (sjtui.auth.session.AuthSession) when sign-in is on, else None.
    auth: AuthSession | None = None


# Small files in the data dir sealed with the data key (besides the audit journal).
RECENT_REASONS_FILE = "recent-reasons.bin"
REVIEW_FILE = "audit-review.bin"
SEALED_DATA_FILES = (RECENT_REASONS_FILE, REVIEW_FILE)


def make_client(
    settings: Settings,
    *,
    demo_fixtures: Path | None = None,
    demo_clock: Callable[[], datetime] | None = None,
    sealer: object | None = None,
) -> FhirClient:
    """A client for the configured server, or for the embedded demo backend (in-process);
    `demo_clock` pins the demo server's "now" (tests). With sign-in on, the client carries
    the signed-in session (see `connect`); `sealer` seals its tokens at rest."""
    client, _ = connect(settings, demo_fixtures=demo_fixtures, demo_clock=demo_clock, sealer=sealer)
    return client


def connect(
    settings: Settings,
    *,
    demo_fixtures: Path | None = None,
    demo_clock: Callable[[], datetime] | None = None,
    sealer: object | None = None,
    demo_pages: bool = False,
) -> tuple[FhirClient, AuthSession | None]:
    """The FHIR client and the signed-in session (None without sign-in: `auth = "none"`).
    `demo_pages`: the in-process demo with sign-in also serves its pages on a loopback port,
    so a person can open the verification page (the app does this; tests need not)."""
    from sjtui.auth.wiring import make_auth_session

    timeouts = Timeouts(
        connect=min(10.0, settings.request_timeout_seconds),
        read=settings.request_timeout_seconds,
        write=settings.request_timeout_seconds,
        pool=10.0,
    )
    transport: httpx.AsyncBaseTransport | None = None
    if settings.server:
        base = check_server_url(settings.server)
    else:
        from sjtui.demo.app import create_app  # the embedded demo backend, in-process

        base = DEMO_BASE_URL
        app = create_app(demo_fixtures, clock=demo_clock, auth=settings.demo_auth)
        transport = httpx.ASGITransport(app=app)
        if settings.demo_auth and demo_pages:
            from sjtui.demo.auth.pages import serve_in_background

            app.state.auth.public_base = serve_in_background(app)
    from sjtui.fhir.tls import verify_setting

    verify = verify_setting(settings.ca_bundle) if transport is None else True
    session = make_auth_session(
        settings,
        base,
        sealer=sealer,  # type: ignore[arg-type]  # the data key's sealer (sjtui.crypto), typed loosely here to keep backend's imports lazy
        transport=transport,
        verify=verify,
    )
    auth = None
    if session is not None:
        from sjtui.auth.httpx_auth import SessionAuth

        auth = SessionAuth(session)
    if transport is None:
        return FhirClient(
            base,
            timeouts=timeouts,
            auth=auth,
            ca_bundle=settings.ca_bundle,
            capability_memory=CapabilityMemory(locations.cache_dir()),
        ), session
    return FhirClient(base, transport=transport, timeouts=timeouts, http2=False, auth=auth), session


def open_cache(settings: Settings, key: UnlockedKey) -> RecordCachePort | None:
    """The encrypted cache, or None (online-only) when it cannot be used."""
    from sjtui.cache.errors import CacheUnavailable

    try:
        from sjtui.cache import default_path as default_cache_path
        from sjtui.cache.store import RecordCache

        cache = RecordCache(
            default_cache_path(),
            key,
            ttl=timedelta(hours=settings.cache_ttl_hours),
            server=settings.server or DEMO_BASE_URL,  # rows are bound to their server
        )
        cache.purge_expired()
        return cache
    except (CacheUnavailable, OSError, sqlite3.Error) as exc:  # losing the cache costs only bandwidth
        log.warning("cache disabled: %s", type(exc).__name__)
        return None


def _open_journal(
    settings: Settings, key: UnlockedKey, clinician: Clinician
) -> tuple[AuditJournal, list[tuple[str, str]]]:
    """The audit journal, checked and pruned at start, with what the checks found (warnings)."""
    journal = AuditJournal(None, key.sealer, anchor_path=locations.data_dir() / ANCHOR_FILE)
    integrity = settle_at_start(journal, clinician)
    _prune(journal, settings.audit_retention_months)
    warnings = [("audit", integrity.warning)] if integrity.warning else []
    warnings += [("key", w) for w in record_key_events(journal, key, clinician)]
    return journal, warnings


def _bounds(settings: Settings) -> OpeningBounds:
    return OpeningBounds(
        deadline_seconds=settings.open_deadline_seconds,
        max_pages=max(1, int(settings.max_pages_per_search)),
        max_bytes=int(settings.max_mb_per_opening * 1024 * 1024),
    )


def build_services(
    settings: Settings,
    key: UnlockedKey,
    *,
    client: FhirClient | None = None,
    demo_fixtures: Path | None = None,
    use_cache: bool = True,
    deliver_audit: bool = True,
    clock: Callable[[], datetime] | None = None,
    demo_pages: bool = False,
    clinician: Clinician | None = None,
) -> Services:
    """`deliver_audit=False` keeps AuditEvents queued locally (tests that pin the screen);
    `clock` pins "now" for the record service and the embedded demo backend (tests);
    `clinician`: in whose name searches are audited (default: from the settings)."""
    if clinician is None:
        from sjtui.clinician import current_clinician

        clinician = current_clinician(settings)
    auth_session: AuthSession | None = None
    if client is None:
        client, auth_session = connect(
            settings, demo_fixtures=demo_fixtures, demo_clock=clock, sealer=key.sealer, demo_pages=demo_pages
        )
    journal, warnings = _open_journal(settings, key, clinician)
    outbox = AuditOutbox(journal, FhirAuditSink(client))
    cache = open_cache(settings, key) if use_cache and settings.cache_ttl_hours > 0 else None
    label = backend_label(settings)
    rejected = RejectedParamsMemory(locations.cache_dir()) if settings.server else None
    service = RecordService(
        client,
        journal=journal,
        cache=cache,
        outbox=outbox if deliver_audit else None,
        backend_label=label,
        cache_mode=key.mode if cache is not None else "off",
        clock=clock,
        clinician=clinician,
        bounds=_bounds(settings),
        rejected_memory=rejected,
        access_notice=auth_session is not None,
    )
    return Services(
        service=service,
        journal=journal,
        outbox=outbox,
        key=key,
        recent_reasons=RecentReasons(
            locations.data_dir() / RECENT_REASONS_FILE,
            key.sealer,
            index=key.blind_index,
            templates=settings.reason_templates,
        ),
        cache=cache,
        backend_label=label,
        review_store=ReviewStore(locations.data_dir() / REVIEW_FILE, key.sealer),
        warnings=warnings,
        client=client,
        auth=auth_session,
    )


def _prune(journal: AuditJournal, months: float) -> None:
    """Retention at start: delivered records older than `months` go (never undelivered ones)."""
    from sjtui.audit.retention import prune_journal

    try:
        report = prune_journal(journal, months=months)
    except OSError as exc:  # a full or read-only disk: the journal stays as it is
        log.warning("audit retention skipped: %s", type(exc).__name__)
        return
    if report.pruned:
        log.info("audit retention: %d delivered records older than %s months pruned", report.pruned, months)


def record_key_events(journal: AuditJournal, key: UnlockedKey, clinician: Clinician) -> list[str]:
    """What happened to the key since the last start (restored from its copy; replaced by
    `sjtui key reset`): each becomes a security entry, delivered to the server, and a warning."""
    import json

    from sjtui.audit.entry import AuditEntry
    from sjtui.audit.journal import AuditWriteError

    events = [("key-restored", text) for text in key.events]
    key.events.clear()
    marker = journal.dir / "key-reset.json"
    if marker.exists():
        try:
            info = json.loads(marker.read_text(encoding="utf-8"))
            detail = (
                f"the key was reset on {info.get('at', '?')}: a new journal segment began; "
                f"{info.get('entries', '?')} entries kept as evidence, "
                f"{info.get('undelivered', '?')} of them never delivered"
            )
        except (OSError, ValueError, AttributeError):
            detail = "the key was reset: a new journal segment began"
        events.append(("key-replaced", detail))
    warnings = []
    for event, detail in events:
        try:
            journal.append(AuditEntry.security(clinician, event, detail))
        except AuditWriteError:
            pass  # the journal's own problem is reported by its start-up check
        warnings.append(detail)
    marker.unlink(missing_ok=True)
    return warnings


def configure_lock(services: Services, *, check_passphrase: Callable[[str], bool] | None) -> None:
    """The idle lock's secret: the cache passphrase where there is one (already a salted slow
    hash in its key slot), else a PIN chosen at first start (kept as a salted scrypt hash)."""
    if services.key.mode == "passphrase" and check_passphrase is not None:
        services.lock_verify = check_passphrase
        services.lock_kind = "passphrase"
        return
    secret = LockSecret(locations.data_dir() / "lock.json", pepper=services.key.blind_index)
    services.lock_verify = secret.verify
    services.set_pin = secret.set
    services.needs_pin = not secret.is_set()
