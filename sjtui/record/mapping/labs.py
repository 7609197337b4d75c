"""Laboratory results: single values, panels, blood gases, spirometry, microbiology.

- An Observation with `hasMember` is a panel (kind "bloodgas" when it is a blood gas); its
  members are folded in as LabComponents and not listed on their own.
- An Observation with `component`s is a panel, kind "spirometry" for spirometry.
- A DiagnosticReport with category MB is a microbiology result: organism(s) from the
  `result` Observations, susceptibilities from their `hasMember` Observations (S/I/R from the
  interpretation); those Observations are not listed on their own.
- Other non-imaging DiagnosticReports (category LAB or another HL7 v2-0074 section, or no
  category: other systems' lab reports) are listed (kind "panel", not folding their results,
  which stay listed) when they carry a conclusion or a presented form, or when some of their
  results are not at hand; otherwise they would merely repeat their Observations and are
  skipped.
- A panel's flag is its own interpretation, else "A" when any component is flagged.
"""

from __future__ import annotations

from typing import Any

from sjtui.record.entries import LabComponent, LabResult, ReferenceRange, Susceptibility
from sjtui.record.mapping.base import Collected, Ctx, collect, entry_fields, unreadable
from sjtui.record.mapping.common import (
    MappingError,
    arr,
    cc_code,
    cc_text,
    check_resource,
    field_datetime,
    is_private,
    objs,
    parse_datetime,
    ref_display,
    ref_key,
    resource_key,
    string,
)
from sjtui.record.mapping.values import (
    category_codes,
    code_of,
    component_of,
    components_of,
    first_performer,
    flag_of,
    reference_range,
    value_of,
)

MICRO_CATEGORIES = {"MB", "LP7819-8", "microbiology"}
SPIROMETRY_CODES = {"81459-0", "19926-5"}
BLOODGAS_CODES = {"24336-0", "24338-6", "24339-4"}
_SIR = {"S", "I", "R"}


def is_microbiology(report: dict) -> bool:
    return bool(category_codes(report) & MICRO_CATEGORIES)


def member_keys(resource: Any) -> list[str]:
    """Keys referenced by hasMember (tolerant: junk gives [])."""
    if not isinstance(resource, dict) or not isinstance(resource.get("hasMember"), list):
        return []
    return [k for k in (ref_key(r) for r in resource["hasMember"]) if k]


def _shared_range(reference: ReferenceRange | None, ctx: Ctx) -> ReferenceRange | None:
    """One object per reference range of this mapping: the results of one analysis share
    theirs. Told apart as shown (`repr`: 0.0 and -0.0 are equal numbers, not equal text)."""
    if reference is None:
        return None
    return ctx.share(reference, ("range", repr(reference.low), repr(reference.high), reference.text))


def consumed_keys(observations: list[Any], reports: list[Any], ctx: Ctx) -> set[str]:
    """Observations folded into panels or microbiology reports (not listed on their own)."""
    consumed: set[str] = set()
    for obs in observations:
        consumed.update(member_keys(obs))
    for report in reports:
        try:
            if not isinstance(report, dict) or not is_microbiology(report):
                continue
            for ref in arr(report, "result"):
                key = ref_key(ref)
                if key:
                    consumed.add(key)
                    consumed.update(member_keys(ctx.index.get(key)))
        except Exception:  # noqa: BLE001, S112 - the report itself will be marked unreadable
            continue
    return consumed


def _effective(resource: dict) -> Any:
    return field_datetime(resource, "effectiveDateTime", "effectivePeriod", "effectiveInstant", "issued")


