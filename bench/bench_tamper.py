"""Tamper table: each way of tampering with the audit journal (bench/tamper_cases.py), tried
on a fresh installation, and whether `sjtui audit verify` and the app's start-up catch it.

Per case: a throwaway SJTUI_HOME, a key made as the CLI makes it (passphrase slot, scrypt),
a journal of six records written with its head and sealed anchor, the tampering, then
`sjtui audit verify` (in process, through `sjtui.cli.main`: caught = exit status 1) and the
start-up check the app runs when its services are built (caught = a warning shown and a
security entry recorded, or the journal refusing further appends until repaired).

    PYTHONPATH=. python bench/bench_tamper.py
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.tamper_cases import CASES, CLINICIAN, make_journal


def _try(case: str) -> tuple[bool, bool, str]:
    with tempfile.TemporaryDirectory() as home:
        os.environ["SJTUI_HOME"] = home
        os.environ["SJTUI_PASSPHRASE"] = "bench tamper passphrase"
        os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
        from sjtui import locations
        from sjtui.audit.anchor import ANCHOR_FILE
        from sjtui.audit.integrity import settle_at_start
        from sjtui.audit.journal import AuditJournal, default_journal_dir
        from sjtui.cli import main
        from sjtui.commands.keys import unlock_interactively
        from sjtui.config import Settings

        key = unlock_interactively(Settings())
        anchor = locations.data_dir() / ANCHOR_FILE
        snapshot = make_journal(default_journal_dir(), anchor, key.sealer)
        CASES[case](default_journal_dir(), snapshot)
        err = io.StringIO()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            verify_caught = main(["audit", "verify"]) == 1
        report = settle_at_start(AuditJournal(None, key.sealer, anchor_path=anchor), CLINICIAN)
        start_caught = bool(report.warning)
        message = err.getvalue().strip().splitlines()[0] if err.getvalue().strip() else ""
        return verify_caught, start_caught, message.removeprefix("audit journal BROKEN").lstrip(" :")


def main() -> None:
    rows = []
    for case in CASES:
        verify_caught, start_caught, message = _try(case)
        rows.append((case, verify_caught, start_caught, message))
    print("| tampering | `audit verify` | start-up | what verify says |")
    print("|---|---|---|---|")
    for case, v, s, message in rows:
        print(f"| {case} | {'caught' if v else 'MISSED'} | {'caught' if s else 'MISSED'} | {message} |")
    tried = len(rows)
    print(f"\ntried {tried}; caught by verify {sum(r[1] for r in rows)}, at start-up {sum(r[2] for r in rows)}")


if __name__ == "__main__":
    main()
