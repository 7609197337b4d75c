"""Loading fixture files (FHIR Bundles or single resources) into the store.

A broken file must never stop the demo server: it is skipped, and the problem is recorded
with the file's *name* only (file contents are patient data, even synthetic ones) both in the
log and in the returned list, which the app exposes as `app.state.load_problems`.
"""

from __future__ import annotations

import importlib.resources
import json
import logging
import re
from collections.abc import Iterable
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from .store import Store

__all__ = ["default_fixtures_dir", "load_directory", "load_objects"]

log = logging.getLogger(__name__)

_TYPE_RE = re.compile(r"^[A-Z][A-Za-z]{1,63}$")
_ID_RE = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")


def default_fixtures_dir() -> Traversable:
    """`sjtui.fixtures` when installed; the repository's top-level `fixtures/` in a checkout."""
    try:
        return importlib.resources.files("sjtui.fixtures")
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[2] / "fixtures"


def _resources_of(obj: Any) -> tuple[list[dict[str, Any]], int]:
    """(valid resources, number of invalid entries). Raises ValueError if `obj` is not FHIR."""
    if not isinstance(obj, dict) or not isinstance(obj.get("resourceType"), str):
        raise ValueError("not a FHIR resource (no resourceType)")
    if not _TYPE_RE.match(obj["resourceType"]):
        raise ValueError("not a FHIR resource (bad resourceType)")
    if obj["resourceType"] != "Bundle":
        return ([obj], 0) if _valid(obj) else ([], 1)
    entries = obj.get("entry", [])
    if not isinstance(entries, list):
        raise ValueError("Bundle.entry is not a list")
    good: list[dict[str, Any]] = []
    bad = 0
    for entry in entries:
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if isinstance(resource, dict) and _valid(resource):
            good.append(resource)
        else:
            bad += 1
    return good, bad


def _valid(resource: Any) -> bool:
    if not isinstance(resource, dict):
        return False
    rtype, rid = resource.get("resourceType"), resource.get("id")
    if not isinstance(rtype, str) or not _TYPE_RE.match(rtype) or rtype == "Bundle":
        return False
    if rid is not None and (not isinstance(rid, str) or not _ID_RE.match(rid)):
        return False
    meta = resource.get("meta")
    return meta is None or isinstance(meta, dict)


def load_objects(store: Store, objects: Iterable[Any], label: str = "bundle") -> list[str]:
    """Load already-parsed Bundles/resources. Returns problem descriptions (no contents).

    The resources are taken over, not copied (copying 20,000 Observations costs seconds):
    do not modify them afterwards; change data through `Store.upsert`."""
    problems: list[str] = []
    for n, obj in enumerate(objects):
        _load_object(store, f"{label} {n}", obj, problems)
    for problem in problems:
        log.warning("demo server: %s", problem)
    return problems


def _load_object(store: Store, name: str, obj: object, problems: list[str]) -> None:
    """Add one parsed Bundle (or resource) to the store; note what had to be skipped."""
    try:
        resources, bad = _resources_of(obj)
    except ValueError as err:
        problems.append(f"{name}: {err}; skipped")
        return
    store.extend(resources, copy_input=False)
    if bad:
        problems.append(f"{name}: {bad} invalid entries skipped")


def load_directory(store: Store, directory: Traversable | Path) -> list[str]:
    """Load every `*.json` file (sorted by name). Returns problem descriptions."""
    problems: list[str] = []
    try:
        files = sorted(
            (f for f in directory.iterdir() if f.name.endswith(".json") and f.is_file()),
            key=lambda f: f.name,
        )
    except (FileNotFoundError, NotADirectoryError, OSError):
        problem = f"{getattr(directory, 'name', 'fixtures')}: fixtures directory cannot be read"
        log.warning("demo server: %s", problem)
        return [problem]
    for file in files:
        try:
            obj = json.loads(file.read_bytes())
        except (ValueError, UnicodeDecodeError, RecursionError):
            problems.append(f"{file.name}: not valid JSON; skipped")
            continue
        except OSError:
            problems.append(f"{file.name}: cannot be read; skipped")
            continue
        _load_object(store, file.name, obj, problems)
    for problem in problems:
        log.warning("demo server: %s", problem)
    return problems
