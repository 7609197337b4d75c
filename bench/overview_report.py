"""The report of bench_overview.py (markdown tables); kept apart so each module stays small."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bench.common import fmt_b, fmt_s, md_table, ratio
from bench.profiles import PROFILES

if TYPE_CHECKING:
    from bench.bench_overview import Row


def _t(value: float | None, timed_out: bool, cap: float) -> str:
    if value is None and timed_out:
        return f"> {cap:.0f} s"
    return fmt_s(value)


def _speedup(peer: float | None, peer_capped: bool, ours: float | None, cap: float) -> str:
    if peer is None and peer_capped and ours:
        return f"> {cap / ours:.0f}x"
    return ratio(peer, ours)


def report(rows: list[Row], cap: float) -> str:
    out = ["### Opening a record: time, bytes, round trips (ours vs fhirpy)", ""]
    out += [
        "The CPR search before the consent window (not in the times to overview below; ours fetches",
        "the server's CapabilityStatement concurrently with it, so `open` starts with the overview batch).",
        "\"remembered\" = the same search at a later start, the CapabilityStatement remembered on disk.",
        "",
    ]
    header = ["link", "citizen", "ours: search", "ours: down / up", "ours: round trips (conns)",
              "ours: requests", "ours: search, remembered (trips)", "fhirpy: search"]
    body = []
    for r in rows:
        q = r.ours.search
        body.append([
            r.profile, r.patient, fmt_s(q.t), f"{fmt_b(q.down)} / {fmt_b(q.up)}", f"{q.trips} ({q.connections})",
            ", ".join(f"{k} {v[0]}x" for k, v in q.requests.items()),
            f"{fmt_s(q.t_remembered)} ({q.trips_remembered})" if q.t_remembered is not None else "n/a",
            fmt_s(r.peer.t_search),
        ])
    out += [md_table(header, body), ""]
    out += ["From the call to `service.open` (consent confirmed):", ""]
    header = [
        "link", "citizen", "ours: overview", "ours: all panes", "fhirpy: overview",
        "fhirpy: all", "overview speed-up vs fhirpy", "all-panes speed-up",
    ]
    body = []
    for r in rows:
        body.append([
            r.profile, r.patient,
            _t(r.ours.t_overview, r.ours.timed_out, cap), _t(r.ours.t_all, r.ours.timed_out, cap),
            _t(r.peer.t_overview, r.peer.timed_out, cap), _t(r.peer.t_all, r.peer.timed_out, cap),
            _speedup(r.peer.t_overview, r.peer.timed_out, r.ours.t_overview, cap),
            _speedup(r.peer.t_all, r.peer.timed_out, r.ours.t_all, cap),
        ])
    out += [md_table(header, body), ""]
    header = [
        "link", "citizen", "ours: down/up to overview", "ours: down/up all", "ours: round trips (ov/all)",
        "ours: new TCP conns (open)", "fhirpy: down/up", "fhirpy: requests (= conns)", "bytes ours/fhirpy (all)",
    ]
    body = []
    for r in rows:
        body.append([
            r.profile, r.patient,
            f"{fmt_b(r.ours.down_overview)} / {fmt_b(r.ours.up_overview)}",
            f"{fmt_b(r.ours.down_all)} / {fmt_b(r.ours.up_all)}",
            f"{r.ours.trips_overview} / {r.ours.trips_all}",
            str(r.ours.connections),
            f"{fmt_b(r.peer.down)} / {fmt_b(r.peer.up)}",
            str(r.peer.requests),
            "n/a (cap)" if r.ours.timed_out or r.peer.timed_out
            else ratio(r.ours.down_all + r.ours.up_all, r.peer.down + r.peer.up),
        ])
    out += [md_table(header, body), ""]
    header = ["link", "citizen", "overview JSON", "gzip-9", "physical limit", "ours: overview", "ours / limit"]
    body = []
    for r in rows:
        body.append([
            r.profile, r.patient, fmt_b(r.limit.overview_json_bytes), fmt_b(r.limit.overview_gzip_bytes),
            fmt_s(r.limit.seconds), _t(r.ours.t_overview, r.ours.timed_out, cap),
            ratio(r.ours.t_overview, r.limit.seconds) if PROFILES[r.profile].down_kbps
            else "n/a (unshaped: CPU-bound)",
        ])
    out += [md_table(header, body), ""]
    out.append(f"Limit model: {rows[0].limit.model if rows else ''}.")
    app_rows = [r for r in rows if r.app is not None]
    if app_rows:
        out += ["", "Headless app (`App.run_test`, keys typed; from pressing Enter in the consent window):", ""]
        body = []
        for r in app_rows:
            a = r.app
            assert a is not None
            body.append([r.profile, r.patient, _t(a.t_overview, a.timed_out, cap), _t(a.t_all, a.timed_out, cap),
                         fmt_b(a.down), _speedup(r.peer.t_overview, r.peer.timed_out, a.t_overview, cap),
                         ratio(a.t_overview, r.limit.seconds) if PROFILES[r.profile].down_kbps else "n/a",
                         a.error or ""])
        out.append(md_table(["link", "citizen", "app: overview on screen", "app: all panes", "down bytes",
                             "speed-up vs fhirpy (overview)", "vs limit", "problem"], body))
    out += ["", "Our requests until the overview (meter label: round trips, bytes up/down as the client counts them):", ""]
    for r in rows:
        parts = [f"{k} {v[0]}x ({fmt_b(v[1])} up / {fmt_b(v[2])} down)" for k, v in r.ours.requests_overview.items()]
        out.append(f"- {r.profile}/{r.patient}: " + ", ".join(parts)
                   + (f"; still loading at the overview: {', '.join(r.ours.first_partial)}"
                      if r.ours.first_partial else ""))
    errors = [f"- {r.profile}/{r.patient}: ours: {r.ours.error}" for r in rows if r.ours.error]
    errors += [f"- {r.profile}/{r.patient}: fhirpy: {r.peer.error}" for r in rows
               if r.peer.error and r.peer.error != "skipped"]
    if errors:
        out += ["", "Problems:", *errors]
    return "\n".join(out)
