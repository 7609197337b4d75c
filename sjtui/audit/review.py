"""The supervisor's review of a week's look-ups: marks (justified or not, with a comment)
and the acknowledgement report.

Marks are appended to a line file, each sealed with the data key (a comment about a
look-up is personal data too); the associated data binds a mark to its entry id. The last
mark for an entry wins, earlier ones stay as history. Each mark is fsynced before `mark`
returns, like the journal.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sjtui.crypto.aead import Sealer, TamperedData

from .chain import fsync_dir, write_all
from .export import COPENHAGEN, LookupRow, week_bounds, week_lookups
from .journal import AuditJournal

_AAD = b"sjtui-review-v1|"


class ReviewError(Exception):
    """Review marks could not be stored or read. Plain message, no personal data."""


@dataclass(frozen=True, slots=True)
class ReviewMark:
    entry_id: str
    justified: bool
    comment: str
    reviewer: str
    at: datetime = field(default_factory=lambda: datetime.now(UTC))


class ReviewStore:
    """Sealed, append-only store of review marks at `path` (a file)."""

    def __init__(self, path: Path, sealer: Sealer) -> None:
        self.path = Path(path)
        self._sealer = sealer

    def mark(self, entry_id: str, justified: bool, comment: str, reviewer: str) -> ReviewMark:
        if not reviewer.strip():
            raise ReviewError("the reviewer must be named")
        mark = ReviewMark(entry_id, justified, comment.strip(), reviewer.strip())
        data = asdict(mark)
        data["at"] = mark.at.isoformat()
        sealed = self._sealer.seal(json.dumps(data).encode(), _AAD + entry_id.encode())
        line = json.dumps({"id": entry_id, "sealed": base64.b64encode(sealed).decode()}) + "\n"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            new = not self.path.exists()
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            try:
                write_all(fd, line.encode("ascii"))
                os.fsync(fd)
            finally:
                os.close(fd)
            if new:
                fsync_dir(self.path.parent)
        except OSError as exc:
            raise ReviewError("the review mark could not be saved") from exc
        return mark

    def marks(self) -> dict[str, ReviewMark]:
        """entry id -> the latest mark. A torn last line (crash) is ignored."""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return {}
        result: dict[str, ReviewMark] = {}
        for n, line in enumerate(data[: data.rfind(b"\n") + 1].splitlines(), 1):
            try:
                obj = json.loads(line)
                raw = self._sealer.open(base64.b64decode(obj["sealed"]), _AAD + obj["id"].encode())
                m = json.loads(raw)
                mark = ReviewMark(
                    m["entry_id"],
                    bool(m["justified"]),
                    m["comment"],
                    m["reviewer"],
                    datetime.fromisoformat(m["at"]),
                )
            except TamperedData:
                raise ReviewError(f"review mark {n} failed authentication") from None
            except (ValueError, KeyError, TypeError):
                raise ReviewError(f"review mark {n} cannot be read") from None
            if mark.entry_id != obj["id"]:
                raise ReviewError(f"review mark {n} does not match its entry")
            result[mark.entry_id] = mark
        return result

    def acknowledgement_report(self, journal: AuditJournal, iso_week: str, reviewer: str, *, lang: str = "da") -> str:
        """A plain-text report of the week's review: counts and every unjustified look-up."""
        rows = week_lookups(journal, iso_week)
        marks = self.marks()
        return render_report(rows, marks, iso_week, reviewer, lang=lang)


