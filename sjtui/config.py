"""Settings: defaults, then the TOML config file, then environment, then command-line flags.

Every setting is documented here; `sjtui doctor` prints the effective values.
The config file lives at `locations.config_file()` (`SJTUI_CONFIG` overrides the path).
No secrets are kept in it: `passphrase_command` names a program that prints the passphrase.
"""

from __future__ import annotations

import locale
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from sjtui import locations
from sjtui.config_profiles import AuthSettings, ProfileError, parse_profiles
from sjtui.function_profiles import (
    DefaultFilter,
    FunctionProfileError,
    check_filters,
    check_role,
    check_tab_order,
)


class ConfigError(Exception):
    """The config file is unreadable or invalid. The message says where and why."""


# The config is read before the first frame, so it is validated here by hand instead of with
# pydantic (whose import alone costs a quarter of a second of cold start on a thin client).
# Every field is documented in `DOCS`; types and ranges are checked in `_check`.


@dataclass(frozen=True)
class ClinicianSettings:
    user_id: str = ""  # login/employee id (never a CPR); default: the OS user
    name: str = ""  # display name in audit records; default: the OS user
    organisation: str = ""  # unit, e.g. "Vejen Kommune, Akutteam"
    workstation: str = ""  # workstation id; default: the host name


@dataclass(frozen=True)
class Settings:
    """All settings. See `DOCS` for what each one means."""

    server: str | None = None
    lang: str | None = None
    theme: str = "default"
    mouse: str = "auto"
    idle_lock_minutes: float = 5.0
    cache_ttl_hours: float = 72.0
    passphrase_command: str | None = None
    keyring_timeout_seconds: float = 3.0
    request_timeout_seconds: float = 30.0
    open_deadline_seconds: float = 20.0
    max_pages_per_search: int = 2000
    max_mb_per_opening: float = 200.0
    keymap: dict[str, str] = field(default_factory=dict)
    clinician: ClinicianSettings = field(default_factory=ClinicianSettings)
    ca_bundle: str | None = None
    profile: str | None = None
    profiles: dict[str, AuthSettings] = field(default_factory=dict)
    reason_templates: list[str] = field(default_factory=list)
    audit_retention_months: float = 13.0
    demo_auth: bool = False
    role: str | None = None
    tab_order: list[str] = field(default_factory=list)
    filters: dict[str, DefaultFilter] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _check(self)

    @property
    def auth(self) -> AuthSettings:
        """How to sign in: the selected profile's settings, else no sign-in."""
        if self.profile and self.profile in self.profiles:
            return self.profiles[self.profile]
        return AuthSettings(server=self.server or "")


DOCS: dict[str, str] = {
    "server": "FHIR R4 base URL (https). Unset: the embedded demo backend.",
    "lang": "UI language, 'da' or 'en'. Unset: from the locale (Danish unless English).",
    "theme": "Colour theme: 'default' or 'high-contrast'.",
    "mouse": "Mouse reporting: 'auto' (off in SSH sessions: each motion event repaints), 'on', 'off'.",
    "idle_lock_minutes": "Lock after this idle time; 0 disables.",
    "cache_ttl_hours": "Cached records expire after this time; 0 disables the cache.",
    "passphrase_command": "Program printing the cache passphrase (non-interactive use).",
    "keyring_timeout_seconds": "Keyring probe time limit.",
    "request_timeout_seconds": "Per-phase HTTP timeout (a slow but progressing transfer is fine).",
    "open_deadline_seconds": "Time limit of one opening without the server sending anything more "
    "(a large record arriving steadily is fetched whole; 15 minutes at most): the saved copy is shown "
    "at once; at the limit what arrived is shown and the rest is marked 'not known: timed out'.",
    "max_pages_per_search": "Pages followed per search (next links), a guard against a server "
    "whose pages never end; more is marked 'not fully known'. Entries are bounded too (200,000 a search).",
    "max_mb_per_opening": "Megabytes received per opening; past it the rest is marked 'not fully known'.",
    "keymap": "Binding id -> keys, e.g. {'tab.labs' = 'f3'}.",
    "clinician": "Table: user_id, name, organisation, workstation (shown in audit records).",
    "ca_bundle": "PEM file of extra CA certificates to trust (regional networks). TLS is always "
    "verified; unset: the system's trusted certificates.",
    "profile": "Name of the [profiles.NAME] table to use when no --profile is given.",
    "profiles": "Named servers with their sign-in settings: [profiles.NAME] server, auth, "
    "client_id, scope, issuer, private_key_file, ca_bundle.",
    "reason_templates": "Your own reason texts offered in the consent window for every citizen "
    "(generic: never about one citizen), e.g. ['Hjemmebesøg', 'Akut tilkald'].",
    "audit_retention_months": "Delivered audit journal segments older than this are pruned "
    "(default 13: two half-yearly reviews always find their week). Undelivered entries never are.",
    "demo_auth": "true: the embedded demo backend asks for sign-in and checks access as a national "
    "backend does (its sign-in page is served on a loopback port).",
    "role": "Function profile: 'acute' (akutsygeplejerske), 'home-care' (hjemmesygeplejerske) or "
    "'addiction' (misbrugscenter): its tab order and default filters. Unset: the signed-in "
    "user's role claim, else none. Also valid in [profiles.NAME].",
    "tab_order": "The first tabs, in order (the rest follow), e.g. ['overview', 'home', 'medication']; "
    "the digit keys follow the shown order. Unset: the role's order.",
    "filters": "Default filters per tab, shown as removable chips: [filters] home = { days = 30 }, "
    "notes = { text = 'Sygeplejenotat' } (days: 30, 90 or 365). Unset: the role's filters.",
}
_CHOICES = {"lang": ("da", "en"), "theme": ("default", "high-contrast"), "mouse": ("auto", "on", "off")}
_NON_NEGATIVE = ("idle_lock_minutes", "cache_ttl_hours", "audit_retention_months")
_POSITIVE = (
    "keyring_timeout_seconds",
    "request_timeout_seconds",
    "open_deadline_seconds",
    "max_pages_per_search",
    "max_mb_per_opening",
)


