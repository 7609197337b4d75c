"""The grant: no reason, wrong citizen or expired means no data; break-the-glass needs its own reason."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from sjtui.access import AccessDenied, Basis, Clinician, make_grant, may_reveal_private, require_grant
from sjtui.access.lock_secret import LockSecret, LockSecretError
from sjtui.access.recent_reasons import RecentReasons
from sjtui.crypto.aead import Sealer

NURSE = Clinician(user_id="nurse01", name="Sygeplejerske Test", organisation="Testkommune")


def grant(reason: str = "Akut tilkald, vejrtrækningsbesvær", patient: str = "poul"):
    return make_grant(patient_id=patient, cpr="1203541237", basis=Basis.CURRENT_TREATMENT, reason=reason, clinician=NURSE)


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
        secret.set("12")
    secret.set("4321")
    assert secret.verify("4321")
    assert not secret.verify("1234")
    assert "4321" not in (tmp_path / "lock.json").read_text()


def test_recent_reasons_are_sealed_and_most_recent_first(tmp_path) -> None:
    path = tmp_path / "reasons.bin"
    sealer = Sealer(bytes(range(32)))
    reasons = RecentReasons(path, sealer)
    for r in ["Fald i hjemmet", "Medicingennemgang", "Fald i hjemmet"]:
        reasons.remember(r)
    assert RecentReasons(path, sealer).list() == ["Fald i hjemmet", "Medicingennemgang"]
    assert b"Fald" not in path.read_bytes()
