"""English texts of the record layer's states: not known (and why), CAVE semantics,
quarantined items and the record's F8 details."""

TEXTS: dict[str, str] = {
    # --- three states ---------------------------------------------------------------------
    "state.not_known": "Not known: {reasons}",
    "state.partly_known": "Not fully known: {reasons}",
    "reason.failed": "could not be fetched",
    "reason.failed_why": "could not be fetched ({why})",
    "reason.partial": "only partly fetched",
    "reason.partial_n": "only partly fetched ({n} missing)",
    "reason.entries": "the answer had unreadable entries",
    "reason.not-searchset": "the server did not send a search result",
    "reason.timeout": "the opening's time limit was reached",
    "reason.offline": "no connection",
    "reason.page-limit": "too many pages (limit reached)",
    "reason.byte-limit": "too much data (limit reached)",
    "reason.not-this-citizen": "server entries not naming this citizen: {n}",
    "reason.unverified": "deletions could not be checked",
    "reason.not-asked": "no information about allergies",
    "reason.unreadable": "{n} could not be read",
    "reason.stale": "showing the saved copy as of {time}",
    # --- CAVE -----------------------------------------------------------------------------
    "cave.unconfirmed": "unconfirmed",
    "cave.statement": "statement, not an allergy",
    "cave.not_asked": "statement: allergies not recorded",
    "cave.status.inactive": "inactive",
    "cave.status.resolved": "resolved",
    "cave.hidden_only": "No CAVE shown; {n} hidden (private-marked)",
    "cave.inactive": "Earlier (not active)",
    # --- quarantined items and unreadable fields ------------------------------------------
    "unreadable.row": "Could not be read: {what}",
    "unreadable.kind.malformed": "malformed data",
    "unreadable.kind.too-deep": "nested too deeply",
    "unreadable.kind.too-large": "too large",
    "unreadable.kind.fields": "fields could not be read",
    "unreadable.field": "(could not be read)",
    "unreadable.fields": "Could not be read: {fields}",
    # --- F8: the record's details ---------------------------------------------------------
    "details.record": "Record data details",
    "details.unreadable": "Could not be read ({n}):",
    "details.dropped": "Left out: not this citizen's data ({n}):",
    "details.dropped.no-citizen": "names no citizen",
    "details.dropped.other-citizen": "names another citizen",
    "details.gaps": "Not fully known:",
    "details.none": "Every list is fully known.",
    # --- notices --------------------------------------------------------------------------
    "notice.refresh-failed": "Some data could not be refreshed: those lists show the saved copy and are marked.",
}