_LABELS = {
    "da": {
        "title": "Kontrol af opslag, uge {week}",
        "period": "Periode: {a} til {b} (dansk tid)",
        "reviewer": "Kontrolleret af: {r}",
        "made": "Udarbejdet: {t}",
        "total": "Opslag i alt: {n}",
        "ok": "Berettigede: {n}",
        "bad": "Ikke berettigede: {n}",
        "open": "Ikke gennemgået: {n}",
        "bad_head": "Ikke berettigede opslag",
        "open_head": "Ikke gennemgåede opslag",
        "none": "(ingen)",
        "basis": "grundlag",
        "reason": "begrundelse",
        "btg": "værdispring",
        "comment": "Kommentar",
        "by": "vurderet af",
        "reviewed": "Gennemgået: {done} af {n} opslag",
        "sign": "Jeg, {r}, bekræfter at have gennemgået {done} af {n} opslag i uge {week} "
        "og vurderet dem som anført ovenfor.",
        "sign_open": "{m} opslag er ikke gennemgået og er ikke omfattet af denne bekræftelse.",
    },
    "en": {
        "title": "Review of look-ups, week {week}",
        "period": "Period: {a} to {b} (Danish time)",
        "reviewer": "Reviewed by: {r}",
        "made": "Produced: {t}",
        "total": "Look-ups: {n}",
        "ok": "Justified: {n}",
        "bad": "Not justified: {n}",
        "open": "Not reviewed: {n}",
        "bad_head": "Look-ups not justified",
        "open_head": "Look-ups not reviewed",
        "none": "(none)",
        "basis": "basis",
        "reason": "reason",
        "btg": "break-the-glass",
        "comment": "Comment",
        "by": "marked by",
        "reviewed": "Reviewed: {done} of {n} look-ups",
        "sign": "I, {r}, confirm that I have reviewed {done} of {n} look-ups in week {week} "
        "and assessed them as stated above.",
        "sign_open": "{m} look-ups were not reviewed and are not covered by this confirmation.",
    },
}


def _describe(row: LookupRow, t: dict[str, str]) -> str:
    when = datetime.fromisoformat(row.time).strftime("%d.%m.%Y %H:%M")
    who = f"{row.clinician_name} ({row.clinician_id})"
    if row.organisation:
        who += f", {row.organisation}"
    text = f"- {when}  {who}; CPR {row.cpr}; {t['basis']}: {row.basis}; {t['reason']}: {row.reason}"
    if row.break_glass:
        text += f"; {t['btg']}: {row.break_glass_reason}"
    return text + f"  [{row.entry_id}]"


def render_report(
    rows: list[LookupRow],
    marks: dict[str, ReviewMark],
    iso_week: str,
    reviewer: str,
    *,
    lang: str = "da",
    now: datetime | None = None,
) -> str:
    t = _LABELS.get(lang, _LABELS["da"])
    start, end = week_bounds(iso_week)
    last_day = end.date().toordinal() - 1
    justified = [r for r in rows if r.entry_id in marks and marks[r.entry_id].justified]
    unjustified = [r for r in rows if r.entry_id in marks and not marks[r.entry_id].justified]
    unreviewed = [r for r in rows if r.entry_id not in marks]
    made = (now or datetime.now(UTC)).astimezone(COPENHAGEN)
    lines = [
        "# " + t["title"].format(week=iso_week),
        "",
        t["period"].format(
            a=start.strftime("%d.%m.%Y"),
            b=datetime.fromordinal(last_day).strftime("%d.%m.%Y"),
        ),
        t["reviewer"].format(r=reviewer),
        t["made"].format(t=made.strftime("%d.%m.%Y %H:%M")),
        "",
        t["total"].format(n=len(rows)),
        t["reviewed"].format(done=len(rows) - len(unreviewed), n=len(rows)),
        t["ok"].format(n=len(justified)),
        t["bad"].format(n=len(unjustified)),
        t["open"].format(n=len(unreviewed)),
        "",
        "## " + t["bad_head"],
        "",
    ]
    for row in unjustified or []:
        m = marks[row.entry_id]
        lines.append(_describe(row, t))
        lines.append(f"  {t['comment']}: {m.comment or '-'} ({t['by']} {m.reviewer})")
    if not unjustified:
        lines.append(t["none"])
    lines += ["", "## " + t["open_head"], ""]
    lines += [_describe(r, t) for r in unreviewed] or [t["none"]]
    done = len(rows) - len(unreviewed)
    lines += ["", t["sign"].format(r=reviewer, done=done, n=len(rows), week=iso_week)]
    if unreviewed:
        lines.append(t["sign_open"].format(m=len(unreviewed)))
    lines.append("")
    return "\n".join(lines)
