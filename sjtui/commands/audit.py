"""`sjtui audit verify|export|deliver|repair|prune`."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sjtui.config import Settings, load_settings

if TYPE_CHECKING:
    from sjtui.audit.export import LookupRow
    from sjtui.crypto.key import UnlockedKey


def run_audit(args: argparse.Namespace) -> int:
    settings = load_settings(
        Path(args.config) if args.config else None, server=args.server, profile=getattr(args, "profile", None)
    )
    if args.audit_command == "verify":
        return _verify(settings)
    from sjtui.commands.keys import unlock_interactively

    if args.audit_command == "export" and getattr(args, "journal", None):
        return _export_evidence(args, settings, Path(args.journal))
    key = unlock_interactively(settings)
    if args.audit_command == "export":
        return _export(args, settings, key)
    if args.audit_command == "repair":
        return _repair(settings, key)
    if args.audit_command == "prune":
        return _prune(settings, key)
    return asyncio.run(_deliver(settings, key))


def _anchor_path() -> Path:
    from sjtui import locations
    from sjtui.audit.anchor import ANCHOR_FILE

    return locations.data_dir() / ANCHOR_FILE


def _verify(settings) -> int:
    """The chain and head (no key needed), then the anchor kept beside the key (needs it)."""
    from sjtui.audit.journal import default_journal_dir
    from sjtui.audit.verify import verify_journal

    result = verify_journal(default_journal_dir())
    anchor_problem, anchor_note = _check_anchor(settings)
    if result.ok and not anchor_problem:
        kept = result.count - result.pruned
        pruned = f" ({result.pruned} earlier entries pruned by retention)" if result.pruned else ""
        print(f"audit journal OK: {kept} entries{pruned}, hash chain intact, {anchor_note}")
        if result.problem:
            print(f"note: {result.problem}")
        return 0
    if not result.ok:
        print(f"audit journal BROKEN at entry {result.first_broken_seq}: {result.problem}", file=sys.stderr)
        print(f"{result.count} entries before it are intact", file=sys.stderr)
    if anchor_problem:
        print(f"audit journal BROKEN: {anchor_problem}", file=sys.stderr)
    return 1


def _check_anchor(settings) -> tuple[str, str]:
    """(problem, note) of the anchor check. Never creates a key: with no key slots at all,
    an anchor (or a journal) left behind is itself the finding."""
    from sjtui.audit.anchor import AnchorDamaged, AnchorStore, anchor_problem
    from sjtui.audit.journal import default_journal_dir
    from sjtui.commands.keys import key_manager, unlock_interactively
    from sjtui.crypto.errors import KeySlotsDamaged, KeyUnavailable, WrongPassphrase

    manager = key_manager(settings)
    path = _anchor_path()
    try:
        initialised = manager.is_initialised()
    except KeySlotsDamaged as exc:
        return f"the anchor cannot be checked: {exc}", ""
    if not initialised:
        if path.exists():
            return "the key that sealed the journal's anchor is missing", ""
        problem = anchor_problem(default_journal_dir(), None)
        return problem, "nothing anchored yet"
    try:
        key = unlock_interactively(settings, manager)
    except (KeyUnavailable, WrongPassphrase) as exc:
        return f"the anchor cannot be checked without the key ({exc})", ""
    try:
        anchor = AnchorStore(path, key.sealer).read()
    except AnchorDamaged as exc:
        return str(exc), ""
    problem = anchor_problem(default_journal_dir(), anchor)
    note = f"anchor matches (record {anchor.seq})" if anchor is not None else "nothing anchored yet"
    return problem, note


def _prune(settings, key) -> int:
    from sjtui.audit.journal import AuditJournal
    from sjtui.audit.retention import prune_journal

    journal = AuditJournal(None, key.sealer, anchor_path=_anchor_path())
    months = settings.audit_retention_months
    report = prune_journal(journal, months=months)
    print(
        f"pruned {report.pruned} delivered entries older than {months:g} months "
        f"(stopped at: {report.stopped_by}); undelivered entries are kept"
    )
    return 0


def _repair(settings, key) -> int:
    from sjtui.audit.journal import default_journal_dir
    from sjtui.audit.repair import repair_journal
    from sjtui.clinician import current_clinician

    report = repair_journal(
        default_journal_dir(), key.sealer, anchor_path=_anchor_path(), clinician=current_clinician(settings)
    )
    if not report.needed:
        print("audit journal OK: nothing to repair")
        return 0
    print(f"audit journal was damaged: {report.problem}")
    print(f"kept as evidence, unchanged: {report.evidence}")
    print(f"{report.carried} intact entries carried into a new journal; look-ups can be audited again")
    if report.lost_seqs:
        seqs = ", ".join(str(s) for s in report.lost_seqs)
        print(f"entries that failed authentication and were not carried: {seqs}", file=sys.stderr)
        return 1
    return 0


def _export_evidence(args: argparse.Namespace, settings: Settings, directory: Path) -> int:
    """Export a journal kept as evidence (after a key reset or a repair) with the key that
    sealed it: its key slots were kept beside it, and the old passphrase (or the keyring
    entry, if it still exists) opens them. The evidence is never changed: the slots are
    read from a private temporary copy."""
    import shutil
    import tempfile

    from sjtui.commands.keys import KEY_COPY_FILE, unlock_interactively
    from sjtui.crypto.unlock import KeyManager

    slots = next((directory / n for n in ("keyslots.json", KEY_COPY_FILE) if (directory / n).exists()), None)
    if slots is None or not (directory / "journal.jsonl").exists():
        print(f"sjtui: {directory} holds no journal with its key slots", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "keyslots.json"
        shutil.copyfile(slots, copy)
        manager = KeyManager(
            copy, keyring_timeout=settings.keyring_timeout_seconds, passphrase_command=settings.passphrase_command
        )
        key = unlock_interactively(settings, manager)
        journal_copy = Path(scratch) / "journal"
        journal_copy.mkdir(mode=0o700)
        for name in ("journal.jsonl", "head.json", "base.json"):
            if (directory / name).exists():
                shutil.copyfile(directory / name, journal_copy / name)
        return _export(args, settings, key, journal_dir=journal_copy)


def _export(args: argparse.Namespace, settings: Settings, key: UnlockedKey, *, journal_dir: Path | None = None) -> int:
    """The look-ups of a week or period, with the review marks; `--from-server`: the
    organisation's AuditEvents from every workstation as well (de-duplicated by entry id)."""
    from sjtui import locations
    from sjtui.audit.export import ExportError, lookups, range_bounds, render, week_bounds
    from sjtui.audit.journal import AuditJournal, AuditReadError
    from sjtui.audit.review import ReviewStore
    from sjtui.backend import REVIEW_FILE
    from sjtui.fhir.errors import FhirError

    sealer = key.sealer
    journal = (
        AuditJournal(journal_dir, sealer)
        if journal_dir is not None
        else AuditJournal(None, sealer, anchor_path=_anchor_path())
    )
    try:
        if args.week:
            start, end = week_bounds(args.week)
        elif args.date_from and args.date_to:
            start, end = range_bounds(date.fromisoformat(args.date_from), date.fromisoformat(args.date_to))
        else:
            print("sjtui: give --week 2026-W48 or --from YYYY-MM-DD --to YYYY-MM-DD", file=sys.stderr)
            return 2
        rows = lookups(journal, start, end)
        if getattr(args, "from_server", False):
            rows = asyncio.run(_with_server_rows(settings, rows, start, end))
        marks = ReviewStore(locations.data_dir() / REVIEW_FILE, sealer).marks() if journal_dir is None else {}
        text = render(rows, args.format, marks=marks)
    except (ExportError, ValueError) as exc:
        print(f"sjtui: {exc}", file=sys.stderr)
        return 2
    except FhirError as exc:
        print(f"sjtui: the server's audit events could not be read ({exc.message})", file=sys.stderr)
        return 1
    except AuditReadError as exc:
        print(
            f"sjtui: {exc}: this key cannot open it (sealed with another key?); 'sjtui audit verify' checks the chain",
            file=sys.stderr,
        )
        return 1
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


async def _with_server_rows(
    settings: Settings, local: list[LookupRow], start: datetime, end: datetime
) -> list[LookupRow]:
    from sjtui.audit.server_events import merge_lookups, server_lookups
    from sjtui.backend import make_client
    from sjtui.clinician import current_clinician

    client = make_client(settings)
    try:
        site = current_clinician(settings).organisation
        return merge_lookups(local, await server_lookups(client, start, end, site=site))
    finally:
        await client.aclose()


async def _deliver(settings, key) -> int:
    from sjtui.backend import build_services

    services = build_services(settings, key, use_cache=False)
    try:
        report = await services.outbox.deliver_pending()
    finally:
        await services.service.aclose()
    print(f"delivered {report.sent}, failed {report.failed}, pending {report.pending}")
    return 0 if report.failed == 0 else 1
