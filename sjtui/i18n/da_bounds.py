"""Danish texts of the opening's bounds (what a list not fully known because of a bound says)."""

TEXTS: dict[str, str] = {
    "reason.entry-limit": "for mange poster (grænse nået)",
}
