"""Words for the three states of a list (`PaneData.state`): what "not known" means, and why.

The rule itself lives in the record model; this only turns its reason codes into the UI
language. Every "not known" is said in text (never by colour alone).
"""

from __future__ import annotations

from typing import Any

from sjtui.i18n import t
from sjtui.record.model import Gap, ListState, PaneData, Unreadable
from sjtui.ui.error_text import pane_error_text
from sjtui.ui.formatting import fmt_date, fmt_datetime


def _why(detail: str) -> str:
    """The client's error in the clinician's words ("" when it was not described)."""
    words = pane_error_text(detail) if detail else ""
    return words.rstrip(".") if words and words != detail else ""


def _gap_text(gap: Gap) -> str:
    why = _why(gap.detail) if gap.reason in ("failed", "partial") else ""
    if gap.reason == "failed" and why:
        text = t("reason.failed_why", why=why)
    elif gap.reason == "not-this-citizen":
        text = t("reason.not-this-citizen", n=gap.missing or 1)
    elif gap.reason == "partial":
        text = t("reason.partial_n", n=gap.missing) if gap.missing else t("reason.partial")
        if why:
            text += f": {why}"
    else:
        key = f"reason.{gap.reason}"
        text = t(key)
        if text == key:
            text = t("reason.failed")
    if gap.as_of is not None:
        text += f" ({t('reason.stale', time=fmt_datetime(gap.as_of))})"
    return text


def reasons(data: PaneData[Any]) -> str:
    """ "kunne ikke hentes; 1 kunne ikke læses": why the list is not (fully) known."""
    parts: list[str] = []
    for gap in data.gaps:
        text = _gap_text(gap)
        if text not in parts:
            parts.append(text)
    if data.error and not data.gaps:
        why = _why(data.error)
        parts.append(t("reason.failed_why", why=why) if why else t("reason.failed"))
    if data.unreadable:
        parts.append(t("reason.unreadable", n=len(data.unreadable)))
    return "; ".join(parts)


def not_known_line(data: PaneData[Any], *, has_shown: bool) -> str:
    """ "Ikke kendt: ..." when nothing is shown, "Ikke fuldt kendt: ..." beside what is; ""
    when the list is fully known."""
    if data.state is not ListState.UNKNOWN:
        return ""
    key = "state.partly_known" if has_shown else "state.not_known"
    return t(key, reasons=reasons(data))


def unreadable_kind(item: Unreadable) -> str:
    """Why, in words: "fejl i data", "for dybt indlejret", ..."""
    kind = t(f"unreadable.kind.{item.kind}")
    return kind if kind != f"unreadable.kind.{item.kind}" else t("unreadable.kind.malformed")


def unreadable_what(item: Unreadable, *, with_date: bool = True, with_kind: bool = True) -> str:
    """ "Observation, 12-03-2024, fejl i data": type, date when known, and the kind."""
    parts = [item.resource_type or "?"]
    if with_date and item.date is not None:
        parts.append(fmt_date(item.date))
    if with_kind:
        parts.append(unreadable_kind(item))
    return ", ".join(parts)
