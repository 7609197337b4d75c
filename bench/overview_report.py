"""The report of bench_overview.py (markdown tables); kept apart so each module stays small.

With several runs, every figure is the median over the runs and each ratio is the median of
the per-run ratios (the cases of one run ran back to back, so a slow stretch of the shared
machine hits both sides of a ratio alike).
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from typing import TYPE_CHECKING

from bench.common import fmt_b, fmt_s, md_table
from bench.profiles import PROFILES

if TYPE_CHECKING:
    from bench.bench_overview import Row


def _med(values: list[float | None]) -> float | None:
    got = [v for v in values if v is not None]
    return statistics.median(got) if got else None


def _x(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}x"


def _ratio_each(
    rows: list[Row], num: Callable[[Row], float | None], den: Callable[[Row], float | None]
) -> float | None:
    ratios = []
    for r in rows:
        a, b = num(r), den(r)
        if a is not None and b:
            ratios.append(a / b)
    return _med(ratios)


def _groups(rows: list[Row]) -> dict[tuple[str, str], list[Row]]:
    out: dict[tuple[str, str], list[Row]] = {}
    for r in rows:
        out.setdefault((r.profile, r.patient), []).append(r)
    return out


def _limit(r: Row, up: int, down: int, round_trips: int = 1) -> float | None:
    from bench.bench_overview import limit_of_bytes

    if r.ours.timed_out or r.ours.error or not down:
        return None  # nothing measured (capped): no limit of nothing
    return limit_of_bytes(PROFILES[r.profile], up, down, round_trips)


def _settled_limit(r: Row) -> float | None:
    """The settled limit with the audit batch's own round trip: issue 14 puts the audit
    delivery after the settled record, so a first opening cannot take fewer than two (the
    record's data, then the audit batch)."""
    return _limit(r, r.ours.up_settled, r.ours.down_settled, round_trips=2)


def report(rows: list[Row], cap: float) -> str:
    groups = _groups(rows)
    runs = max((r.run for r in rows), default=1)
    out = ["### Opening a record, same definitions both sides (issue 14)", ""]
    out.append(
        f"{runs} alternating run(s) per row; figures are medians, ratios medians of per-run ratios. "
        f"Cap {cap:.0f} s per measurement. From the consent (ours: `RecordService.open`; "
        "fhirpy: after its own CPR search)."
    )
    out.append("")
    header = [
        "link",
        "citizen",
        "ours: overview (all its data)",
        "fhirpy tuned: overview",
        "fhirpy default: overview",
        "limit of our bytes",
        "ours / limit",
        "tuned / ours",
        "default / ours",
        "ours: first paint (first pages)",
    ]
    body = []
    for (profile, patient), rs in groups.items():
        body.append(
            [
                profile,
                patient,
                fmt_s(_med([r.ours.t_overview_final for r in rs])),
                fmt_s(_med([r.peer.t_overview for r in rs])),
                fmt_s(_med([r.peer_default.t_overview if r.peer_default else None for r in rs])),
                fmt_s(_med([_limit(r, r.ours.up_overview_final, r.ours.down_overview_final) for r in rs])),
                _x(
                    _ratio_each(
                        rs,
                        lambda r: r.ours.t_overview_final,
                        lambda r: _limit(r, r.ours.up_overview_final, r.ours.down_overview_final),
                    )
                ),
                _x(_ratio_each(rs, lambda r: r.peer.t_overview, lambda r: r.ours.t_overview_final)),
                _x(
                    _ratio_each(
                        rs,
                        lambda r: r.peer_default.t_overview if r.peer_default else None,
                        lambda r: r.ours.t_overview_final,
                    )
                ),
                fmt_s(_med([r.ours.t_overview for r in rs])),
            ]
        )
    out += [
        "**Overview** (ours: first Record with every overview pane loaded, all pages; fhirpy: every "
        "search of the types the overview draws on done, all pages):",
        "",
        md_table(header, body),
        "",
    ]

    header = [
        "link",
        "citizen",
        "ours: settled",
        "ours: all panes (before audit)",
        "fhirpy tuned: whole record",
        "fhirpy default: whole record",
        "limit of our bytes",
        "ours / limit",
        "limit, audit round trip included",
        "ours / that limit",
        "tuned / ours",
        "default / ours",
    ]
    body = []
    for (profile, patient), rs in groups.items():
        body.append(
            [
                profile,
                patient,
                fmt_s(_med([r.ours.t_settled for r in rs])),
                fmt_s(_med([r.ours.t_all for r in rs])),
                fmt_s(_med([r.peer.t_all for r in rs])),
                fmt_s(_med([r.peer_default.t_all if r.peer_default else None for r in rs])),
                fmt_s(_med([_limit(r, r.ours.up_settled, r.ours.down_settled) for r in rs])),
                _x(
                    _ratio_each(
                        rs, lambda r: r.ours.t_settled, lambda r: _limit(r, r.ours.up_settled, r.ours.down_settled)
                    )
                ),
                fmt_s(_med([_settled_limit(r) for r in rs])),
                _x(_ratio_each(rs, lambda r: r.ours.t_settled, _settled_limit)),
                _x(_ratio_each(rs, lambda r: r.peer.t_all, lambda r: r.ours.t_settled)),
                _x(
                    _ratio_each(
                        rs, lambda r: r.peer_default.t_all if r.peer_default else None, lambda r: r.ours.t_settled
                    )
                ),
            ]
        )
    out += [
        "**Settled** (ours: every pane loaded and the audit delivery confirmed; fhirpy: the whole "
        "record, Organizations included):",
        "",
        md_table(header, body),
        "",
    ]

    header = [
        "link",
        "citizen",
        "ours: down / up to overview",
        "ours: down / up settled",
        "fhirpy tuned: down / up (requests)",
        "fhirpy default: down / up (requests)",
        "down ours / tuned",
        "gzip-9 of the data: overview / record",
        "ours: round trips (requests)",
    ]
    body = []
    for (profile, patient), rs in groups.items():
        r0 = rs[0]
        d = r0.peer_default
        body.append(
            [
                profile,
                patient,
                f"{fmt_b(r0.ours.down_overview_final)} / {fmt_b(r0.ours.up_overview_final)}",
                f"{fmt_b(r0.ours.down_settled)} / {fmt_b(r0.ours.up_settled)}",
                f"{fmt_b(r0.peer.down)} / {fmt_b(r0.peer.up)} ({r0.peer.requests})",
                f"{fmt_b(d.down)} / {fmt_b(d.up)} ({d.requests})" if d else "n/a",
                _x(r0.ours.down_settled / r0.peer.down if r0.peer.down else None),
                f"{fmt_b(r0.limit.overview_gzip_bytes)} / {fmt_b(r0.limit.record_gzip_bytes)}",
                f"{r0.ours.trips_all} ({', '.join(f'{k} {v[0]}x' for k, v in r0.ours.requests_all.items())})",
            ]
        )
    out += [
        "**Bytes on the wire** (emulator counters, payload incl. HTTP headers; first run):",
        "",
        md_table(header, body),
        "",
    ]

    app_rows = [(k, [r for r in rs if r.app is not None]) for k, rs in groups.items()]
    app_rows = [(k, rs) for k, rs in app_rows if rs]
    if app_rows:
        header = [
            "link",
            "citizen",
            "app: first paint",
            "app: overview (all its data)",
            "app: all panes",
            "app: settled",
            "down / up",
            "tuned fhirpy overview / app overview",
            "tuned fhirpy record / app settled",
            "problem",
        ]
        body = []
        for (profile, patient), rs in app_rows:
            body.append(
                [
                    profile,
                    patient,
                    fmt_s(_med([r.app.t_first for r in rs])),
                    fmt_s(_med([r.app.t_overview for r in rs])),
                    fmt_s(_med([r.app.t_all for r in rs])),
                    fmt_s(_med([r.app.t_settled for r in rs])),
                    f"{fmt_b(rs[0].app.down)} / {fmt_b(rs[0].app.up)}",
                    _x(_ratio_each(rs, lambda r: r.peer.t_overview, lambda r: r.app.t_overview)),
                    _x(_ratio_each(rs, lambda r: r.peer.t_all, lambda r: r.app.t_settled)),
                    "; ".join(sorted({r.app.error for r in rs if r.app.error})),
                ]
            )
        out += [
            "**Headless app** (`App.run_test`, keys typed; from Enter in the consent window to the "
            "frame that shows it):",
            "",
            md_table(header, body),
            "",
        ]
    errors = [
        f"- run {r.run} {r.profile}/{r.patient}: ours {r.ours.error or 'ok'}, tuned {r.peer.error or 'ok'}"
        for r in rows
        if r.ours.error or r.peer.error
    ]
    if errors:
        out += ["Problems:", "", *errors, ""]
    out += [
        "Limit of our bytes = 1 RTT + our bytes up / uplink + our bytes down / downlink "
        "(`limit_of_bytes`); settled, also with 2 RTTs: the audit batch follows the settled "
        "record as its own request (issue 14), a round trip no client under that rule can avoid. fhirpy 2.3.1 opens a new connection per request (no shared "
        "session offered); each of its requests pays a TCP handshake RTT on the emulator."
    ]
    return "\n".join(out)
