"""Full-text search across a record, with Danish folding (headless, works on cached text).

Folding makes what a clinician types meet what the record says: case is ignored, "æ", "ø",
"å" meet "ae", "oe", "aa" (so "iltmaetning" finds "Iltmætning" and "Aabenraa" finds
"Åbenrå"), and accents are dropped ("é" meets "e"). `fold_map` keeps, for every folded
character, where it came from, so a hit can be highlighted in the original text.

`search_record` looks in note and report titles, summaries and bodies known so far, lab
analyses (panel members such as FEV1 inside a spirometry panel included, with their
values), microbiology (organism, antibiotics) and home measurements, and returns hits
newest first with a snippet and the spans to highlight. Server text stays plain text: the
UI builds a Rich Text and styles the spans; nothing is parsed as markup.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime

from sjtui.record.entries import LabResult
from sjtui.record.model import Pane, Record

_LETTERS = {"æ": "ae", "ø": "oe", "å": "aa", "ß": "ss"}
ValueText = Callable[[str, str], str]
SNIPPET = 90  # characters of context around the first hit
MAX_HITS = 500


def _fold_char(char: str) -> str:
    lowered = char.casefold()
    out = []
    for c in lowered:
        if c in _LETTERS:
            out.append(_LETTERS[c])
            continue
        decomposed = unicodedata.normalize("NFKD", c)
        out.append("".join(d for d in decomposed if not unicodedata.combining(d)))
    return "".join(out)


def fold(text: str) -> str:
    """The searchable form of a text: case-folded, æøå spelt out, accents dropped."""
    return "".join(_fold_char(c) for c in unicodedata.normalize("NFC", text))


def fold_map(text: str) -> tuple[str, list[int]]:
    """(folded text, index in `text` of each folded character)."""
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        part = _fold_char(char)
        folded.append(part)
        origin.extend([index] * len(part))
    return "".join(folded), origin


def find_spans(query: str, text: str) -> list[tuple[int, int]]:
    """(start, end) spans in `text` where any word of `query` occurs (folded), in order,
    not overlapping."""
    words = [w for w in fold(query).split() if w]
    if not words:
        return []
    folded, origin = fold_map(text)
    spans: list[tuple[int, int]] = []
    for word in words:
        at = folded.find(word)
        while at >= 0:
            start, end = origin[at], origin[at + len(word) - 1] + 1
            spans.append((start, end))
            at = folded.find(word, at + len(word))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def matches(query: str, *texts: str | None) -> bool:
    """True when every word of `query` occurs (folded) in one of `texts`."""
    words = fold(query).split()
    if not words:
        return True
    haystack = "\n".join(fold(t) for t in texts if t)
    return all(word in haystack for word in words)


@dataclass(frozen=True, slots=True)
class SearchHit:
    pane: Pane
    resource_key: str
    date: datetime | None
    title: str  # what the hit is ("Spirometri", "Epikrise")
    snippet: str  # one line of the matching text, plain
    spans: tuple[tuple[int, int], ...]  # where the query occurs in `snippet`


@dataclass(frozen=True, slots=True)
class _Searchable:
    pane: Pane
    resource_key: str
    date: datetime | None
    title: str
    texts: tuple[str, ...]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _value(value: str, unit: str) -> str:
    return f"{value} {unit}".strip()


def entry_texts(item: object, value_text: ValueText = _value) -> list[str]:
    """The texts inside an entry that are not plain fields: a panel's members with their
    values ("FEV1 0.81 l" inside "Spirometri"), microbiology's organism and antibiotics."""
    if not isinstance(item, LabResult):
        return []
    texts = [f"{c.name} {value_text(c.value, c.unit)}" for c in item.components]
    if item.organism:
        texts.append(item.organism)
    texts += [f"{s.antibiotic} {s.result}" for s in item.susceptibilities]
    return texts


def _searchables(record: Record, bodies: Mapping[str, str], value_text: ValueText) -> Iterator[_Searchable]:
    for note in record.notes.items:
        body = note.body or bodies.get(note.resource_key, "")
        yield _Searchable(
            Pane.NOTES, note.resource_key, note.date, note.title, (note.title, note.summary, note.author, body)
        )
    for report in record.imaging.items:
        body = report.body or bodies.get(report.resource_key, "")
        yield _Searchable(
            Pane.IMAGING, report.resource_key, report.date, report.title, (report.title, report.conclusion, body)
        )
    for lab in record.labs.items:
        texts = [f"{lab.name} {value_text(lab.value, lab.unit)}".strip()]
        texts += entry_texts(lab, value_text)
        if lab.conclusion:
            texts.append(lab.conclusion)
        yield _Searchable(Pane.LABS, lab.resource_key, lab.date, lab.name, tuple(texts))
    for m in record.home.items:
        yield _Searchable(
            Pane.HOME, m.resource_key, m.date, m.name, (f"{m.name} {value_text(m.value, m.unit)}", m.device)
        )
    for med in record.medication.items:
        yield _Searchable(
            Pane.MEDICATION, med.resource_key, med.date, med.name, (med.name, med.dosage, med.reason, med.atc)
        )


def _snippet(query: str, texts: tuple[str, ...]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The first text with a hit, cut around the first hit, and the spans in the cut."""
    for text in texts:
        line = _one_line(text)
        spans = find_spans(query, line)
        if not spans:
            continue
        first = spans[0][0]
        start = max(0, first - SNIPPET // 3)
        if start > 0:
            space = line.rfind(" ", 0, start)
            start = space + 1 if space >= 0 else start
        cut = line[start : start + SNIPPET]
        shifted = tuple((a - start, min(b - start, len(cut))) for a, b in spans if a >= start and a < start + len(cut))
        prefix = "…" if start > 0 else ""
        suffix = "…" if start + SNIPPET < len(line) else ""
        moved = tuple((a + len(prefix), b + len(prefix)) for a, b in shifted)
        return prefix + cut + suffix, moved
    return "", ()


def _sort_moment(hit: SearchHit) -> float:
    return hit.date.timestamp() if hit.date is not None else float("-inf")


def search_record(
    record: Record,
    query: str,
    bodies: Mapping[str, str] | None = None,
    *,
    limit: int = MAX_HITS,
    value_text: ValueText = _value,
) -> list[SearchHit]:
    """Hits for `query` (every word must occur in the entry), newest first. `value_text`
    writes a value and its unit as the reader reads them (the UI passes its formatting)."""
    if not fold(query).split():
        return []
    known = bodies or {}
    hits: list[SearchHit] = []
    for item in _searchables(record, known, value_text):
        if not matches(query, *item.texts):
            continue
        snippet, spans = _snippet(query, item.texts)
        hits.append(SearchHit(item.pane, item.resource_key, item.date, item.title, snippet, spans))
    hits.sort(key=_sort_moment, reverse=True)
    return hits[:limit]
