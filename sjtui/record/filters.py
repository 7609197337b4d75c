"""Filtering and search of pane entries, for the UI (pure functions, order preserved).

Text matching is Unicode-normalised (NFKC) and case-folded, so "ÆBLE" finds "æble" and a
decomposed "å" (a + ring) finds a composed one. Danish "aa" and "å" are treated as the same
letter (old and new spelling: "Aabenraa"/"Åbenrå"). Several words must all match (AND).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import TypeVar

from sjtui.record import textsearch
from sjtui.record.entries import Course, Note
from sjtui.record.mapping.common import local_date
from sjtui.record.model import Entry

E = TypeVar("E", bound=Entry)


def fold(text: str) -> str:
    """Normalised form for matching: NFKC, case-folded, "aa" -> "å"."""
    return unicodedata.normalize("NFKC", text).casefold().replace("aa", "å")


def organisations(items: Iterable[Entry]) -> list[str]:
    """Distinct source organisations (for a filter chooser), sorted, "" left out."""
    return sorted({i.source.organisation for i in items if i.source.organisation}, key=fold)


def by_source(items: Sequence[E], organisation: str, department: str = "") -> list[E]:
    """Entries from an organisation (and department, when given); case-insensitive."""
    org, dep = fold(organisation.strip()), fold(department.strip())
    return [i for i in items if fold(i.source.organisation) == org and (not dep or fold(i.source.department) == dep)]


def course_members(course_key: str, courses: Iterable[Course] = ()) -> set[str]:
    """The keys that count as "in" a course: itself, plus its encounters for an episode."""
    keys = {course_key}
    if course_key.startswith("EpisodeOfCare/"):
        keys |= {c.resource_key for c in courses if c.episode_key == course_key}
    return keys


def by_course(items: Sequence[E], course_key: str, courses: Iterable[Course] = ()) -> list[E]:
    """Entries belonging to a course. Pass the record's courses so that an EpisodeOfCare
    also matches the entries of its Encounters."""
    keys = course_members(course_key, courses)
    return [i for i in items if i.course_key and i.course_key in keys]


def _as_date(value: date | datetime | None) -> date | None:
    if isinstance(value, datetime):
        return local_date(value) if value.tzinfo else value.date()
    return value


def by_date_range(
    items: Sequence[E], start: date | datetime | None = None, end: date | datetime | None = None
) -> list[E]:
    """Entries dated within [start, end] (local calendar days, both inclusive). With any
    bound set, undated entries are left out."""
    lo, hi = _as_date(start), _as_date(end)
    if lo is None and hi is None:
        return list(items)
    result = []
    for item in items:
        day = local_date(item.date)
        if day is None:
            continue
        if (lo is None or day >= lo) and (hi is None or day <= hi):
            result.append(item)
    return result


def matches(query: str, *texts: str | None) -> bool:
    """True when every word of `query` occurs in one of `texts` (empty query: True). Folded
    as `sjtui.record.textsearch` does: case, æ/ø/å and ae/oe/aa, accents."""
    return textsearch.matches(query, *texts)


def search_notes(notes: Sequence[Note], query: str) -> list[Note]:
    """Notes whose title, summary or body (when already known) contain all words."""
    return [n for n in notes if matches(query, n.title, n.summary, n.body)]
