"""The keyring probe: only a backend that really stores and returns a secret, quickly and
without prompting or writing plaintext, is accepted."""

from __future__ import annotations

import time

import keyring
import pytest

from sjtui.crypto.keyring_probe import probe_keyring

from crypto_fakes import (
    CryptFileKeyring,
    FakeBackend,
    ForgetfulKeyring,
    HangingKeyring,
    LockedKeyring,
    MemoryKeyring,
    PlaintextKeyring,
    PromptingKeyring,
)


def test_working_backend_is_usable_and_left_clean() -> None:
    backend = MemoryKeyring()
    probe = probe_keyring(2.0, backend=backend)
    assert probe.usable, probe.reason
    assert probe.keyring is backend
    assert backend.store == {}  # the probe value was deleted again


def test_failing_backend_is_rejected() -> None:
    probe = probe_keyring(2.0, backend=LockedKeyring())
    assert not probe.usable
    assert "KeyringLocked" in probe.reason


def test_hanging_backend_times_out_quickly() -> None:
    started = time.monotonic()
    probe = probe_keyring(0.3, backend=HangingKeyring())
    elapsed = time.monotonic() - started
    HangingKeyring.release.set()
    assert not probe.usable
    assert "did not answer" in probe.reason
    assert elapsed < 2.0


def test_prompting_backend_is_rejected_without_touching_the_terminal(monkeypatch) -> None:
    import os

    touched: list[str] = []
    real_open = os.open

    def spy(path, *args, **kwargs):  # getpass opens /dev/tty directly
        touched.append(str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", spy)
    probe = probe_keyring(2.0, backend=PromptingKeyring())
    assert not probe.usable
    assert "prompt" in probe.reason
    assert not any("tty" in path for path in touched)


def test_backend_that_forgets_is_rejected() -> None:
    assert not probe_keyring(2.0, backend=ForgetfulKeyring()).usable


@pytest.mark.parametrize("backend", [PlaintextKeyring(), CryptFileKeyring()])
def test_plaintext_and_prompting_file_backends_are_rejected_unused(backend: FakeBackend) -> None:
    probe = probe_keyring(2.0, backend=backend)
    assert not probe.usable
    assert probe.reason.startswith("rejected")
    assert backend.store == {}  # never even written to


def test_fail_and_null_backends_are_rejected() -> None:
    from keyring.backends import fail, null

    for backend in (fail.Keyring(), null.Keyring()):
        probe = probe_keyring(2.0, backend=backend)
        assert not probe.usable and probe.reason.startswith("rejected")


def test_chainer_of_rejected_backends_is_rejected(monkeypatch) -> None:
    from keyring.backends import chainer, null

    monkeypatch.setattr(chainer.ChainerBackend, "backends", [PlaintextKeyring(), null.Keyring()])
    probe = probe_keyring(2.0, backend=chainer.ChainerBackend())
    assert not probe.usable


def test_chainer_uses_its_good_member_only(monkeypatch) -> None:
    from keyring.backends import chainer

    good, plain = MemoryKeyring(), PlaintextKeyring()
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [good, plain])
    probe = probe_keyring(2.0, backend=chainer.ChainerBackend())
    assert probe.usable and probe.keyring is good


def test_default_backend_comes_from_keyring(monkeypatch) -> None:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        probe = probe_keyring(2.0)
    finally:
        keyring.set_keyring(previous)
    assert probe.usable and probe.backend == "MemoryKeyring"


def test_env_null_backend_is_rejected(monkeypatch) -> None:
    from keyring.core import load_env

    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    probe = probe_keyring(2.0, backend=load_env())
    assert not probe.usable and probe.backend == "null"
