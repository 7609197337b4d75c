"""Searches a server says it cannot answer: left out, and their lists "not known" (why).

Only for resource types a FHIR server may well not carry at all (the national registers'
Consents): a server whose CapabilityStatement lists its resource types and leaves one of
these out is not asked, and the pane gets the gap "unsupported", never "none". A statement
that could not be read, or lists no types, says nothing: the search is sent and its answer
decides. The core clinical types are always asked (a failure is a gap of its own).
"""

from __future__ import annotations

from typing import Any

from sjtui.record.model import Gap, Pane
from sjtui.record.queries import PaneQuery

#: Types checked against the server's statement before they are searched.
OPTIONAL_TYPES = frozenset({"Consent"})


def declares(caps: Any, resource_type: str) -> bool | None:
    """True/False when the statement lists its types (and so says), None when it does not."""
    listed = getattr(caps, "search_params", None)
    if not getattr(caps, "parsed", False) or not listed:
        return None
    return resource_type in listed


def drop_unsupported(queries: list[PaneQuery], caps: Any) -> tuple[list[PaneQuery], dict[Pane, list[Gap]]]:
    """(the searches to send, the gaps of the panes whose search the server cannot do)."""
    kept: list[PaneQuery] = []
    gaps: dict[Pane, list[Gap]] = {}
    for q in queries:
        if q.resource_type in OPTIONAL_TYPES and declares(caps, q.resource_type) is False:
            detail = f"the server's CapabilityStatement does not list {q.resource_type}"
            gaps.setdefault(q.pane, []).append(Gap("unsupported", q.resource_type, detail))
        else:
            kept.append(q)
    return kept, gaps
