"""Key slots and unlocking: keyring first, passphrase otherwise, online-only if neither."""

from __future__ import annotations

import base64
import json
import stat
import sys
from pathlib import Path

import pytest

from sjtui.crypto import (
    KdfParams,
    KeyManager,
    KeySlotsDamaged,
    KeyUnavailable,
    UnlockPlan,
    WrongPassphrase,
)
from sjtui.crypto.errors import WeakSecret
from sjtui.crypto.kdf import SCRYPT_N, KdfFloor
from sjtui.crypto.keyslots import SLOT_KEYRING, SLOT_PASSPHRASE

from crypto_fakes import LockedKeyring, MemoryKeyring, PlaintextKeyring


def fast_kdf() -> KdfParams:
    return KdfParams.new_scrypt(n=2**10)


TEST_FLOOR = KdfFloor(scrypt_n=2**10)  # the fast test cost; the real floor is tested below


def manager(tmp_path: Path, **kwargs) -> KeyManager:
    kwargs.setdefault("env", {})
    kwargs.setdefault("new_kdf", fast_kdf)
    kwargs.setdefault("kdf_floor", TEST_FLOOR)
    kwargs.setdefault("keyring_timeout", 1.0)
    return KeyManager(tmp_path / "data" / "keyslots.json", **kwargs)


def same_key(a, b) -> bool:
    blob = a.sealer.seal(b"x", b"aad")
    return b.sealer.open(blob, b"aad") == b"x" and a.blind_index("v") == b.blind_index("v")


def test_default_kdf_cost_is_scrypt_2_17() -> None:
    params = KdfParams.new_scrypt()
    assert (params.name, params.n, params.r, params.p, len(params.salt)) == ("scrypt", 2**17, 8, 1, 16)
    assert SCRYPT_N == 2**17


def test_new_passphrase_slot_uses_the_default_cost(tmp_path: Path) -> None:
    m = KeyManager(tmp_path / "keyslots.json", use_keyring=False, env={})
    m.unlock_with_passphrase("pw-langt-nok")  # one real n=2**17 derivation (~0.5 s)
    kdf = json.loads(m.slots_path.read_text())["slots"]["passphrase"]["kdf"]
    assert (kdf["name"], kdf["n"], kdf["r"], kdf["p"]) == ("scrypt", 2**17, 8, 1)


def test_passphrase_from_env_creates_then_unlocks(tmp_path: Path) -> None:
    env = {"SJTUI_PASSPHRASE": "korrekt hest batteri"}
    first = manager(tmp_path, env=env, keyring_backend=LockedKeyring())
    assert first.plan() is UnlockPlan.NEW_PASSPHRASE and first.needs_new_passphrase()
    assert first.describe_mode() == "none"
    key1 = first.unlock()
    assert first.describe_mode() == "passphrase (scrypt)"
    second = manager(tmp_path, env=env, keyring_backend=LockedKeyring())
    assert second.plan() is UnlockPlan.PASSPHRASE and second.has_passphrase_slot()
    assert second.describe_mode() == "locked"
    assert same_key(key1, second.unlock())


def test_wrong_passphrase_is_refused_plainly(tmp_path: Path) -> None:
    manager(tmp_path, env={"SJTUI_PASSPHRASE": "rigtig-kode"}, use_keyring=False).unlock()
    wrong = manager(tmp_path, env={"SJTUI_PASSPHRASE": "forkert"}, use_keyring=False)
    with pytest.raises(WrongPassphrase) as info:
        wrong.unlock()
    assert str(info.value) == "the passphrase is not correct"
    assert wrong.describe_mode() == "locked"


def test_prompt_callback_is_told_when_the_passphrase_is_new(tmp_path: Path) -> None:
    asked: list[bool] = []

    def prompt(new: bool) -> str:
        asked.append(new)
        return "hemmelig"

    key = manager(tmp_path, use_keyring=False).unlock(prompt)
    again = manager(tmp_path, use_keyring=False).unlock(prompt)
    assert asked == [True, False]
    assert same_key(key, again)


