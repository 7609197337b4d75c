"""What a server can do, read once from its CapabilityStatement (`GET /metadata`).

The low-bandwidth engine chooses from this: one batch Bundle of searches (one round trip) or
parallel GETs, `_elements` or full resources, conditional reads or not. Parsing is lenient: a
missing, garbled or foreign statement gives conservative defaults (no batch, plain GETs), never
an exception, because a viewer that cannot read /metadata can still read resources.

Batch support: declared `batch` (or `transaction`: every server we know that does transactions
also takes batches on the same endpoint). Searches inside a batch: assumed to work when batch is
declared, except on software known to refuse them (Google Cloud Healthcare's executeBundle does
every interaction but search). The caller can override with `batch_search=`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

__all__ = ["KNOWN_NO_BATCH_SEARCH", "ServerCapabilities", "parse_capabilities"]

#: Lower-case fragments of software/publisher/implementation names whose batch cannot search.
KNOWN_NO_BATCH_SEARCH: tuple[str, ...] = ("google", "cloud healthcare")
#: Software known not to support `_summary=count`.
_KNOWN_NO_SUMMARY_COUNT: tuple[str, ...] = ("google", "cloud healthcare")
_CONDITIONAL_READ_OK = frozenset({"not-match", "full-support"})


@dataclass(frozen=True)
class ServerCapabilities:
    fhir_version: str | None = None
    software_name: str | None = None
    software_version: str | None = None
    publisher: str | None = None
    #: The base URL the server declares for itself (`implementation.url`); behind a reverse
    #: proxy its paging links may point there.
    implementation_url: str | None = None
    #: The statement was read and understood (False: conservative defaults).
    parsed: bool = False
    batch_supported: bool = False
    batch_search_supported: bool = False
    supports_elements: bool = False
    supports_summary_count: bool = False
    #: Any resource type declares conditional read by ETag (`not-match`/`full-support`).
    conditional_read: bool = False
    #: Any resource type declares conditional create (`If-None-Exist`).
    conditional_create: bool = False
    formats: tuple[str, ...] = ()
    #: Resource type -> names of its declared search parameters.
    search_params: Mapping[str, frozenset[str]] = field(default_factory=lambda: MappingProxyType({}))
    conditional_read_types: frozenset[str] = frozenset()
    conditional_create_types: frozenset[str] = frozenset()
    #: Resource type -> the `_include` values it declares (`searchInclude`, e.g.
    #: "DiagnosticReport:result"; "*" for any).
    search_includes: Mapping[str, frozenset[str]] = field(default_factory=lambda: MappingProxyType({}))
    #: Resource type -> the operations it declares (`operation.name`, without "$", e.g.
    #: "lastn" on Observation, "everything" on Patient).
    operations: Mapping[str, frozenset[str]] = field(default_factory=lambda: MappingProxyType({}))

    def supports_search_param(self, resource_type: str, name: str) -> bool:
        return name in self.search_params.get(resource_type, frozenset())

    def supports_include(self, resource_type: str, include: str) -> bool:
        """Declared in `searchInclude` (servers that do not declare it are not asked)."""
        declared = self.search_includes.get(resource_type, frozenset())
        return include in declared or "*" in declared

    def supports_operation(self, resource_type: str, name: str) -> bool:
        """Declared in the type's `operation` list (`name` with or without "$")."""
        return name.removeprefix("$") in self.operations.get(resource_type, frozenset())

    def supports_conditional_read(self, resource_type: str) -> bool:
        return resource_type in self.conditional_read_types

    def supports_conditional_create(self, resource_type: str) -> bool:
        return resource_type in self.conditional_create_types


def _s(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in _list(value) if isinstance(v, dict)]


def _codes(interactions: Any) -> set[str]:
    return {c for c in (_s(i.get("code")) for i in _dicts(interactions)) if c}


def parse_capabilities(data: Any, *, batch_search: bool | None = None) -> ServerCapabilities:
    """Read a CapabilityStatement (parsed JSON). Never raises; garbage gives the defaults."""
    try:
        caps = _parse(data)
    except Exception:  # noqa: BLE001 - a weird statement must never stop the viewer
        caps = ServerCapabilities()
    if batch_search is not None:
        # The operator knows better than the statement: True means "batch takes searches".
        caps = replace(
            caps,
            batch_search_supported=batch_search,
            batch_supported=caps.batch_supported or batch_search,
        )
    return caps


