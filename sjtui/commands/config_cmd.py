"""`sjtui config init` (a commented config file) and `sjtui config show` (effective values and
where each came from). No secrets are printed: `passphrase_command` shows only "(set)"."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from sjtui import locations
from sjtui.config import DOCS, ENV_VARS, ConfigError, Settings, load_settings_with_sources
from sjtui.config_profiles import AUTH_MODES, PROFILE_DOCS
from sjtui.function_profiles import function_profile

_EXAMPLES = {
    "server": '"https://fhir.region.example/r4"',
    "lang": '"da"',
    "passphrase_command": '"pass show sjtui"',
    "ca_bundle": '"/etc/ssl/certs/region-ca.pem"',
    "profile": '"region"',
    "role": '"home-care"',
}
_TABLE_EXAMPLES = {
    "keymap": ["# [keymap]", '# "tab.labs" = "f3"'],
    "clinician": [
        "# [clinician]",
        '# user_id = "ab1234"',
        '# name = "Sygeplejerske Anne Berg"',
        '# organisation = "Vejen Kommune, Hjemmesygeplejen"',
        '# workstation = "vk-laptop-17"',
    ],
    "filters": ["# [filters]", "# home = { days = 30 }", '# notes = { text = "Sygeplejenotat" }'],
}


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):  # e.g. reason_templates
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def config_template() -> str:
    """Every setting, commented out, with its meaning and default; then a profile example."""
    defaults = Settings()
    env_of = {name: var for name, var in ENV_VARS.items()}
    lines = [
        "# sjtui configuration (TOML). Every line is a comment: remove the '#' to set a value.",
        "# Precedence: command-line flags, then environment variables, then the selected",
        "# profile, then this file, then the defaults. `sjtui config show` prints what is in effect.",
        "# No secrets belong here: tokens live in the OS keyring or the encrypted store.",
        "",
    ]
    tables: list[str] = []
    for name, doc in DOCS.items():
        if name == "profiles":
            continue
        default = getattr(defaults, name)
        comment = [f"# {name}: {doc}"]
        if name in env_of:
            comment.append(f"#   (environment: {env_of[name]})")
        if name in _TABLE_EXAMPLES:
            tables += ["", *comment, *_TABLE_EXAMPLES[name]]
            continue
        if default is None:
            comment.append("#   default: unset")
            comment.append(f"# {name} = {_EXAMPLES.get(name, '')}")
        else:
            comment.append(f"# {name} = {_toml(default)}")
        lines += [*comment, ""]
    lines += tables
    lines += [
        "",
        f"# profiles: {DOCS['profiles']}",
        "# Choose one with --profile NAME, SJTUI_PROFILE or `profile` above.",
        "# [profiles.region]",
    ]
    example = {
        "server": '"https://fhir.region.example/r4"',
        "auth": '"device"',
        "client_id": '"sjtui"',
        "scope": '""',
        "issuer": '""',
        "private_key_file": '""',
        "ca_bundle": '""',
        "role": '""',
    }
    for key, doc in PROFILE_DOCS.items():
        lines.append(f"# {key} = {example[key]}    # {doc}")
    lines.append(f"#   auth is one of: {', '.join(AUTH_MODES)}")
    return "\n".join(lines) + "\n"


def run_config(args: argparse.Namespace) -> int:
    path = Path(args.config) if args.config else locations.config_file()
    if args.config_command == "init":
        return _init(path, force=args.force)
    return _show(path, args)


def _init(path: Path, *, force: bool) -> int:
    if path.exists() and not force:
        print(f"sjtui: {path} exists; it is left as it is (use --force to replace it)")
        return 1
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        os.fchmod(out.fileno(), 0o600)  # also when --force replaced a file with other modes
        out.write(config_template())
    print(f"wrote {path}")
    return 0


def _show(path: Path, args: argparse.Namespace) -> int:
    try:
        settings, sources = load_settings_with_sources(
            path, server=args.server, lang=args.lang, theme=args.theme, profile=args.profile
        )
    except ConfigError as exc:
        print(f"sjtui: {exc}")
        return 2
    print(f"config file: {path}{'' if path.exists() else '  (none: defaults)'}")
    for name in DOCS:
        value: object = getattr(settings, name)
        if name == "passphrase_command" and value:
            value = "(set)"
        if name == "profiles":
            value = sorted(settings.profiles)
        print(f"{name} = {_shown(value)}    [{sources.get(name, 'default')}]")
    profile = function_profile(settings.role, settings.tab_order, settings.filters)
    print(f"tabs ({profile.role or 'no role'}): {', '.join(profile.tab_order)}")
    for tab, flt in profile.filters.items():
        parts = [f"last {flt.days} days" if flt.days else "", f"text {flt.text!r}" if flt.text else ""]
        print(f"default filter on {tab}: {', '.join(p for p in parts if p) or 'none'}")
    auth = settings.auth
    if auth.name:
        print(
            f"sign-in ({auth.name}): auth = {auth.auth}, client_id = {auth.client_id or '-'}, "
            f"issuer = {auth.issuer or '(discovered)'}"
        )
    return 0


def _shown(value: object) -> str:
    if value is None:
        return "(unset)"
    if isinstance(value, dict) and not value:
        return "{}"
    if hasattr(value, "__dataclass_fields__"):
        fields = {k: getattr(value, k) for k in value.__dataclass_fields__}
        return "{" + ", ".join(f"{k} = {v!r}" for k, v in fields.items() if v) + "}"
    return repr(value)
