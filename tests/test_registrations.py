"""Living will and organ donor registrations (Consent) on the basic card: the mapping, the
three states of the list, and what the section says in each (issue #13)."""

from __future__ import annotations

from rich.console import Console

from sjtui.i18n import set_language
from sjtui.record.entries import Registration
from sjtui.record.mapping.registrations import map_registration  # noqa: F401 - the mapper under test
from sjtui.record.model import Gap, ListState, PaneData, Source
from sjtui.ui.panes.registrations import registrations_section

from fhir_builders import build, cc, ref, res

LOINC = "http://loinc.org"
V2_0316 = "http://terminology.hl7.org/CodeSystem/v2-0316"
SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope"


def donor(rid: str = "c1", code: str = "Y", status: str = "active", **fields) -> dict:
    body = {
        "status": status,
        "scope": cc("Behandling", "treatment", SCOPE),
        "category": [cc("Organdonation", "75781-5", LOINC)],
        "dateTime": "2015-06-02T19:40:00+02:00",
        "organization": [{"display": "Sundhedsdatastyrelsen, Organdonorregistret"}],
        "provision": {"type": "permit", "code": [cc("Ja", code, V2_0316)]},
    }
    body.update(fields)
    return res("Consent", rid, **body)


def living_will(rid: str = "c2", *situations: str, **fields) -> dict:
    body = {
        "status": "active",
        "scope": cc("Livstestamente", "adr", SCOPE),
        "category": [cc("Livstestamente", "75320-2", LOINC)],
        "dateTime": "2020-02-11",
        "organization": [ref("Organization/ouh", "OUH")],
        "provision": {
            "type": "deny",
            "code": [cc("Ingen livsforlængende behandling")],
            "provision": [{"type": "deny", "code": [cc(s)]} for s in situations],
        },
    }
    body.update(fields)
    return res("Consent", rid, **body)


def text_of(data: PaneData[Registration], lang: str = "da") -> str:
    set_language(lang)
    try:
        console = Console(width=160, record=True, color_system=None, force_terminal=False)
        console.print(registrations_section(data))
        return console.export_text()
    finally:
        set_language("da")


# --- mapping ---------------------------------------------------------------------------------


def test_an_organ_donor_yes_with_its_register_and_date() -> None:
    record = build(donor())
    (item,) = record.registrations.items
    assert (item.kind, item.decision, item.items) == ("organ-donor", "yes", ())
    assert item.source.organisation == "Sundhedsdatastyrelsen, Organdonorregistret"
    assert item.date is not None and item.date.year == 2015
    assert record.registrations.state is ListState.KNOWN


def test_organ_donor_decisions_no_relatives_and_limited_to_some_organs() -> None:
    limited = donor(
        "c3",
        provision={
            "type": "permit",
            "provision": [
                {"type": "permit", "code": [cc("Nyrer")]},
                {"type": "permit", "code": [cc("Lever")]},
                {"type": "deny", "code": [cc("Hornhinder")]},
            ],
        },
    )
    no = donor("c1", "N")
    relatives = donor("c2", "R")
    by_id = {i.resource_key: i for i in build(no, relatives, limited).registrations.items}
    assert by_id["Consent/c1"].decision == "no"
    assert by_id["Consent/c2"].decision == "relatives"
    assert by_id["Consent/c3"].decision == "limited"
    assert by_id["Consent/c3"].items == ("Nyrer", "Lever") and by_id["Consent/c3"].excluded == ("Hornhinder",)


def test_a_living_will_lists_the_situations_it_covers() -> None:
    record = build(living_will("c2", "Uafvendeligt døende", "Svær invaliditet"))
    (item,) = record.registrations.items
    assert item.kind == "living-will"
    assert item.items == ("Uafvendeligt døende", "Svær invaliditet")
    assert item.note == "Ingen livsforlængende behandling"
    assert item.source.organisation == "Odense Universitetshospital"


def test_consents_not_in_force_are_not_shown_as_valid() -> None:
    record = build(
        donor("c1", status="inactive"),
        donor("c2", status="rejected"),
        donor("c3", status="entered-in-error"),
        donor("c4", status="draft"),
        living_will("c5", "X", provision={"type": "deny", "period": {"end": "2020-01-01"}}),
    )
    assert record.registrations.items == ()
    assert record.registrations.state is ListState.EMPTY  # the search was complete: none in force


