"""English texts of an opening's progress (merged into the English table by `sjtui.i18n`)."""

TEXTS: dict[str, str] = {
    # The journal entry is being written (fsynced); the record is shown once it is durable.
    "status.audit.writing": "Writing audit log …",
}
