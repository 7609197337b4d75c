"""Adapting searches to what a server supports.

A server that rejects a search parameter (400/422 with an OperationOutcome, in a GET or in a
batch entry) is asked again without it: first without the parameters the outcome names (or
all optional ones when it names none), then with none of the optional ones. The mapping sorts
and filters on the client anyway. What a server rejected is remembered per server and
resource type (in memory, and on disk through `RejectedParamsMemory` when given), so later
searches leave it out at once.

`_summary=count` searches (deletion checks) are never "adapted": without `_summary` they would
be full searches. A rejected count makes the fetch engine check deletions another way.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import parse_qsl, quote, urlencode

from sjtui.fhir.capability_memory import RejectedParamsMemory

log = logging.getLogger(__name__)

# Parameters a search can do without: they sort, trim or narrow by time; never by citizen.
# Also the filters that split a list in two parts (`overview_parts.py`): without them a part
# is the whole list, which finds everything the part would (a server without `:not` or
# `:missing` costs a few entries twice, never one missed).
OPTIONAL = ("_sort", "_elements", "_summary", "_lastUpdated", "_include", "date", "date:missing", "class", "class:not")
REJECTED_STATUSES = (400, 422)


def _split(url: str) -> tuple[str, list[tuple[str, str]]]:
    rtype, _, query = url.partition("?")
    return rtype, parse_qsl(query, keep_blank_values=True)


def _join(rtype: str, params: list[tuple[str, str]]) -> str:
    if not params:
        return rtype
    return rtype + "?" + urlencode(params, quote_via=quote, safe=",:|")


def param_names(url: str) -> set[str]:
    return {k for k, _ in _split(url)[1]}


def is_count(url: str) -> bool:
    return ("_summary", "count") in _split(url)[1]


def without(url: str, names: set[str]) -> str:
    rtype, params = _split(url)
    return _join(rtype, [(k, v) for k, v in params if k not in names])


def to_drop(url: str, outcome_text: str, attempt: int) -> set[str]:
    """The parameters to leave out after a rejection: those the outcome names; all optional
    ones when it names none (or on the second attempt, `_count` too); empty: give up."""
    present = param_names(url)
    optional = present.intersection(OPTIONAL)
    if attempt == 0:
        named = {p for p in optional if re.search(re.escape(p) + r"\b", outcome_text or "")}
        return named or optional
    if attempt == 1:
        return optional | (present & {"_count"})
    return set()


class RejectedParams:
    """What one server rejected, per resource type."""

    def __init__(self, memory: RejectedParamsMemory | None = None, base_url: str = "") -> None:
        self._memory = memory
        self._base = base_url
        self._rejected: dict[str, set[str]] = memory.load(base_url) if memory else {}

    def of(self, resource_type: str) -> set[str]:
        return set(self._rejected.get(resource_type, ()))

    def note(self, url: str, names: set[str]) -> None:
        rtype = _split(url)[0]
        known = self._rejected.setdefault(rtype, set())
        if names - known:
            known |= names
            log.info("fhir: the server rejects %s on %s; searching without", sorted(names), rtype)
            if self._memory is not None:
                self._memory.save(self._base, self._rejected)

    def apply(self, url: str) -> str:
        """The URL without what this server is known to reject (count searches kept)."""
        if is_count(url):
            return url
        names = self.of(_split(url)[0]) & param_names(url)
        return without(url, names) if names else url

    def snapshot(self) -> dict[str, set[str]]:
        return {k: set(v) for k, v in self._rejected.items()}
