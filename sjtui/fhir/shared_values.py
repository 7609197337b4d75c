"""Decoded resources share their identical parts, so a large record fits in memory.

A record of 25,000 resources is ~31 MB of JSON but ~137 MB as Python dicts, because every
Observation carries its own copy of the same `code`, `category`, `subject`, `performer`,
`referenceRange` and `interpretation` (measured on the generated large record: 42 distinct
codes in 20,500, one subject in 23,000). `SharedValues.share` replaces each such part, as the
resources arrive page by page, with the one equal copy already seen, and the strings one level
down likewise: the same record then takes ~17 MB (see bench/RESULTS.md).

Safe because nothing mutates a decoded resource (the mapping, the cache and the fetch engine
only read them); the values stay equal, only their identities are shared. The memo holds one
opening's values (personal data): it belongs to that opening and is cleared when it closes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

# Parts whose text form is longer than this are not remembered (attachments, narratives):
# rarely repeated, and the memo would keep a second copy of them.
MAX_SHARED_CHARS = 4096


class SharedValues:
    """One opening's memo of resource parts already seen (see the module docstring)."""

    def __init__(self) -> None:
        self._parts: dict[str, Any] = {}
        self._strings: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._parts)

    def share(self, resources: Iterable[Any]) -> None:
        """Make the resources (decoded JSON objects) share equal parts, in place."""
        for resource in resources:
            if type(resource) is dict:
                self._share_children(resource, deeper=True)

    def clear(self) -> None:
        self._parts.clear()
        self._strings.clear()

    def _share_children(self, container: dict[str, Any] | list[Any], *, deeper: bool) -> None:
        """Replace each child (field or item) by the equal one seen before; with `deeper`, look
        one level further into the parts seen for the first time (their parts may repeat)."""
        strings = self._strings
        slots = container.items() if type(container) is dict else enumerate(container)
        for slot, value in slots:
            kind = type(value)
            if kind is str:
                container[slot] = strings.setdefault(value, value)  # type: ignore[index]  # slot is a key of this dict or an index of this list
            elif kind is dict or kind is list:
                shared, seen = self._shared(value)
                if seen:
                    container[slot] = shared  # type: ignore[index]  # as above
                elif deeper:
                    self._share_children(value, deeper=False)

    def _shared(self, value: dict[str, Any] | list[Any]) -> tuple[Any, bool]:
        """(the equal part seen before, True) or (value, False), remembering value."""
        try:
            # repr tells 1, 1.0 and True apart and keeps key order: equal text, equal JSON.
            text = repr(value)
        except (RecursionError, ValueError):  # absurdly nested hostile data: leave it alone
            return value, False
        seen = self._parts.get(text)
        if seen is not None:
            return seen, True
        if len(text) <= MAX_SHARED_CHARS:
            self._parts[text] = value
        return value, False