@dataclass
class _RestSummary:
    """What the server `rest` entries declare, gathered over all of them."""

    system_codes: set[str] = field(default_factory=set)
    global_params: set[str] = field(default_factory=set)
    search_params: dict[str, frozenset[str]] = field(default_factory=dict)
    cond_read: set[str] = field(default_factory=set)
    cond_create: set[str] = field(default_factory=set)
    includes: dict[str, frozenset[str]] = field(default_factory=dict)
    operations: dict[str, frozenset[str]] = field(default_factory=dict)


def _identity(data: dict[str, Any], software: dict[str, Any], implementation: dict[str, Any]) -> str:
    """Lower-case words naming the server, to match the known quirks against."""
    return " ".join(
        s.lower()
        for s in (
            _s(software.get("name")),
            _s(data.get("publisher")),
            _s(implementation.get("description")),
            _s(data.get("name")),
        )
        if s
    )


def _summarise_rest(servers: list[dict[str, Any]]) -> _RestSummary:
    summary = _RestSummary()
    for rest in servers:
        summary.system_codes |= _codes(rest.get("interaction"))
        summary.global_params |= {n for n in (_s(p.get("name")) for p in _dicts(rest.get("searchParam"))) if n}
        for res in _dicts(rest.get("resource")):
            _add_resource(summary, res)
    return summary


def _add_resource(summary: _RestSummary, res: dict[str, Any]) -> None:
    rtype = _s(res.get("type"))
    if not rtype:
        return
    names = {n for n in (_s(p.get("name")) for p in _dicts(res.get("searchParam"))) if n}
    summary.search_params[rtype] = summary.search_params.get(rtype, frozenset()) | names
    declared = {i for i in (_s(v) for v in _list(res.get("searchInclude"))) if i}
    if declared:
        summary.includes[rtype] = summary.includes.get(rtype, frozenset()) | declared
    ops = {n.removeprefix("$") for n in (_s(o.get("name")) for o in _dicts(res.get("operation"))) if n}
    if ops:
        summary.operations[rtype] = summary.operations.get(rtype, frozenset()) | ops
    if res.get("conditionalRead") in _CONDITIONAL_READ_OK:
        summary.cond_read.add(rtype)
    if res.get("conditionalCreate") is True:
        summary.cond_create.add(rtype)


def _parse(data: Any) -> ServerCapabilities:
    if not isinstance(data, dict) or data.get("resourceType") != "CapabilityStatement":
        return ServerCapabilities()
    software = _obj(data.get("software"))
    implementation = _obj(data.get("implementation"))
    software_name = _s(software.get("name"))
    publisher = _s(data.get("publisher"))
    identity = _identity(data, software, implementation)
    servers = [r for r in _dicts(data.get("rest")) if r.get("mode") in (None, "server")]
    rest = _summarise_rest(servers)
    system_codes, global_params = rest.system_codes, rest.global_params
    search_params, includes = rest.search_params, rest.includes
    cond_read, cond_create = rest.cond_read, rest.cond_create

    batch = bool(system_codes & {"batch", "transaction"})
    batch_search = batch and not any(k in identity for k in KNOWN_NO_BATCH_SEARCH)
    all_params: set[str] = set(global_params)
    for params in search_params.values():
        all_params |= params
    # `_elements` and `_summary` are base-spec parameters that servers rarely list; a server
    # that does not know one ignores it (lenient handling, the default), so assume support on
    # any understood statement and keep the known exceptions.
    elements = "_elements" in all_params or bool(servers)
    summary_count = ("_summary" in all_params or bool(servers)) and not any(
        k in identity for k in _KNOWN_NO_SUMMARY_COUNT
    )
    formats = tuple(f for f in (_s(v) for v in _list(data.get("format"))) if f)
    return ServerCapabilities(
        fhir_version=_s(data.get("fhirVersion")),
        software_name=software_name,
        software_version=_s(software.get("version")),
        publisher=publisher,
        implementation_url=_s(implementation.get("url")),
        parsed=True,
        batch_supported=batch,
        batch_search_supported=bool(batch_search),
        supports_elements=elements,
        supports_summary_count=summary_count,
        conditional_read=bool(cond_read),
        conditional_create=bool(cond_create),
        formats=formats,
        search_params=MappingProxyType(search_params),
        conditional_read_types=frozenset(cond_read),
        conditional_create_types=frozenset(cond_create),
        search_includes=MappingProxyType(includes),
        operations=MappingProxyType(rest.operations),
    )
