"""`sjtui audit verify|export|deliver|repair`."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import date
from pathlib import Path

from sjtui.config import load_settings


def run_audit(args: argparse.Namespace) -> int:
    if args.audit_command == "verify":
        return _verify()
    settings = load_settings(Path(args.config) if args.config else None, server=args.server,
                             profile=getattr(args, "profile", None))
    from sjtui.commands.keys import unlock_interactively

    key = unlock_interactively(settings)
    if args.audit_command == "export":
        return _export(args, key)
    if args.audit_command == "repair":
        return _repair(key)
    return asyncio.run(_deliver(settings, key))


def _verify() -> int:
    from sjtui.audit.journal import default_journal_dir
    from sjtui.audit.verify import verify_journal

    result = verify_journal(default_journal_dir())
    if result.ok:
        print(f"audit journal OK: {result.count} entries, hash chain intact")
        if result.problem:
            print(f"note: {result.problem}")
        return 0
    print(f"audit journal BROKEN at entry {result.first_broken_seq}: {result.problem}", file=sys.stderr)
    print(f"{result.count} entries before it are intact", file=sys.stderr)
    return 1


def _repair(key) -> int:
    from sjtui.audit.journal import default_journal_dir
    from sjtui.audit.repair import repair_journal

    report = repair_journal(default_journal_dir(), key.sealer)
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


def _export(args: argparse.Namespace, key) -> int:
    from sjtui.audit.export import ExportError, export_range, export_week
    from sjtui.audit.journal import AuditJournal

    journal = AuditJournal(None, key.sealer)
    try:
        if args.week:
            text = export_week(journal, args.week, args.format)
        elif args.date_from and args.date_to:
            text = export_range(
                journal, date.fromisoformat(args.date_from), date.fromisoformat(args.date_to), args.format
            )
        else:
            print("sjtui: give --week 2026-W48 or --from YYYY-MM-DD --to YYYY-MM-DD", file=sys.stderr)
            return 2
    except (ExportError, ValueError) as exc:
        print(f"sjtui: {exc}", file=sys.stderr)
        return 2
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


async def _deliver(settings, key) -> int:
    from sjtui.backend import build_services

    services = build_services(settings, key, use_cache=False)
    try:
        report = await services.outbox.deliver_pending()
    finally:
        await services.service.aclose()
    print(f"delivered {report.sent}, failed {report.failed}, pending {report.pending}")
    return 0 if report.failed == 0 else 1
