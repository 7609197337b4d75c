"""The `--faults` syntax: `KIND[=ARG][,key=value]...` rules separated by ";" (see
`sjtui.commands.demo.FAULTS_HELP`), and the `FaultRule` each part becomes."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["FaultRule", "FaultSpecError", "parse_rules", "parse_size"]


class FaultSpecError(ValueError):
    """A `--faults` specification that cannot be read (the message says which part)."""


@dataclass
class FaultRule:
    kind: str
    remaining: int | None  # None: every matching request
    method: str | None
    path: str | None
    status: int = 503
    retry_after: float | None = None
    seconds: float = 0.0
    body: str = "outcome"  # fail: "outcome" | "html"
    arg: str = ""  # reject-param: the parameter name
    size: int = 0  # huge: bytes; deep: depth; trickle: chunk size
    mid_body: bool = True  # stall: part of the body first
    declared: bool = True  # behind-proxy: the CapabilityStatement names the internal base

    def applies(self, method: str, path: str) -> bool:
        if self.method is not None and self.method.upper() != method.upper():
            return False
        return self.path is None or path.startswith(self.path)


_UNITS = {"": 1, "B": 1, "KB": 1024, "K": 1024, "MB": 1024 * 1024, "M": 1024 * 1024}
_OPTIONS = {"n", "path", "method", "retry-after", "status", "chunk", "mid-body", "declared"}


def parse_size(text: str) -> int:
    value = text.strip().upper()
    digits = value.rstrip("KMB")
    unit = value[len(digits) :]
    try:
        number = float(digits)
    except ValueError:
        raise FaultSpecError(f"not a size: {text!r} (e.g. 10MB, 512KB, 1000)") from None
    if unit not in _UNITS or number < 0:
        raise FaultSpecError(f"not a size: {text!r} (e.g. 10MB, 512KB, 1000)")
    return int(number * _UNITS[unit])


def _number(name: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise FaultSpecError(f"{name} must be a number, not {text!r}") from None
    if value < 0:
        raise FaultSpecError(f"{name} must not be negative")
    return value


def _count(text: str) -> int | None:
    if text in ("*", "all", ""):
        return None
    value = _number("n", text)
    if value < 1 or not value.is_integer():
        raise FaultSpecError("n must be a whole number of at least 1 (or '*')")
    return int(value)


def _rule(kind: str, arg: str) -> FaultRule:
    def needs(what: str) -> str:
        if not arg:
            raise FaultSpecError(f"{kind} needs a value: {kind}={what}")
        return arg

    if kind == "status":
        status = int(_number("status", needs("CODE")))
        if not 100 <= status <= 599:
            raise FaultSpecError(f"status must be an HTTP status code, not {arg!r}")
        return FaultRule("fail", None, None, None, status=status)
    if kind == "html":
        return FaultRule("fail", None, None, None, status=200, body="html")
    if kind == "reset":
        return FaultRule("reset", None, None, None)
    if kind in ("gzip-truncated", "gzip"):
        return FaultRule("gzip", None, None, None)
    if kind == "stall":
        return FaultRule("stall", None, None, None, seconds=_number("stall", needs("SECONDS")))
    if kind == "trickle":
        return FaultRule("trickle", None, None, None, seconds=_number("trickle", needs("SECONDS")), size=64)
    if kind == "delay":
        return FaultRule("delay", None, None, None, seconds=_number("delay", needs("SECONDS")))
    if kind == "reject-param":
        return FaultRule("reject-param", None, "GET", None, status=400, arg=needs("NAME"))
    if kind == "endless-paging":
        return FaultRule("endless-paging", None, "GET", None)
    if kind == "huge":
        return FaultRule("huge", None, "GET", None, size=parse_size(needs("SIZE")))
    if kind == "behind-proxy":
        return FaultRule("proxy", None, "GET", None, arg=needs("URL").rstrip("/"))
    if kind == "deep":
        return FaultRule("deep", None, "GET", None, size=int(_number("deep", needs("DEPTH"))))
    raise FaultSpecError(f"unknown fault {kind!r} (see sjtui demo-server --help)")


def _apply(rule: FaultRule, key: str, value: str) -> None:
    if key not in _OPTIONS:
        raise FaultSpecError(f"unknown option {key!r} for {rule.kind}")
    if key == "n":
        rule.remaining = _count(value)
    elif key == "path":
        rule.path = value if value.startswith("/") else "/" + value
    elif key == "method":
        rule.method = value.upper()
    elif key == "retry-after":
        rule.retry_after = _number("retry-after", value)
    elif key == "status":
        rule.status = int(_number("status", value))
    elif key == "chunk":
        rule.size = max(1, int(_number("chunk", value)))
    elif key == "declared":
        rule.declared = value.lower() not in ("0", "no", "false")
    else:  # mid-body
        rule.mid_body = value.lower() not in ("0", "no", "false")


def parse_rules(spec: str) -> list[FaultRule]:
    rules: list[FaultRule] = []
    for part in spec.split(";"):
        part = part.strip()
        if not part:
            continue
        head, *options = [p.strip() for p in part.split(",")]
        kind, _, arg = head.partition("=")
        rule = _rule(kind.strip().lower(), arg.strip())
        for option in options:
            key, sep, value = option.partition("=")
            if not sep:
                raise FaultSpecError(f"option {option!r} needs a value (key=value)")
            _apply(rule, key.strip().lower(), value.strip())
        rules.append(rule)
    if not rules:
        raise FaultSpecError("no faults given")
    return rules
