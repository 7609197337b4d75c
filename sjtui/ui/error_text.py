"""Errors in the clinician's words: the notice title and the F8 details, in the UI language.

A failure of the FHIR client reaches the UI as a `ServiceError` from the record layer, which
keeps the client's error as its cause (and its message as `detail`). The client's errors carry
a kind (no connection, sign in again, no access, the server is failing, unreadable answer, ...)
and a detail code with parameters (see `sjtui.fhir.errors`); here they become words, so a 401
says "sign in again" and a captive portal's HTML page does not look like a server fault.

Duck-typed on purpose: anything with `kind`, `detail` and `params` (a `FhirError`, or the
`FhirMessage` string a pane carries as its error) is translated; the UI never imports httpx
or the client. Server text (an OperationOutcome) is shown in F8 as plain text, cut short and
without control characters.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol, cast

from sjtui.i18n import t
from sjtui.record.errors import ServiceError

__all__ = ["error_details", "error_title", "pane_error_text"]

_MAX_SERVER_TEXT = 300


class _Described(Protocol):
    kind: str
    detail: str
    params: Mapping[str, object]


def _cause(exc: BaseException) -> _Described | None:
    """The FHIR client's error behind `exc` (itself, its cause chain, or its detail message)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if _is_described(current):
            return cast(_Described, current)
        detail = getattr(current, "detail", None)
        if _is_described(detail):
            return cast(_Described, detail)
        current = current.__cause__ or current.__context__
    return None


def _is_described(value: object) -> bool:
    return (
        isinstance(getattr(value, "kind", None), str)
        and isinstance(getattr(value, "detail", None), str)
        and isinstance(getattr(value, "params", None), Mapping)
    )


def _kind_title(kind: str) -> str | None:
    key = f"fhir.kind.{kind}"
    text = t(key)
    return None if text == key else text


def error_title(exc: ServiceError) -> str:
    """The one-line notice for an error: what happened, in words the clinician acts on."""
    cause = _cause(exc)
    if cause is not None and exc.code not in ("audit-failed", "audit-damaged", "access-denied"):
        title = _kind_title(str(cause.kind))
        if title is not None:
            return title
    title = t(f"error.{exc.code}")
    return t("error.error") if title == f"error.{exc.code}" else title


def _what(value: object) -> str:
    text = str(value)
    key = f"fhir.what.{text}"
    translated = t(key)
    return translated if translated != key else text


def _plain(text: str) -> str:
    """Untrusted server text made safe to show: no control characters, cut short."""
    cleaned = "".join(ch if ch.isprintable() else " " for ch in text).strip()
    return cleaned if len(cleaned) <= _MAX_SERVER_TEXT else cleaned[:_MAX_SERVER_TEXT] + "…"


def _described_lines(cause: _Described) -> list[str]:
    params = {k: (_what(v) if k == "what" else v) for k, v in cause.params.items()}
    lines: list[str] = []
    key = f"fhir.detail.{cause.detail}"
    sentence = t(key, **params) if cause.detail else ""
    if sentence and sentence != key and "{" not in sentence:
        lines.append(sentence)
    facts = []
    if "status" in params:
        facts.append(t("fhir.fact.status", status=params["status"]))
    if "what" in params:
        facts.append(t("fhir.fact.what", what=params["what"]))
    if "attempts" in params:
        facts.append(t("fhir.fact.attempts", attempts=params["attempts"]))
    if facts:
        lines.append(" · ".join(facts))
    outcome = getattr(cause, "outcome", None)
    server_text = getattr(outcome, "text", "") if outcome is not None else ""
    if isinstance(server_text, str) and server_text.strip():
        lines.append(t("fhir.fact.server_said", text=_plain(server_text)))
    return lines


def error_details(exc: ServiceError) -> str:
    """The F8 text: what happened and why, translated; technical facts (status, resource type,
    attempts) and what the server said, for support."""
    cause = _cause(exc)
    if cause is None:
        return exc.detail or exc.message
    return "\n".join(_described_lines(cause)) or exc.message


def pane_error_text(error: str) -> str:
    """A pane's error in the UI language when the client described it (else as given)."""
    if _is_described(error):
        title = _kind_title(str(cast(_Described, error).kind))
        if title is not None:
            return title
    return error
