"""Synthetic Danish citizens as FHIR R4 `collection` Bundles, built by code.

The committed JSON in `fixtures/` is the output of these builders (`python -m
sjtui.demo.synthetic`); a test checks they agree, so nobody edits the JSON by hand silently.
Everything is relative to the fixed reference date `REF_DATE` (2026-11-20), never today.
"""

from __future__ import annotations

from collections.abc import Callable

from . import ane, inge, lars, mikkel, organisations, poul
from .common import REF_DATE, Json, dump_json
from .generator import generate_large_record
from .medication_changes import link_to_admissions

# File stem -> builder. One Bundle per citizen plus the shared Organizations.
BUILDERS: dict[str, Callable[[], Json]] = {
    "organisations": organisations.build,
    "poul": poul.build,
    "lars": lambda: link_to_admissions(lars.build()),
    "inge": inge.build,
    "mikkel": mikkel.build,
    "ane": ane.build,
}


def build_all() -> dict[str, str]:
    """File name -> canonical JSON text for every fixture file."""
    return {f"{stem}.json": dump_json(build()) for stem, build in BUILDERS.items()}


__all__ = ["BUILDERS", "REF_DATE", "build_all", "dump_json", "generate_large_record"]
