"""Settings: defaults, then the TOML config file, then environment, then command-line flags.

Every setting is documented here; `sjtui doctor` prints the effective values.
The config file lives at `locations.config_file()` (`SJTUI_CONFIG` overrides the path).
No secrets are kept in it: `passphrase_command` names a program that prints the passphrase.
"""

from __future__ import annotations

import locale
import os
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sjtui import locations


class ConfigError(Exception):
    """The config file is unreadable or invalid. The message says where and why."""


class ClinicianSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    user_id: str = Field(default="", description="Login/employee id (never a CPR). Default: the OS user.")
    name: str = Field(default="", description="Display name shown in audit records. Default: the OS user.")
    organisation: str = Field(default="", description="Unit, e.g. 'Vejen Kommune, Akutteam'.")
    workstation: str = Field(default="", description="Workstation id. Default: the host name.")


class Settings(BaseModel):
    """All settings. Field descriptions double as documentation."""

    model_config = ConfigDict(extra="forbid")

    server: str | None = Field(
        default=None, description="FHIR R4 base URL (https). Unset: the embedded demo backend."
    )
    lang: Literal["da", "en"] | None = Field(
        default=None, description="UI language. Unset: from the locale (Danish unless English)."
    )
    theme: Literal["default", "high-contrast"] = Field(default="default", description="Colour theme.")
    mouse: Literal["auto", "on", "off"] = Field(
        default="auto",
        description="Mouse reporting. 'auto' turns it off in SSH sessions (each motion event repaints).",
    )
    idle_lock_minutes: float = Field(default=5.0, ge=0, description="Lock after this idle time; 0 disables.")
    cache_ttl_hours: float = Field(default=72.0, ge=0, description="Cached records expire after this time.")
    passphrase_command: str | None = Field(
        default=None, description="Program printing the cache passphrase (non-interactive use)."
    )
    keyring_timeout_seconds: float = Field(default=3.0, gt=0, description="Keyring probe time limit.")
    request_timeout_seconds: float = Field(default=30.0, gt=0, description="Per-phase HTTP timeout.")
    keymap: dict[str, str] = Field(
        default_factory=dict, description="Binding id -> keys, e.g. {'tab.labs' = 'f3'}."
    )
    clinician: ClinicianSettings = Field(default_factory=ClinicianSettings)


def load_settings(path: Path | None = None, **overrides: object) -> Settings:
    """Read the config file (if any) and apply non-None overrides (command-line flags)."""
    path = path or locations.config_file()
    data: dict[str, object] = {}
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read the config file {path}: {exc}") from exc
    env_server = os.environ.get("SJTUI_SERVER")
    if env_server:
        data["server"] = env_server
    env_lang = os.environ.get("SJTUI_LANG")
    if env_lang:
        data["lang"] = env_lang
    data.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ConfigError(f"invalid setting '{where}' in {path}: {first['msg']}") from exc


def resolve_lang(settings: Settings) -> Literal["da", "en"]:
    """Danish unless asked for English, by setting or by an English locale."""
    if settings.lang:
        return settings.lang
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
