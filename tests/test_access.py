"""The grant: no reason, wrong citizen or expired means no data; break-the-glass needs its own reason."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from sjtui.access import AccessDenied, Basis, Clinician, make_grant, may_reveal_private, require_grant
from sjtui.access.lock_secret import MAX_ATTEMPTS, LockSecret, LockSecretError
from sjtui.access.recent_reasons import RecentReasons
from sjtui.crypto.aead import Sealer
from sjtui.crypto.key import UnlockedKey

NURSE = Clinician(user_id="nurse01", name="Sygeplejerske Test", organisation="Testkommune")


def grant(reason: str = "Akut tilkald, vejrtrækningsbesvær", patient: str = "poul"):
    return make_grant(
        patient_id=patient, cpr="1203541237", basis=Basis.CURRENT_TREATMENT, reason=reason, clinician=NURSE
    )


def test_reason_is_required() -> None:
    with pytest.raises(AccessDenied):
        grant(reason="   ")


def test_grant_covers_only_its_citizen() -> None:
    with pytest.raises(AccessDenied):
        require_grant(grant(), "lars")
    assert require_grant(grant(), "poul").patient_id == "poul"


def test_missing_grant_is_refused() -> None:
    with pytest.raises(AccessDenied):
        require_grant(None, "poul")


def test_grant_expires() -> None:
    later = datetime.now(UTC) + timedelta(days=1)
    with pytest.raises(AccessDenied):
        require_grant(grant(), "poul", now=later)


def test_break_the_glass_needs_its_own_reason_and_is_per_opening() -> None:
    g = grant()
    assert not may_reveal_private(g)
    with pytest.raises(AccessDenied):
        g.with_break_glass("")
    revealed = g.with_break_glass("Akut forgiftning, behov for psykiatrisk medicin")
    assert may_reveal_private(revealed)
    assert revealed.opening_id == g.opening_id
    assert not may_reveal_private(grant())  # a new opening starts without it


def test_lock_secret_is_a_slow_salted_hash(tmp_path) -> None:
    secret = LockSecret(tmp_path / "lock.json", n=2**10)
    with pytest.raises(LockSecretError):
        secret.set("4321")  # fewer than 6 characters
    secret.set("432198")
    assert secret.verify("432198")
    assert not secret.verify("123456")
    assert "432198" not in (tmp_path / "lock.json").read_text()


def test_lock_pin_attempts_are_limited_across_restarts(tmp_path) -> None:
    path = tmp_path / "lock.json"
    LockSecret(path, n=2**10).set("975310")
    for _ in range(MAX_ATTEMPTS - 1):
        assert not LockSecret(path, n=2**10).verify("000000")  # a new process each time
    assert LockSecret(path, n=2**10).verify("975310")  # a success resets the count
    for _ in range(MAX_ATTEMPTS):
        assert not LockSecret(path, n=2**10).verify("000000")
    restarted = LockSecret(path, n=2**10)
    assert restarted.blocked() and not restarted.is_set()
    assert not restarted.verify("975310")  # blocked: even the right PIN no longer unlocks
    restarted.set("864200")  # a new PIN at the next start
    assert LockSecret(path, n=2**10).verify("864200")


def test_a_copied_lock_file_cannot_be_searched_without_the_data_key(tmp_path) -> None:
    key = UnlockedKey.ephemeral()
    path = tmp_path / "lock.json"
    LockSecret(path, n=2**10, pepper=key.blind_index).set("246810")
    assert LockSecret(path, n=2**10, pepper=key.blind_index).verify("246810")
    # the same PIN without the key (an offline search of the copied file) never matches
    assert not LockSecret(path, n=2**10).verify("246810")
    other = UnlockedKey.ephemeral()
    assert not LockSecret(path, n=2**10, pepper=other.blind_index).verify("246810")


def test_recent_reasons_are_sealed_and_most_recent_first(tmp_path) -> None:
    path = tmp_path / "reasons.bin"
    sealer = Sealer(bytes(range(32)))
    key = UnlockedKey.ephemeral()
    reasons = RecentReasons(path, sealer, index=key.blind_index)
    for r in ["Fald i hjemmet", "Medicingennemgang", "Fald i hjemmet"]:
        reasons.remember(r, "1203541237")
    again = RecentReasons(path, sealer, index=key.blind_index)
    assert again.list("120354-1237") == ["Fald i hjemmet", "Medicingennemgang"]
    assert b"Fald" not in path.read_bytes()


def test_recent_reasons_never_carry_text_typed_for_another_citizen(tmp_path) -> None:
    path = tmp_path / "reasons.bin"
    sealer = Sealer(bytes(range(32)))
    key = UnlockedKey.ephemeral()
    templates = ["Hjemmebesøg", "Akut tilkald"]
    reasons = RecentReasons(path, sealer, index=key.blind_index, templates=templates)
    reasons.remember("Hjemmebesøg alkohol", "1203541237")
    assert reasons.list("0408572349") == templates  # another citizen: only the templates
    assert reasons.list("") == templates
    assert reasons.list("1203541237") == ["Hjemmebesøg alkohol", *templates]
    # keyed without the CPR in clear, even inside the seal
    stored = sealer.open(path.read_bytes(), b"sjtui-recent-reasons-v2")
    assert b"1203541237" not in stored and b"120354" not in stored
    assert RecentReasons(path, sealer, index=key.blind_index).list("0408572349") == []