def test_other_consents_are_not_registrations() -> None:
    privacy = res(
        "Consent",
        "p",
        status="active",
        scope=cc("Privacy", "patient-privacy", SCOPE),
        category=[cc("INFA", "INFA", "http://terminology.hl7.org/CodeSystem/v3-ActCode")],
    )
    assert build(privacy).registrations.items == ()


def test_another_citizens_consent_is_dropped_and_the_list_is_not_known() -> None:
    record = build(donor("c1", citizen="someone-else"))
    assert record.registrations.items == ()
    assert record.registrations.state is ListState.UNKNOWN
    assert "not-this-citizen" in record.registrations.why_unknown()


def test_an_unreadable_consent_makes_the_list_not_known() -> None:
    record = build(donor("c1", dateTime=12))
    assert record.registrations.state is ListState.UNKNOWN
    assert record.registrations.unreadable


def test_a_private_marked_registration_is_hidden_and_never_reads_none() -> None:
    record = build(donor("c1", private=True))
    assert record.registrations.hidden == 1
    text = text_of(record.registrations)
    assert "Ingen registrering" not in text and "skjulte" in text


# --- what the section says ---------------------------------------------------------------


def _item(kind: str, decision: str = "", items: tuple[str, ...] = (), **kw) -> Registration:
    from datetime import UTC, datetime

    return Registration(
        resource_key=f"Consent/{kind}",
        date=datetime(2015, 6, 2, 12, tzinfo=UTC),
        source=Source("Sundhedsdatastyrelsen, Organdonorregistret"),
        private=False,
        course_key="",
        kind=kind,
        decision=decision,
        items=items,
        **kw,
    )


def test_registered_says_what_in_plain_words_in_danish_and_english() -> None:
    data = PaneData(items=(_item("organ-donor", "yes"),), loaded=True)
    da = text_of(data)
    assert "Tilmeldt Organdonorregistret: ja til donation af alle organer" in da
    assert "Registreret 02.06.2015" in da and "Sundhedsdatastyrelsen, Organdonorregistret" in da
    # the other register: the search was complete, so "found none here" (never "has none")
    assert "Ingen registrering fundet på denne server" in da
    en = text_of(data, "en")
    assert "yes to donating all organs" in en and "No registration found on this server" in en


def test_found_none_only_after_a_complete_search_and_worded_as_this_source() -> None:
    text = text_of(PaneData(loaded=True))
    assert text.count("Ingen registrering fundet på denne server") == 2
    assert "det betyder ikke, at borgeren ikke er registreret" in text
    assert "ikke organdonor" not in text.lower() and "intet livstestamente" not in text.lower()


def test_not_known_when_the_search_failed_was_refused_or_is_unsupported() -> None:
    failed = PaneData(loaded=True, gaps=(Gap("failed", "Consent", "HTTP 403"),))
    unsupported = PaneData(loaded=True, gaps=(Gap("unsupported", "Consent"),))
    for data in (failed, unsupported):
        assert data.state is ListState.UNKNOWN
        text = text_of(data)
        assert text.count("Ikke kendt:") == 2 and "Ingen registrering" not in text
    assert "serveren understøtter ikke opslaget" in text_of(unsupported)
    assert "the server does not support this search" in text_of(unsupported, "en")
    assert "Henter" in text_of(PaneData())  # still loading: neither


def test_limited_donor_and_living_will_texts() -> None:
    data = PaneData(
        items=(
            _item("organ-donor", "limited", ("Nyrer", "Lever"), excluded=("Hjerte",)),
            _item("living-will", "", ("Uafvendeligt døende",), note="Ingen livsforlængende behandling"),
        ),
        loaded=True,
    )
    text = text_of(data)
    assert "ja, med begrænsning" in text and "Kun: Nyrer, Lever" in text and "Ikke: Hjerte" in text
    assert "Oprettet i Livstestamenteregistret" in text and "• Uafvendeligt døende" in text
    assert "Ønske: Ingen livsforlængende behandling" in text


def test_hostile_text_is_shown_literally() -> None:
    evil = "[bold red]x[/] \x1b[31mRØD\x1b]0;title\x07"
    data = PaneData(items=(_item("living-will", "", (evil,), note="[link=http://x]klik[/link]"),), loaded=True)
    text = text_of(data)
    assert "[bold red]x[/] RØD" in text and "[link=http://x]klik[/link]" in text
    assert "\x1b" not in text and "title" not in text
