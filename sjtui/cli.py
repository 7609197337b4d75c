"""The `sjtui` command line.

    sjtui [--server URL] [--lang da|en] [--cpr CPR]     start the app (demo backend by default)
    sjtui open -                                        start with a citizen chosen (button launch):
                                                        the CPR on standard input, or SJTUI_CPR
    sjtui demo-server [--host H] [--port N] [--fixtures DIR] [--faults SPEC] [--auth]
    sjtui login | logout                                sign in (device flow) / forget the tokens
    sjtui launch --iss URL --launch TOKEN               EHR launch from the care system (SMART)
    sjtui audit verify | repair | deliver | prune | export --week 2026-W48 | export --from D --to D [--format csv|json]
    sjtui cache info | purge
    sjtui key passphrase | reset [--yes]
    sjtui doctor
    sjtui config init [--force] | show          [--profile NAME] selects a named server

Heavy modules (Textual, the demo server) are imported only by the commands that need them.
Errors end with a one-line message on stderr and exit status 2; never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from sjtui import __version__


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sjtui", description="Audited terminal viewer of a citizen's health record (FHIR R4)."
    )
    parser.add_argument("--version", action="version", version=f"sjtui {__version__}")
    parser.add_argument("--server", help="FHIR R4 base URL (default: the embedded demo backend)")
    parser.add_argument("--lang", choices=["da", "en"], help="UI language (default: Danish)")
    parser.add_argument(
        "--cpr",
        help="open this citizen directly (consent is still asked); "
        "'-' reads it from standard input (an argument shows in the process list)",
    )
    parser.add_argument("--theme", choices=["default", "high-contrast"], help="colour theme")
    parser.add_argument("--config", help="config file (default: the user config dir)")
    parser.add_argument("--profile", help="use the named server profile ([profiles.NAME] in the config)")
    sub = parser.add_subparsers(dest="command")

    open_cmd = sub.add_parser("open", help="start with a citizen chosen by CPR")
    open_cmd.add_argument(
        "cpr",
        nargs="?",
        default=None,
        help="'-': read the CPR from standard input (recommended); unset: "
        "from SJTUI_CPR; a CPR here is visible in the process list",
    )

    from sjtui.commands.demo import FAULTS_HELP  # text only: the server is imported on use

    demo = sub.add_parser(
        "demo-server",
        help="serve the embedded demo FHIR backend on a port",
        epilog=FAULTS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", type=int, default=8080)
    demo.add_argument("--fixtures", help="directory of FHIR Bundles (default: built-in)")
    demo.add_argument("--faults", metavar="SPEC", help="inject faults (tests, demos of bad links); syntax below")
    demo.add_argument(
        "--auth", action="store_true", help="require sign-in: authorisation server and access checks (SMART on FHIR)"
    )
    demo.add_argument("--device-interval", type=int, default=5, help=argparse.SUPPRESS)
    demo.add_argument(
        "--workstation-key",
        metavar="JWKS",
        help="with --auth: public key set (JSON) of the backend-services client "
        "'sjtui-workstation' (acts for the demo user akut01)",
    )

    sub.add_parser("login", help="sign in (device flow: a code to enter on a phone or any browser)")
    sub.add_parser("logout", help="forget the tokens on this machine and end the session")
    launch = sub.add_parser("launch", help="EHR launch: open the citizen the care system names")
    launch.add_argument("--iss", required=True, help="the FHIR server the care system names")
    launch.add_argument("--launch", required=True, help="the launch token from the care system")

    audit = sub.add_parser("audit", help="audit journal tools")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True)
    audit_sub.add_parser("verify", help="check the journal's hash chain, head and anchor")
    export = audit_sub.add_parser("export", help="export look-ups for review")
    export.add_argument("--week", help="ISO week, e.g. 2026-W48")
    export.add_argument("--from", dest="date_from", help="first day, YYYY-MM-DD")
    export.add_argument("--to", dest="date_to", help="last day, YYYY-MM-DD")
    export.add_argument("--format", choices=["csv", "json"], default="csv")
    export.add_argument("--out", help="write to this file instead of standard output")
    export.add_argument(
        "--journal",
        help="a journal kept as evidence (a folder under the audit "
        "folder), opened with the key slots kept beside it and the old passphrase",
    )
    export.add_argument(
        "--from-server",
        action="store_true",
        help="add the organisation's AuditEvents from the server (every workstation)",
    )
    audit_sub.add_parser("deliver", help="deliver pending audit events to the backend now")
    audit_sub.add_parser(
        "prune",
        help="drop delivered records older than audit_retention_months "
        "(default 13); undelivered ones are never dropped",
    )
    audit_sub.add_parser("repair", help="set a damaged journal aside as evidence and carry its intact entries forward")

    cache = sub.add_parser("cache", help="encrypted cache tools")
    cache_sub = cache.add_subparsers(dest="cache_command", required=True)
    cache_sub.add_parser("info", help="size, number of citizens, oldest entry (no names)")
    cache_sub.add_parser("purge", help="delete every cached record")

    sub.add_parser("doctor", help="check the configured server end to end and show the settings")

    config = sub.add_parser("config", help="the config file")
    config_sub = config.add_subparsers(dest="config_command", required=True)
    init = config_sub.add_parser("init", help="write a commented config file with every setting")
    init.add_argument("--force", action="store_true", help="replace an existing file")
    config_sub.add_parser("show", help="print the effective settings and where each came from")

    key = sub.add_parser("key", help="the data key that protects the cache and the audit journal")
    key_sub = key.add_subparsers(dest="key_command", required=True)
    key_sub.add_parser("passphrase", help="add or replace the (recovery) passphrase")
    reset = key_sub.add_parser("reset", help="start afresh with a new key (when the old one is lost)")
    reset.add_argument("--yes", action="store_true", help="confirm: the cache is wiped")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    import os

    os.umask(0o077)  # whatever the app (or a library under it) creates is owner-only
    args = _parser().parse_args(argv)
    try:
        return _dispatch(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback
        from sjtui.errors_cli import describe

        print(f"sjtui: {describe(exc)}", file=sys.stderr)
        return 2


def _dispatch(args: argparse.Namespace) -> int:
    command = args.command
    if command == "demo-server":
        from sjtui.commands.demo import run_demo_server

        return run_demo_server(
            args.host,
            args.port,
            args.fixtures,
            args.faults,
            auth=args.auth,
            device_interval=args.device_interval,
            workstation_key=args.workstation_key,
        )
    if command in ("login", "logout", "launch"):
        from sjtui.commands import auth as auth_commands

        runner = {
            "login": auth_commands.run_login,
            "logout": auth_commands.run_logout,
            "launch": auth_commands.run_launch,
        }[command]
        return runner(args)
    if command == "audit":
        from sjtui.commands.audit import run_audit

        return run_audit(args)
    if command == "cache":
        from sjtui.commands.cache import run_cache

        return run_cache(args)
    if command == "key":
        from pathlib import Path

        from sjtui.commands.keys import run_key
        from sjtui.config import load_settings

        return run_key(
            args, load_settings(Path(args.config) if args.config else None, server=args.server, profile=args.profile)
        )
    if command == "config":
        from sjtui.commands.config_cmd import run_config

        return run_config(args)
    if command == "doctor":
        from sjtui.commands.doctor import run_doctor

        return run_doctor(args)
    from sjtui.commands.app import run_app

    return run_app(args, start_cpr=args.cpr)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
