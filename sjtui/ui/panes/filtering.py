"""Glue between the filter line and `sjtui.record.filters` (the filtering rules live there).

Until that module exists, a minimal equivalent is used; the UI only builds the choices
(which sources and courses occur in the pane) and passes the user's choice on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from datetime import date, timedelta
from typing import Any

from sjtui.record.model import Course, Entry, Record
from sjtui.ui.widgets.filter_bar import UiFilter


def source_choices(items: Sequence[Entry]) -> list[str]:
    return sorted({i.source.label() for i in items if i.source.label()})


def course_choices(items: Sequence[Entry], courses: Sequence[Course]) -> list[tuple[str, str]]:
    present = {i.course_key for i in items if i.course_key}
    out: list[tuple[str, str]] = []
    for course in courses:
        if course.resource_key in present:
            label = course.title or course.resource_key
            out.append((label, course.resource_key))
    known = {k for _, k in out}
    out.extend((key, key) for key in sorted(present - known))
    return out


def _text_of(item: Any) -> str:
    parts = []
    for f in fields(item):
        value = getattr(item, f.name)
        if isinstance(value, str):
            parts.append(value)
    return " ".join(parts).lower()


def apply_filter(items: Sequence[Any], flt: UiFilter, *, today: date, record: Record) -> list[Any]:
    if not flt.active:
        return list(items)
    out = []
    cutoff = today - timedelta(days=flt.days) if flt.days else None
    words = flt.text.lower().split()
    for item in items:
        if flt.source and item.source.label() != flt.source:
            continue
        if flt.course and item.course_key != flt.course:
            continue
        if cutoff is not None and (item.date is None or item.date.date() < cutoff):
            continue
        if words:
            haystack = _text_of(item)
            if not all(w in haystack for w in words):
                continue
        out.append(item)
    return out
