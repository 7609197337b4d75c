"""`passphrase_command`: the passphrase from a program (a password manager), for scripts."""

from __future__ import annotations

import shlex
import subprocess

from sjtui.crypto.errors import KeyUnavailable

PASSPHRASE_COMMAND_TIMEOUT = 30.0


def run_passphrase_command(command: str, timeout: float = PASSPHRASE_COMMAND_TIMEOUT) -> str:
    """Run `passphrase_command` without a shell; its stdout (line ending stripped) is the
    passphrase. Errors never include the command's output."""
    try:
        argv = shlex.split(command)
    except ValueError as exc:
        raise KeyUnavailable("passphrase_command cannot be parsed") from exc
    if not argv:
        raise KeyUnavailable("passphrase_command is empty")
    try:
        done = subprocess.run(  # noqa: S603 - the user's own passphrase_command, no shell
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise KeyUnavailable(f"passphrase_command did not finish within {timeout:g} s") from exc
    except OSError as exc:
        raise KeyUnavailable(f"passphrase_command cannot be run ({exc.strerror or type(exc).__name__})") from exc
    if done.returncode != 0:
        raise KeyUnavailable(f"passphrase_command failed (exit status {done.returncode})")
    try:
        value = done.stdout.decode("utf-8").rstrip("\r\n")
    except UnicodeDecodeError as exc:
        raise KeyUnavailable("passphrase_command printed something that is not UTF-8") from exc
    if not value:
        raise KeyUnavailable("passphrase_command printed nothing")
    return value
