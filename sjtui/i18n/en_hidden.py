"""English texts: the count of private-marked items while the record is still arriving."""

TEXTS: dict[str, str] = {
    "bg.hidden.at_least": "At least {n} private-marked items are hidden (not everything has arrived yet).",
    "pane.hidden_at_least": "at least {n} hidden items (private-marked; not everything has arrived)",
    "record.hidden_at_least": "at least {n} hidden items (private-marked; not everything has arrived) · {key}: break the glass",
}