def _fail(name: str, why: str) -> None:
    raise ConfigError(f"invalid setting '{name}': {why}")


def _check(s: Settings) -> None:
    for name in ("server", "lang", "passphrase_command", "ca_bundle", "profile"):
        value = getattr(s, name)
        if value is not None and not isinstance(value, str):
            _fail(name, "must be text")
    for name in ("theme", "mouse"):
        if not isinstance(getattr(s, name), str):
            _fail(name, "must be text")
    for name, allowed in _CHOICES.items():
        value = getattr(s, name)
        if value is not None and value not in allowed:
            _fail(name, "must be one of " + ", ".join(repr(a) for a in allowed))
    for name in (*_NON_NEGATIVE, *_POSITIVE):
        value = getattr(s, name)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            _fail(name, "must be a number")
        if value < 0 or (name in _POSITIVE and value == 0):
            _fail(name, "must be greater than 0" if name in _POSITIVE else "must not be negative")
    if not isinstance(s.keymap, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in s.keymap.items()
    ):
        _fail("keymap", "must map binding ids to keys (text)")
    if not isinstance(s.clinician, ClinicianSettings):
        _fail("clinician", "must be a table")
    if not isinstance(s.demo_auth, bool):
        _fail("demo_auth", "must be true or false")
    if not isinstance(s.profiles, dict) or not all(isinstance(p, AuthSettings) for p in s.profiles.values()):
        _fail("profiles", "must be a table of named tables")
    if s.profile is not None and s.profile not in s.profiles:
        known = ", ".join(sorted(s.profiles)) or "none is defined"
        _fail("profile", f"no profile named {s.profile!r} (known: {known})")
    try:
        check_role(s.role)
        check_tab_order(s.tab_order)
        check_filters(s.filters)
    except FunctionProfileError as exc:
        raise ConfigError(str(exc)) from exc
    if not isinstance(s.reason_templates, list) or not all(isinstance(r, str) for r in s.reason_templates):
        _fail("reason_templates", "must be a list of texts")


def _clinician(value: object) -> ClinicianSettings:
    if isinstance(value, ClinicianSettings):
        return value
    if not isinstance(value, dict):
        raise ConfigError("invalid setting 'clinician': must be a table")
    known = set(ClinicianSettings.__dataclass_fields__)
    for key, item in value.items():
        if key not in known:
            raise ConfigError(f"invalid setting 'clinician.{key}': unknown setting")
        if not isinstance(item, str):
            raise ConfigError(f"invalid setting 'clinician.{key}': must be text")
    return ClinicianSettings(**value)


#: Environment variables that set a setting (after the file, before the flags).
ENV_VARS = {"server": "SJTUI_SERVER", "lang": "SJTUI_LANG", "profile": "SJTUI_PROFILE", "ca_bundle": "SJTUI_CA_BUNDLE"}
#: Settings a selected profile provides (unless an environment variable or a flag gives them).
_FROM_PROFILE = ("server", "ca_bundle", "role")


