"""The words for an error: notice and F8 from the client's error kind, server text kept plain."""

from __future__ import annotations

import pytest

from sjtui.fhir.errors import ErrorKind, FhirHttpError, FhirOfflineError
from sjtui.fhir.models import OperationOutcome
from sjtui.i18n import set_language
from sjtui.record.errors import AuditFailed, OfflineError, ServerError
from sjtui.ui.error_text import error_details, error_title, pane_error_text


def _wrapped(cause: Exception, cls=ServerError):
    try:
        raise cls("the server could not search", detail=str(cause)) from cause
    except cls as exc:
        return exc


def test_the_title_follows_the_kind_not_the_record_layers_code() -> None:
    assert error_title(_wrapped(FhirHttpError("x", status=401))).startswith("Log ind igen")
    assert error_title(_wrapped(FhirHttpError("x", status=403))).startswith("Ingen adgang")
    offline = _wrapped(FhirOfflineError("x", detail="connect"), OfflineError)
    assert error_title(offline).startswith("Ingen forbindelse")
    assert "Der kunne ikke oprettes forbindelse" in error_details(offline)


def test_audit_failures_keep_their_own_words() -> None:
    exc = _wrapped(FhirOfflineError("x"), AuditFailed)
    assert error_title(exc).startswith("Opslaget kunne ikke logges")


def test_server_text_in_details_is_plain_and_short() -> None:
    outcome = OperationOutcome.from_data(
        {
            "resourceType": "OperationOutcome",
            "issue": [{"severity": "error", "diagnostics": "\x1b[31m[bold]ond[/bold]\x1b]0;x\x07" + "y" * 1000}],
        }
    )
    error = FhirHttpError("x", status=500, outcome=outcome, what="Observation", attempts=4)
    details = error_details(_wrapped(error))
    assert "\x1b" not in details and "\x07" not in details
    assert "[bold]ond[/bold]" in details  # shown literally (the screen renders without markup)
    assert len(details) < 600
    assert "Fejlkode 500" in details and "Forsøg: 4" in details


@pytest.mark.usefixtures("ui_home")  # the language is back to Danish afterwards
def test_a_pane_error_from_the_client_is_translated_and_other_text_kept() -> None:
    message = FhirHttpError("The FHIR server is failing", status=502).message
    assert message.kind == ErrorKind.SERVER_FAILING
    assert pane_error_text(message).startswith("Serveren har en fejl")
    assert pane_error_text("tidsgrænsen nået") == "tidsgrænsen nået"
    set_language("en")
    assert pane_error_text(message).startswith("The server is failing")
