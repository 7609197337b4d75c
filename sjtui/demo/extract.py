"""Turn element values into comparable search keys (computed once per resource, then cached).

- token: a set of strings `code`, `system|code`, `system|` (and `|code` when the coding has no
  system), so a query token matches by set membership whatever form it takes.
- reference: a set of `Type/id` plus the bare `id` (base URL and `_history` stripped).
- string: case-folded full strings and their words, for "starts with" matching.
- date: one `[low, high)` range (see fhirtime).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from .fhirtime import DateRange, parse_range, period_range
from .params import ParamDef, walk

__all__ = ["date_key", "fold", "keys_for", "normalize_ref", "ref_keys", "string_keys", "token_keys"]

_REF_RE = re.compile(r"(?:^|/)([A-Z][A-Za-z]+)/([A-Za-z0-9\-.]{1,64})(?:/_history/[^/]+)?/?$")


def fold(text: str) -> str:
    """Case-insensitive comparison form (keeps æ, ø, å as the letters they are)."""
    return unicodedata.normalize("NFC", text).casefold()


def normalize_ref(ref: str) -> tuple[str | None, str] | None:
    """`http://x/fhir/Patient/poul/_history/2` -> ("Patient", "poul"); `poul` -> (None, "poul")."""
    ref = ref.strip()
    if not ref or ref.startswith("#"):
        return None
    m = _REF_RE.search(ref)
    if m:
        return m.group(1), m.group(2)
    if "/" not in ref:
        return None, ref
    return None


def _add_coding(keys: set[str], system: Any, code: Any) -> None:
    if not isinstance(code, str):
        if isinstance(system, str):
            keys.add(f"{system}|")
        return
    keys.add(code)
    if isinstance(system, str) and system:
        keys.add(f"{system}|{code}")
        keys.add(f"{system}|")
    else:
        keys.add(f"|{code}")


def token_keys(values: list[Any]) -> frozenset[str]:
    keys: set[str] = set()
    for value in values:
        if isinstance(value, str):
            keys.add(value)
        elif isinstance(value, bool):
            keys.add("true" if value else "false")
        elif isinstance(value, dict):
            if isinstance(value.get("coding"), list):
                for coding in value["coding"]:
                    if isinstance(coding, dict):
                        _add_coding(keys, coding.get("system"), coding.get("code"))
            elif "code" in value:
                _add_coding(keys, value.get("system"), value.get("code"))
            elif "value" in value:  # Identifier
                _add_coding(keys, value.get("system"), value.get("value"))
    return frozenset(keys)


def ref_keys(values: list[Any], target: str | None = None) -> frozenset[str]:
    keys: set[str] = set()
    for value in values:
        ref = value.get("reference") if isinstance(value, dict) else None
        if not isinstance(ref, str):
            continue
        parsed = normalize_ref(ref)
        if parsed is None:
            continue
        rtype, rid = parsed
        if target is not None and rtype not in (None, target):
            continue
        keys.add(rid)
        keys.add(f"{rtype or target or ''}/{rid}" if (rtype or target) else rid)
    return frozenset(keys)


def _name_strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):  # HumanName
        out: list[str] = []
        for key in ("text", "family"):
            if isinstance(value.get(key), str):
                out.append(value[key])
        for key in ("given", "prefix", "suffix"):
            if isinstance(value.get(key), list):
                out.extend(v for v in value[key] if isinstance(v, str))
        return out
    return []


def string_keys(values: list[Any]) -> tuple[str, ...]:
    keys: list[str] = []
    for value in values:
        for text in _name_strings(value):
            folded = fold(text)
            keys.append(folded)
            keys.extend(w for w in re.split(r"[\s\-]+", folded) if w and w != folded)
    return tuple(dict.fromkeys(keys))


def date_key(resource: dict[str, Any], paths: tuple[str, ...]) -> DateRange | None:
    for path in paths:
        for value in walk(resource, path):
            rng = parse_range(value) if isinstance(value, str) else period_range(value)
            if rng is not None:
                return rng
    return None


def keys_for(resource: dict[str, Any], pdef: ParamDef) -> Any:
    """The cached search key of one parameter for one resource."""
    if pdef.kind == "date":
        return date_key(resource, pdef.paths)
    values = [v for path in pdef.paths for v in walk(resource, path)]
    if pdef.kind == "token":
        return token_keys(values)
    if pdef.kind == "reference":
        return ref_keys(values, pdef.target)
    if pdef.kind == "string":
        return string_keys(values)
    raise ValueError(pdef.kind)
