"""Is the OS keyring really usable here? Decided by a set/get/delete round trip with a timeout.

`keyring.get_keyring()` succeeding means little (research section 1): SecretService can look
healthy and then raise `KeyringLocked`, or block for ever on an unlock prompt; keyrings.alt's
`PlaintextKeyring` is chosen silently and writes the secret base64-encoded to disk;
keyrings.cryptfile prompts with getpass on the terminal. So:

- backends are rejected by kind first: fail, null, plaintext/unencrypted file backends,
  prompting file backends (keyrings.alt encrypted file, keyrings.cryptfile), and chainers
  made only of rejected backends. A chainer that mixes good and rejected backends is
  replaced by its best acceptable member, so a write can never fall through to plaintext;
- then a real round trip with a random value runs in a daemon thread; if it does not finish
  within the timeout the keyring is treated as unusable (the thread is abandoned);
- keyring code runs only in threads where `getpass.getpass` raises `EOFError`, so a backend
  that tries to prompt fails instead of taking over the terminal.

Every later keyring call goes through `call_with_timeout` on the backend the probe chose.
"""

from __future__ import annotations

import getpass
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

T = TypeVar("T")

SERVICE = "sjtui"
_PROBE_USER_PREFIX = "probe-"

#: (module prefix, class-name fragment or "" for the whole module) -> why it is rejected.
_REJECTED: tuple[tuple[str, str, str], ...] = (
    ("keyring.backends.fail", "", "no keyring backend is available"),
    ("keyring.backends.null", "", "the null keyring stores nothing"),
    ("keyrings.alt.file", "", "file keyring (plaintext or prompting)"),
    ("keyrings.alt.pyfs", "", "file keyring (plaintext or prompting)"),
    ("keyrings.alt", "plaintext", "plaintext keyring"),
    ("keyrings.alt", "encrypted", "prompting keyring"),
    ("keyrings.cryptfile", "", "prompting file keyring"),
    ("", "plaintext", "plaintext keyring"),
    ("", "unencrypted", "plaintext keyring"),
)


class ProbeTimeout(Exception):
    """A keyring call did not return in time (a locked keyring waiting for an unlock prompt)."""


@dataclass(frozen=True, slots=True)
class KeyringProbe:
    usable: bool
    backend: str  # short display name, e.g. "SecretService"
    reason: str  # why not usable ("" when usable); never contains a secret
    keyring: Any = field(default=None, repr=False, compare=False)  # the backend object to use


def backend_label(backend: object) -> str:
    cls = type(backend)
    module = cls.__module__
    if module.startswith("keyring.backends.") and module.count(".") == 2:
        return module.rsplit(".", 1)[1]
    return cls.__qualname__


def rejection(backend: object) -> str | None:
    """Why this backend kind is never acceptable, or None."""
    cls = type(backend)
    module = cls.__module__.lower()
    name = cls.__qualname__.lower()
    for prefix, fragment, why in _REJECTED:
        if prefix and not (module == prefix or module.startswith(prefix + ".")):
            continue
        if fragment and fragment not in name:
            continue
        return why
    return None


def _chain_members(backend: object) -> list[object] | None:
    try:
        from keyring.backends.chainer import ChainerBackend
    except ImportError:  # pragma: no cover
        return None
    if isinstance(backend, ChainerBackend):
        return list(ChainerBackend.backends)
    return None


def select_backend(backend: object) -> tuple[object | None, str]:
    """The backend to use (chainers resolved) or (None, reason)."""
    members = _chain_members(backend)
    if members is not None:
        good = [m for m in members if rejection(m) is None]
        if not good:
            return None, "only unusable keyring backends are installed"
        return good[0], ""  # members are sorted by priority, best first
    why = rejection(backend)
    if why:
        return None, why
    return backend, ""


def call_with_timeout(func: Callable[[], T], timeout: float) -> T:
    """Run `func` in a daemon thread; raise ProbeTimeout if it does not finish in time."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = func()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            box["error"] = exc

    _install_prompt_guard()
    thread = threading.Thread(target=run, name=_THREAD_NAME, daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise ProbeTimeout(f"the keyring did not answer within {timeout:g} s")
    if "error" in box:
        raise box["error"]
    return cast(T, box["value"])


_THREAD_NAME = "sjtui-keyring"
_guard_lock = threading.Lock()
_guard_installed = False


def _install_prompt_guard() -> None:
    """Wrap `getpass.getpass` once: inside a keyring thread it raises EOFError, elsewhere
    (e.g. the CLI's own passphrase prompt) it behaves as before. Installed for the life of
    the process because a timed-out keyring thread may wake up and try to prompt later."""
    global _guard_installed
    with _guard_lock:
        if _guard_installed:
            return
        original = getpass.getpass

        def guarded(*args: Any, **kwargs: Any) -> str:
            if threading.current_thread().name.startswith(_THREAD_NAME):
                raise EOFError("sjtui does not let keyring backends prompt on the terminal")
            return original(*args, **kwargs)

        getpass.getpass = guarded
        _guard_installed = True


def probe_keyring(timeout: float = 3.0, *, backend: object | None = None) -> KeyringProbe:
    """Decide whether the keyring can hold the wrapping key. Never raises, never prompts."""
    try:
        if backend is None:
            import keyring

            backend = call_with_timeout(keyring.get_keyring, timeout)
    except ProbeTimeout as exc:
        return KeyringProbe(False, "unknown", str(exc))
    except Exception as exc:  # noqa: BLE001 - any failure means "no keyring"
        return KeyringProbe(False, "unknown", f"the keyring cannot be loaded ({type(exc).__name__})")
    chosen, why = select_backend(backend)
    label = backend_label(backend)
    if chosen is None:
        return KeyringProbe(False, label, f"rejected {label}: {why}")
    label = backend_label(chosen)
    user = _PROBE_USER_PREFIX + secrets.token_hex(8)
    value = secrets.token_urlsafe(24)

    def round_trip() -> str | None:
        chosen.set_password(SERVICE, user, value)  # type: ignore[attr-defined]  # a keyring backend (duck-typed)
        try:
            read: str | None = chosen.get_password(SERVICE, user)  # type: ignore[attr-defined]  # a keyring backend (duck-typed)
            return read
        finally:
            chosen.delete_password(SERVICE, user)  # type: ignore[attr-defined]  # a keyring backend (duck-typed)

    try:
        got = call_with_timeout(round_trip, timeout)
    except ProbeTimeout as exc:
        return KeyringProbe(False, label, str(exc))
    except EOFError:
        return KeyringProbe(False, label, f"rejected {label}: it prompts on the terminal")
    except Exception as exc:  # noqa: BLE001 - KeyringError, RuntimeError, D-Bus errors...
        return KeyringProbe(False, label, f"{label} failed the round trip ({type(exc).__name__})")
    if got != value:
        return KeyringProbe(False, label, f"{label} did not return what was stored")
    return KeyringProbe(True, label, "", keyring=chosen)
