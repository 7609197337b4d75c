"""English texts of the audit trail's integrity, break-the-glass marks, access-log words and
the auditor's review (issue 12), merged into the English table by `sjtui.i18n`."""

TEXTS: dict[str, str] = {
    # --- the journal's integrity at start-up ---------------------------------------------------
    "audit.integrity.title": "Audit log",
    "audit.integrity.warning": "The audit log on this machine is not complete: records are missing or "
    "were changed. This has been recorded and is sent to the server as a security event. "
    "Tell the municipality's audit contact. F8 shows the details.",
    "audit.integrity.detail_title": "The audit log is not complete",
    # --- break-the-glass on screen -------------------------------------------------------------
    "pane.revealed_mark": "[Break-the-glass]",
    "record.break_glass_active": "Break-the-glass is active for this opening. Reason: {reason}",
    # --- access log: words, not codes ----------------------------------------------------------
    "access.purpose.TREAT": "Treatment",
    "access.purpose.BTG": "Break-the-glass",
    "access.purpose.ETREAT": "Emergency treatment",
    "access.purpose.COC": "Coordination of care",
    "access.purpose.PATRQT": "Citizen's request",
    "access.purpose.HPAYMT": "Payment",
    "access.search": "Search",
    # --- the lock asks for what it checks --------------------------------------------------------
    "lock.explain.passphrase": "The screen was locked after inactivity. Enter your passphrase (the one "
    "that unlocks the local journal and cache) to go on.",
    "lock.passphrase": "Passphrase",
    "lock.wrong.passphrase": "Wrong passphrase. Try again.",
    "lock.empty.passphrase": "Enter your passphrase.",
    "lock.failed.passphrase": "The passphrase could not be checked. Try again.",
    "lock.blocked": "Too many wrong tries. The PIN is blocked: quit with Ctrl+Q and start sjtui "
    "again (you choose a new PIN).",
    # --- the key file ----------------------------------------------------------------------------
    "audit.key.title": "The key",
    "audit.key.warning": "The key file was missing or damaged and was restored from its copy, or the "
    "key was reset. This has been recorded and is sent to the server. F8 shows the details.",
    "audit.key.detail_title": "The key file",
    # --- the auditor's review ----------------------------------------------------------------------
    "review.not_auditor": "The look-up review is reserved for the auditor role. Sign in as an auditor.",
    "review.server_included": "Look-ups from every workstation (the server) are included.",
    "review.server_failed": "The server's look-ups could not be fetched ({error}); only this machine's log is shown.",
}