class LabMapper:
    """Maps lab Observations and DiagnosticReports; collects member problems apart."""

    def __init__(self, ctx: Ctx, out: Collected) -> None:
        self.ctx = ctx
        self.out = out

    def _member(self, ref: Any) -> dict | None:
        """A member Observation, or None when absent, withheld or unreadable."""
        key = ref_key(ref)
        member = self.ctx.index.get(key)
        if member is None:
            return None
        if is_private(member) and not self.ctx.reveal_private:
            self.out.hidden += 1
            return None
        return member

    def _results_listed(self, results: list[dict]) -> bool:
        """Every result of a report is at hand (so listed on its own): the report adds nothing.
        A report from another system whose results were not fetched (e.g. Observations with no
        category) is listed itself, so that it is not lost."""
        return bool(results) and all(self.ctx.index.get(ref_key(r)) is not None for r in results)

    def _member_component(self, ref: Any) -> LabComponent | None:
        member = self._member(ref)
        if member is None:
            display = ref_display(ref)
            return (
                LabComponent(code="", name=display, value="", numeric=None, unit="", reference=None, flag="")
                if display
                else None
            )
        try:
            check_resource(member, "Observation")
            return component_of(member)
        except Exception as exc:  # noqa: BLE001 - one malformed member becomes a "could not be read" entry, never a crash
            self.out.unreadable.append(unreadable(member, exc))
            return None

    def observation(self, resource: dict, ctx: Ctx) -> LabResult | None:
        key = check_resource(resource, "Observation")
        if key in ctx.consumed:
            return None
        code, system, name = code_of(resource)
        if not name:
            raise MappingError("observation without code")
        value, numeric, unit = value_of(resource)
        reference = _shared_range(reference_range(resource), ctx)
        flag = flag_of(resource, numeric, reference)
        members = arr(resource, "hasMember")
        components = components_of(resource)
        kind = "single"
        lowered = name.lower()
        if members:
            members_c = [self._member_component(ref) for ref in members]
            components = components + tuple(c for c in members_c if c is not None)
            is_gas = code in BLOODGAS_CODES or "blodgas" in lowered or "blood gas" in lowered
            kind = "bloodgas" if is_gas else "panel"
        elif components:
            is_spiro = code in SPIROMETRY_CODES or "spirometr" in lowered
            kind = "spirometry" if is_spiro else "panel"
        if kind != "single" and not flag and any(c.flag for c in components):
            flag = "A"
        return LabResult(
            **entry_fields(
                resource,
                key,
                ctx,
                date=_effective(resource),
                source=ctx.sources.resolve(first_performer(resource)),
                course_ref=resource.get("encounter"),
            ),
            kind=kind,
            code=code,
            code_system=system,
            name=name,
            value=value,
            numeric=numeric,
            unit=unit,
            reference=reference,
            flag=flag,
            components=components,
            status=string(resource, "status", limit=32),
        )

    def report(self, resource: dict, ctx: Ctx) -> LabResult | None:
        key = check_resource(resource, "DiagnosticReport")
        code, system, name = code_of(resource)
        if not name:
            raise MappingError("report without code")
        conclusion = string(resource, "conclusion", limit=4000)
        results = objs(resource, "result")
        organisms: list[str] = []
        susceptibilities: list[Susceptibility] = []
        components: list[LabComponent] = []
        flag = ""
        micro = is_microbiology(resource)
        if not micro and not conclusion and not objs(resource, "presentedForm") and self._results_listed(results):
            return None
        for ref in results:
            member = self._member(ref)
            if member is None:
                continue
            try:
                check_resource(member, "Observation")
                if micro:
                    text, _, _ = value_of(member)
                    if text:
                        organisms.append(text)
                    flag = flag or flag_of(member, None, None)
                    susceptibilities.extend(self._susceptibilities(member))
                else:
                    components.append(component_of(member))
            except Exception as exc:  # noqa: BLE001 - one malformed member becomes a "could not be read" entry, never a crash
                self.out.unreadable.append(unreadable(member, exc))
        date = _effective(resource) or parse_datetime(resource.get("issued"), "issued")
        organism = "; ".join(organisms)
        return LabResult(
            **entry_fields(
                resource,
                key,
                ctx,
                date=date,
                source=ctx.sources.resolve(first_performer(resource)),
                course_ref=resource.get("encounter"),
            ),
            kind="microbiology" if micro else "panel",
            code=code,
            code_system=system,
            name=name,
            value=organism if micro else "",
            numeric=None,
            unit="",
            reference=None,
            flag=flag if micro else ("A" if any(c.flag for c in components) else ""),
            components=tuple(components),
            organism=organism,
            susceptibilities=tuple(susceptibilities),
            conclusion=conclusion,
            status=string(resource, "status", limit=32),
        )

    def _susceptibilities(self, organism: dict) -> list[Susceptibility]:
        result = []
        for ref in arr(organism, "hasMember"):
            member = self._member(ref)
            if member is None:
                continue
            try:
                check_resource(member, "Observation")
                antibiotic = cc_text(member.get("code")) or ref_display(ref)
                sir = ""
                for interp in arr(member, "interpretation"):
                    sir = cc_code(interp).upper()
                    if sir:
                        break
                if sir not in _SIR:
                    sir = cc_code(member.get("valueCodeableConcept")).upper()
                if not antibiotic or sir not in _SIR:
                    raise MappingError("susceptibility without antibiotic or S/I/R")
                result.append(Susceptibility(antibiotic=antibiotic, result=sir))
            except Exception as exc:  # noqa: BLE001 - one malformed member becomes a "could not be read" entry, never a crash
                self.out.unreadable.append(unreadable(member, exc))
        return result

    def map(self, resource: dict, ctx: Ctx) -> LabResult | None:
        if isinstance(resource, dict) and resource.get("resourceType") == "DiagnosticReport":
            return self.report(resource, ctx)
        return self.observation(resource, ctx)


def collect_labs(observations: list[Any], reports: list[Any], ctx: Ctx) -> Collected:
    """Map lab Observations and non-imaging DiagnosticReports into one Collected."""
    ctx.consumed |= consumed_keys(observations, reports, ctx)
    out = Collected()
    mapper = LabMapper(ctx, out)
    listed = [o for o in observations if resource_key(o) not in ctx.consumed]
    collect(listed, mapper.observation, ctx, into=out)
    collect(reports, mapper.report, ctx, into=out)
    return out
