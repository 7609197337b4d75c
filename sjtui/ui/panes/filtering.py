"""Glue between the filter line and `sjtui.record.filters` (the filtering rules live there).

The UI only builds the choices (which sources and courses occur in the pane) and passes the
user's choice on; text search also covers note/report bodies fetched so far.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import fields
from datetime import date, timedelta
from typing import Any

from sjtui.record import filters
from sjtui.record.entries import Course
from sjtui.record.model import Entry, Record
from sjtui.record.textsearch import entry_texts
from sjtui.ui.widgets.filter_bar import UiFilter


def source_choices(items: Sequence[Entry]) -> list[str]:
    return filters.organisations(items)


def course_choices(items: Sequence[Entry], courses: Sequence[Course]) -> list[tuple[str, str]]:
    """(label, key) of the courses the pane's entries belong to (episodes included)."""
    present = {i.course_key for i in items if i.course_key}
    out: list[tuple[str, str]] = []
    for course in courses:
        members = filters.course_members(course.resource_key, courses)
        if members & present:
            out.append((course.title or course.resource_key, course.resource_key))
    return out


def _texts(item: Any, bodies: Mapping[str, str]) -> list[str]:
    texts = [getattr(item, f.name) for f in fields(item) if isinstance(getattr(item, f.name), str)]
    texts.append(item.source.label())
    texts += entry_texts(item)  # panel members (FEV1 in a spirometry panel), organisms
    body = bodies.get(item.resource_key)
    if body:
        texts.append(body)
    return texts


def apply_filter(
    items: Sequence[Any], flt: UiFilter, *, today: date, record: Record, bodies: Mapping[str, str] | None = None
) -> list[Any]:
    if not flt.active:
        return list(items)
    out: list[Any] = list(items)
    if flt.source:
        out = filters.by_source(out, flt.source)
    if flt.course:
        out = filters.by_course(out, flt.course, record.courses.items)
    if flt.days:
        out = filters.by_date_range(out, start=today - timedelta(days=flt.days), end=None)
    if flt.text:
        known = bodies or {}
        out = [i for i in out if filters.matches(flt.text, *_texts(i, known))]
    return out