def test_cancelled_prompt_or_no_source_means_key_unavailable(tmp_path: Path) -> None:
    with pytest.raises(KeyUnavailable):
        manager(tmp_path, use_keyring=False).unlock(lambda new: None)
    with pytest.raises(KeyUnavailable):
        manager(tmp_path, use_keyring=False).unlock()
    assert not (tmp_path / "data" / "keyslots.json").exists()


def test_passphrase_command(tmp_path: Path) -> None:
    script = tmp_path / "pw.py"
    script.write_text("print('fra kommandoen')\n")
    command = f"{sys.executable} {script}"
    key = manager(tmp_path, use_keyring=False, passphrase_command=command).unlock()
    again = manager(tmp_path, use_keyring=False).unlock_with_passphrase("fra kommandoen")
    assert same_key(key, again)
    failing = manager(tmp_path, use_keyring=False, passphrase_command=f"{sys.executable} -c 'raise SystemExit(3)'")
    with pytest.raises(KeyUnavailable, match="exit status 3"):
        failing.unlock()


def test_change_passphrase_rewraps_the_same_key(tmp_path: Path) -> None:
    key = manager(tmp_path, use_keyring=False).unlock_with_passphrase("gammel-kode")
    manager(tmp_path, use_keyring=False).change_passphrase("gammel-kode", "ny-lang-kode")
    with pytest.raises(WrongPassphrase):
        manager(tmp_path, use_keyring=False).unlock_with_passphrase("gammel-kode")
    assert same_key(key, manager(tmp_path, use_keyring=False).unlock_with_passphrase("ny-lang-kode"))
    with pytest.raises(WrongPassphrase):
        manager(tmp_path, use_keyring=False).change_passphrase("forkert-kode", "x-lang-kode")


def test_keyring_mode_creates_a_slot_and_needs_no_passphrase(tmp_path: Path) -> None:
    ring = MemoryKeyring()
    first = manager(tmp_path, keyring_backend=ring)
    assert first.plan() is UnlockPlan.KEYRING
    key = first.unlock()
    assert first.describe_mode() == "keyring (MemoryKeyring)"
    assert ("sjtui", "kek-v1") in ring.store
    second = manager(tmp_path, keyring_backend=ring)
    assert same_key(key, second.unlock(lambda new: pytest.fail("no prompt expected")))


def test_unusable_keyring_falls_back_to_passphrase(tmp_path: Path) -> None:
    for backend in (LockedKeyring(), PlaintextKeyring()):
        m = manager(
            tmp_path / type(backend).__name__, keyring_backend=backend, env={"SJTUI_PASSPHRASE": "pw-langt-nok"}
        )
        assert m.unlock().mode == "passphrase"
        assert isinstance(backend, LockedKeyring) or backend.store == {}


def test_passphrase_unlock_adds_keyring_slot_when_keyring_works(tmp_path: Path) -> None:
    key = manager(tmp_path, keyring_backend=LockedKeyring()).unlock_with_passphrase("pw-langt-nok")
    ring = MemoryKeyring()
    assert manager(tmp_path, keyring_backend=ring).unlock_with_passphrase("pw-langt-nok").mode == "passphrase"
    later = manager(tmp_path, keyring_backend=ring)
    assert later.has_keyring_slot() and later.plan() is UnlockPlan.KEYRING
    assert same_key(key, later.unlock())


def test_keyring_only_key_out_of_reach_is_unavailable(tmp_path: Path) -> None:
    manager(tmp_path, keyring_backend=MemoryKeyring()).unlock()
    away = manager(tmp_path, keyring_backend=LockedKeyring(), env={"SJTUI_PASSPHRASE": "pw-langt-nok"})
    assert away.plan() is UnlockPlan.UNAVAILABLE
    with pytest.raises(KeyUnavailable):
        away.unlock()
    assert away.describe_mode() == "none"


def test_recovery_passphrase_for_keyring_mode(tmp_path: Path) -> None:
    m = manager(tmp_path, keyring_backend=MemoryKeyring())
    key = m.unlock()
    m.set_passphrase(key, "nødnøglen!")
    assert same_key(key, manager(tmp_path, keyring_backend=LockedKeyring()).unlock_with_passphrase("nødnøglen!"))


