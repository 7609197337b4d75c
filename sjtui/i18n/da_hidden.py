"""Danish texts: the count of private-marked items while the record is still arriving."""

TEXTS: dict[str, str] = {
    "bg.hidden.at_least": "Mindst {n} privatmarkerede oplysninger er skjult (ikke alt er hentet endnu).",
    "pane.hidden_at_least": "mindst {n} skjulte oplysninger (privatmarkeret; ikke alt er hentet)",
    "record.hidden_at_least": "mindst {n} skjulte oplysninger (privatmarkeret; ikke alt er hentet) · {key}: værdispring",
}