def load_settings(path: Path | None = None, **overrides: object) -> Settings:
    """Read the config file (if any) and apply non-None overrides (command-line flags)."""
    return load_settings_with_sources(path, **overrides)[0]


def load_settings_with_sources(path: Path | None = None, **overrides: object) -> tuple[Settings, dict[str, str]]:
    """The settings and where each came from: "default", "file", "env NAME", "flag" or
    "profile NAME". Precedence: flags, environment, the selected profile, the file, defaults."""
    path = path or locations.config_file()
    data: dict[str, object] = {}
    if path.exists():
        import tomllib  # only with a config file: a few ms of cold start otherwise

        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read the config file {path}: {exc}") from exc
    sources = {name: "file" for name in data}
    for name, var in ENV_VARS.items():
        from_env = os.environ.get(var)
        if from_env:
            data[name], sources[name] = from_env, f"env {var}"
    for name, flag in overrides.items():
        if flag is not None:
            data[name], sources[name] = flag, "flag"
    unknown = sorted(set(data) - set(Settings.__dataclass_fields__))
    if unknown:
        raise ConfigError(f"invalid setting '{unknown[0]}' in {path}: unknown setting")
    try:
        if "clinician" in data:
            data["clinician"] = _clinician(data["clinician"])
        if "profiles" in data:
            data["profiles"] = parse_profiles(data["profiles"])
        if "filters" in data:
            data["filters"] = check_filters(data["filters"])
        _apply_profile(data, sources)
        if isinstance(data.get("ca_bundle"), str):
            data["ca_bundle"] = _check_ca_bundle(str(data["ca_bundle"]), _key("ca_bundle", sources))
        if isinstance(data.get("server"), str) and data["server"]:
            try:
                check_server_url(str(data["server"]))
            except ConfigError as exc:
                _fail(_key("server", sources), str(exc).removeprefix("the server URL "))
        settings = Settings(**data)  # type: ignore[arg-type]  # TOML values: Settings.__post_init__ validates each
    except (ConfigError, ProfileError, FunctionProfileError) as exc:
        raise ConfigError(f"{exc} (in {path})" if path.exists() else str(exc)) from exc
    for name in Settings.__dataclass_fields__:
        sources.setdefault(name, "default")
    return settings, sources


def _apply_profile(data: dict[str, object], sources: dict[str, str]) -> None:
    name = data.get("profile")
    profiles = data.get("profiles") or {}
    if not isinstance(name, str) or not isinstance(profiles, dict) or name not in profiles:
        return  # an unknown name is reported by `_check`
    chosen = profiles[name]
    for key in _FROM_PROFILE:
        value = getattr(chosen, key)
        if value and sources.get(key, "file") == "file":
            data[key], sources[key] = value, f"profile {name}"


def _key(name: str, sources: dict[str, str]) -> str:
    """The key as the user wrote it: `profiles.NAME.server` when a profile gave it."""
    source = sources.get(name, "")
    return f"profiles.{source.removeprefix('profile ')}.{name}" if source.startswith("profile ") else name


def _check_ca_bundle(value: str, key: str) -> str:
    bundle = Path(value).expanduser()
    if not bundle.is_file():
        raise ConfigError(f"invalid setting '{key}': no such file: {bundle}")
    return str(bundle)


def resolve_lang(settings: Settings) -> Literal["da", "en"]:
    """Danish unless asked for English, by setting or by an English locale."""
    if settings.lang:
        return "en" if settings.lang == "en" else "da"
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "en" if value.lower().startswith("en") else "da"
    try:
        current = locale.getlocale()[0] or ""
    except ValueError:
        current = ""
    return "en" if current.lower().startswith("en") else "da"


def backend_label(settings: Settings) -> str:
    """What the status bar calls the backend: "demo", or the server's host name (never a URL
    with a path or query)."""
    if not settings.server:
        return "demo"
    from urllib.parse import urlsplit

    return urlsplit(settings.server).hostname or "server"


_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def check_server_url(url: str) -> str:
    """https only, except plain http to a loopback address (the demo server, a test proxy)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return url.rstrip("/")
    if parts.scheme == "http" and parts.hostname in _LOOPBACK:
        return url.rstrip("/")
    raise ConfigError("the server URL must start with https:// (plain http only to localhost)")
