"""The status bar at 80 columns: parts are left out in a fixed order until the line fits,
and who is signed in, online/offline, the audit log's state and the cache always stay."""

from __future__ import annotations

from datetime import datetime

from sjtui.record.service_api import ServiceStatus
from sjtui.ui.widgets.status_bar import status_text

USER = "Sygeplejerske Hanne Juul"


def _status(online: bool = True) -> ServiceStatus:
    return ServiceStatus(
        backend="fhir.region-syddanmark.example",
        online=online,
        bytes_received=23_456,
        round_trips=4,
        pending_audit=5,
        cache_mode="keyring",
        last_sync=datetime(2026, 12, 3, 9, 15),
    )


def test_a_wide_line_shows_everything() -> None:
    text = status_text(_status(), None, USER, width=200).plain
    for part in (USER, "Server: fhir.region", "Online", "Data pr. 03.12.2026", "hentet", "Log: 5 afventer", "Cache"):
        assert part in text, text


def test_at_80_columns_the_line_fits_and_keeps_what_matters() -> None:
    for online in (True, False):
        text = status_text(_status(online), None, USER, width=78).plain
        assert len(text) <= 78, text
        for part in (USER, "Online" if online else "OFFLINE", "Log: 5 afventer", "Cache: krypteret"):
            assert part in text, text
        assert "Data pr." not in text  # the banner shows the data age


def test_parts_go_in_order_data_age_then_bytes_then_server() -> None:
    full = status_text(_status(), None, USER).plain
    no_age = full.replace(" · Data pr. 03.12.2026 09:15", "")
    assert status_text(_status(), None, USER, width=len(no_age)).plain == no_age
    no_bytes = status_text(_status(), None, USER, width=len(no_age) - 1).plain
    assert "hentet" not in no_bytes and "Server:" in no_bytes
