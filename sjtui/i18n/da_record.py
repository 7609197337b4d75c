"""Danish texts of the record layer's states: not known (and why), CAVE semantics,
quarantined items and the record's F8 details."""

TEXTS: dict[str, str] = {
    # --- three states ---------------------------------------------------------------------
    "state.not_known": "Ikke kendt: {reasons}",
    "state.partly_known": "Ikke fuldt kendt: {reasons}",
    "reason.failed": "kunne ikke hentes",
    "reason.failed_why": "kunne ikke hentes ({why})",
    "reason.partial": "kun delvist hentet",
    "reason.partial_n": "kun delvist hentet ({n} mangler)",
    "reason.entries": "svaret havde ulæselige poster",
    "reason.not-searchset": "serveren sendte ikke et søgeresultat",
    "reason.timeout": "tidsgrænsen for åbningen blev nået",
    "reason.offline": "ingen forbindelse",
    "reason.page-limit": "for mange sider (grænse nået)",
    "reason.byte-limit": "for meget data (grænse nået)",
    "reason.not-this-citizen": "{n} svar fra serveren nævnte ikke denne borger",
    "reason.unverified": "sletninger kunne ikke efterprøves",
    "reason.not-asked": "ingen oplysning om allergier",
    "reason.unreadable": "{n} kunne ikke læses",
    "reason.stale": "viser gemt kopi pr. {time}",
    # --- CAVE -----------------------------------------------------------------------------
    "cave.unconfirmed": "ubekræftet",
    "cave.statement": "erklæring, ikke en allergi",
    "cave.not_asked": "erklæring: allergier ikke oplyst",
    "cave.status.inactive": "inaktiv",
    "cave.status.resolved": "ophørt",
    "cave.hidden_only": "Ingen viste CAVE; {n} skjulte (privatmarkeret)",
    "cave.inactive": "Tidligere (ikke aktive)",
    # --- quarantined items and unreadable fields ------------------------------------------
    "unreadable.row": "Kunne ikke læses: {what}",
    "unreadable.kind.malformed": "fejl i data",
    "unreadable.kind.too-deep": "for dybt indlejret",
    "unreadable.kind.too-large": "for stor",
    "unreadable.kind.fields": "felter kunne ikke læses",
    "unreadable.field": "(kunne ikke læses)",
    "unreadable.fields": "Kunne ikke læses: {fields}",
    # --- F8: the record's details ---------------------------------------------------------
    "details.record": "Journalens datadetaljer",
    "details.unreadable": "Kunne ikke læses ({n}):",
    "details.dropped": "Frasorteret: ikke denne borgers data ({n}):",
    "details.dropped.no-citizen": "angiver ingen borger",
    "details.dropped.other-citizen": "angiver en anden borger",
    "details.gaps": "Ikke fuldt kendt:",
    "details.none": "Alle lister er fuldt kendte.",
    # --- notices --------------------------------------------------------------------------
    "notice.refresh-failed": "Noget kunne ikke opdateres: de berørte lister viser den gemte kopi og er mærket.",
}
