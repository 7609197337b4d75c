"""Fault injection for the demo backend: tests, benchmarks and `sjtui demo-server --faults`.

`app.state.faults` is a `FaultPlan`. Each rule applies to the next `n` matching requests
(`n=None`: every one), optionally filtered by method and by a path prefix such as
"/Observation". Rules act at one of two levels:

On the wire (`fault_wire.FaultMiddleware`, around the whole HTTP exchange):
- `fail_next(n, status=503, retry_after=1, body="outcome"|"html")`: answer with that status
  (an OperationOutcome or an HTML page, `Retry-After` when given), without touching the store.
- `html_next(n)`: a 200 HTML page, like a captive portal of a guest network.
- `reset_next(n)`: handle the request, send half the body, then drop the connection.
- `gzip_truncated_next(n)`: a gzip body cut in half (its Content-Length matching the cut).
- `stall_next(n, seconds, mid_body=True)`: send the headers and part of the body, then wait.
- `trickle_next(n, seconds, chunk=64)`: send the body a few bytes at a time, `seconds` apart.
- `drop_after_handling_next(n, method="POST")`: handle the request fully (a write is stored),
  then drop the response. On a port the client sees the connection close before the body
  (httpx: RemoteProtocolError); in-process over httpx's ASGITransport the app raises
  `SimulatedDrop`, itself an `httpx.RemoteProtocolError`, so the client sees the same error type.
- `delay_next(n, seconds)`: wait before handling (for timeout tests).

In the content (`fault_content`, per FHIR interaction, so also per entry of a batch):
- `reject_param(name)`: a search that uses the parameter gets 400 (like servers that do not
  support `_sort`), inside a batch as that entry's status.
- `endless_paging()`: searches get a `next` link, and every next page another, each URL new.
- `huge(size)`: a Binary read returns `size` bytes of text; a search gets one more match with
  a `size`-byte text.
- `deep(depth)`: a search gets one more match whose extension nests `depth` levels deep.
- `behind_proxy(internal_base, declared=True)`: the server writes its `next` links with its
  internal address, as behind a reverse proxy, and (when `declared`) names that address as
  its own in the CapabilityStatement (`implementation.url`).

`FaultPlan.from_spec("status=503,retry-after=5,n=2;reject-param=_sort")` builds a plan from the
command-line syntax: rules separated by ";", each `KIND[=ARG]` then `,key=value` options
(`n`, `path`, `method`, `retry-after`, `status`, `chunk`); `sjtui demo-server --help` lists
them (`sjtui.commands.demo.FAULTS_HELP`).
"""

from __future__ import annotations

import threading

import httpx

from sjtui.demo.fault_spec import FaultRule, FaultSpecError, parse_rules, parse_size

__all__ = ["FaultPlan", "FaultRule", "FaultSpecError", "SimulatedDrop", "parse_size"]

WIRE_KINDS = frozenset({"fail", "html", "reset", "gzip", "stall", "trickle", "drop", "delay"})
CONTENT_KINDS = frozenset({"reject-param", "endless-paging", "huge", "deep", "proxy"})


class SimulatedDrop(httpx.RemoteProtocolError):
    """The demo server dropped the connection on purpose (fault injection)."""

    def __init__(self) -> None:
        super().__init__("server closed the connection without sending a response (simulated)")