def test_slot_file_is_private_and_holds_no_key_in_clear(tmp_path: Path) -> None:
    ring = MemoryKeyring()
    m = manager(tmp_path, keyring_backend=ring)
    key = m.unlock()
    m.set_passphrase(key, "pw-langt-nok")
    path = m.slots_path
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    data = json.loads(path.read_text())
    assert set(data["slots"]) == {SLOT_KEYRING, SLOT_PASSPHRASE}
    raw = path.read_bytes()
    for secret in (key._dek, base64.b64decode(ring.store[("sjtui", "kek-v1")])):
        assert secret not in raw and base64.b64encode(secret) not in raw
    assert "data" in str(path.parent) and "cache" not in str(path)


def test_damaged_slot_file_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "data" / "keyslots.json"
    path.parent.mkdir(parents=True)
    path.write_text("{ not json")
    m = manager(tmp_path, env={"SJTUI_PASSPHRASE": "pw-langt-nok"}, use_keyring=False)
    assert m.plan() is UnlockPlan.UNAVAILABLE
    with pytest.raises(KeyUnavailable):
        m.unlock()
    assert path.read_text() == "{ not json"


def test_forget_locks_the_key(tmp_path: Path) -> None:
    key = manager(tmp_path, use_keyring=False).unlock_with_passphrase("pw-langt-nok")
    key.forget()
    with pytest.raises(KeyUnavailable):
        key.sealer.seal(b"x", b"")
    with pytest.raises(KeyUnavailable):
        key.blind_index("x")


@pytest.mark.parametrize("source", ["env", "command", "prompt"])
def test_a_short_passphrase_is_refused_whatever_its_source(tmp_path: Path, source: str) -> None:
    kwargs: dict = {"use_keyring": False}
    prompt = None
    if source == "env":
        kwargs["env"] = {"SJTUI_PASSPHRASE": "x"}
    elif source == "command":
        script = tmp_path / "pw.py"
        script.write_text("print('x')\n")
        kwargs["passphrase_command"] = f"{sys.executable} {script}"
    else:
        prompt = lambda new: "kort"  # noqa: E731
    with pytest.raises(WeakSecret, match="at least 8"):
        manager(tmp_path, **kwargs).unlock(prompt)
    assert not (tmp_path / "data" / "keyslots.json").exists()
    key = manager(tmp_path, use_keyring=False).unlock_with_passphrase("lang nok kode")
    with pytest.raises(WeakSecret):
        manager(tmp_path, use_keyring=False).set_passphrase(key, "kort")


def test_a_slot_file_edited_to_a_cheap_cost_is_refused(tmp_path: Path) -> None:
    real = KeyManager(tmp_path / "keyslots.json", use_keyring=False, env={})
    real.unlock_with_passphrase("lang nok kode")  # the default cost, n=2**17
    data = json.loads(real.slots_path.read_text())
    data["slots"]["passphrase"]["kdf"]["n"] = 2**4
    real.slots_path.write_text(json.dumps(data))
    again = KeyManager(tmp_path / "keyslots.json", use_keyring=False, env={})
    with pytest.raises(KeySlotsDamaged, match="below the minimum"):
        again.unlock_with_passphrase("lang nok kode")
    assert again.check_passphrase("lang nok kode") is False


def test_the_blind_index_is_hmac_sha256_under_the_index_key_so_existing_caches_still_match() -> None:
    import hashlib
    import hmac

    from sjtui.crypto.key import UnlockedKey

    key = UnlockedKey.ephemeral()
    index_key = key._index_key
    for value in ("1203541237", "ver:abc|Observation/1|3", "æøå"):
        expected = hmac.new(index_key, value.encode("utf-8"), hashlib.sha256).hexdigest()
        assert key.blind_index(value) == expected
        assert key.blind_index(value) == expected  # the keyed state is not consumed by a call
    key.forget()
    with pytest.raises(KeyUnavailable):
        key.blind_index("1203541237")