class FaultPlan:
    """Pending faults; consumed in the order they were added (one rule per request and level)."""

    def __init__(self) -> None:
        self._rules: list[FaultRule] = []
        self._lock = threading.Lock()
        #: Counter for unique endless-paging links.
        self.pages_served = 0

    # -- wire faults -------------------------------------------------------------------------
    def fail_next(
        self,
        n: int | None = 1,
        *,
        status: int = 503,
        retry_after: float | None = 1,
        method: str | None = None,
        path: str | None = None,
        body: str = "outcome",
    ) -> None:
        self._add(FaultRule("fail", n, method, path, status=status, retry_after=retry_after, body=body))

    def html_next(
        self, n: int | None = 1, *, status: int = 200, method: str | None = None, path: str | None = None
    ) -> None:
        self._add(FaultRule("fail", n, method, path, status=status, body="html"))

    def reset_next(self, n: int | None = 1, *, method: str | None = None, path: str | None = None) -> None:
        self._add(FaultRule("reset", n, method, path))

    def gzip_truncated_next(self, n: int | None = 1, *, method: str | None = None, path: str | None = None) -> None:
        self._add(FaultRule("gzip", n, method, path))

    def stall_next(
        self,
        n: int | None = 1,
        seconds: float = 3600.0,
        *,
        mid_body: bool = True,
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        self._add(FaultRule("stall", n, method, path, seconds=seconds, mid_body=mid_body))

    def trickle_next(
        self,
        n: int | None = 1,
        seconds: float = 1.0,
        *,
        chunk: int = 64,
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        self._add(FaultRule("trickle", n, method, path, seconds=seconds, size=max(1, chunk)))

    def drop_after_handling_next(
        self, n: int | None = 1, *, method: str | None = "POST", path: str | None = None
    ) -> None:
        self._add(FaultRule("drop", n, method, path))

    def delay_next(
        self, n: int | None = 1, seconds: float = 1.0, *, method: str | None = None, path: str | None = None
    ) -> None:
        self._add(FaultRule("delay", n, method, path, seconds=seconds))

    # -- content faults ----------------------------------------------------------------------
    def reject_param(self, name: str, n: int | None = None, *, status: int = 400, path: str | None = None) -> None:
        self._add(FaultRule("reject-param", n, "GET", path, status=status, arg=name))

    def endless_paging(self, n: int | None = None, *, path: str | None = None) -> None:
        self._add(FaultRule("endless-paging", n, "GET", path))

    def huge(self, size: int, n: int | None = None, *, path: str | None = None) -> None:
        self._add(FaultRule("huge", n, "GET", path, size=size))

    def deep(self, depth: int, n: int | None = None, *, path: str | None = None) -> None:
        self._add(FaultRule("deep", n, "GET", path, size=depth))

    def behind_proxy(self, internal_base: str, *, declared: bool = True, n: int | None = None) -> None:
        self._add(FaultRule("proxy", n, "GET", None, arg=internal_base.rstrip("/"), declared=declared))

    # -- bookkeeping -------------------------------------------------------------------------
    def clear(self) -> None:
        with self._lock:
            self._rules.clear()

    @property
    def pending(self) -> int:
        """Uses left of the counted rules (rules without a count are not included)."""
        with self._lock:
            return sum(r.remaining for r in self._rules if r.remaining is not None)

    @property
    def rules(self) -> list[FaultRule]:
        with self._lock:
            return list(self._rules)

    def _add(self, rule: FaultRule) -> None:
        if rule.remaining is None or rule.remaining > 0:
            with self._lock:
                self._rules.append(rule)

    def take(
        self, method: str, path: str, *, kinds: frozenset[str] = WIRE_KINDS, when: str | None = None
    ) -> FaultRule | None:
        """The first rule of `kinds` for this request (consuming one use), or None.
        `when` (content faults): only a rule whose `arg` names something the request uses."""
        with self._lock:
            for rule in self._rules:
                if rule.kind not in kinds or not rule.applies(method, path):
                    continue
                if when is not None and rule.arg and rule.arg not in when.split("&"):
                    continue
                if rule.remaining is not None:
                    rule.remaining -= 1
                    if rule.remaining <= 0:
                        self._rules.remove(rule)
                return rule
        return None

    def has(self, kind: str) -> bool:
        with self._lock:
            return any(r.kind == kind for r in self._rules)

    # -- the command-line syntax ---------------------------------------------------------------
    @classmethod
    def from_spec(cls, spec: str) -> FaultPlan:
        plan = cls()
        plan.add_spec(spec)
        return plan

    def add_spec(self, spec: str) -> None:
        """Add the rules of a `--faults` specification (see `commands.demo.FAULTS_HELP`)."""
        for rule in parse_rules(spec):
            self._add(rule)
