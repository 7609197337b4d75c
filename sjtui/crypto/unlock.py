"""Deciding how the data key is unlocked: keyring, passphrase, or not at all (online-only).

Order (research Recommendation 1):
1. the keyring slot, if the keyring passes the round-trip probe (slot created on first use);
2. the passphrase slot, the passphrase coming from `SJTUI_PASSPHRASE` (tests, CI, scripts),
   else `passphrase_command` (run without a shell, stdout's line ending stripped), else the
   caller's prompt callback (a masked input in the UI, getpass in the CLI);
3. otherwise `KeyUnavailable`: the app runs online-only, with no cache. Never plaintext.

A first passphrase is "new" (`plan() == UnlockPlan.NEW_PASSPHRASE`): the UI asks twice.
After a passphrase unlock on a machine whose keyring works, a keyring slot is added so the
next start needs no prompt. The passphrase is never logged or kept after deriving the KEK.
"""

from __future__ import annotations

import base64
import enum
import logging
import os
from collections.abc import Callable, Mapping
from pathlib import Path

from sjtui.crypto.errors import KeySlotsDamaged, KeySlotsLost, KeyUnavailable, WrongPassphrase
from sjtui.crypto.kdf import DEFAULT_FLOOR, KdfFloor, KdfParams, check_passphrase_strength, derive_kek
from sjtui.crypto.key import UnlockedKey
from sjtui.crypto.keyring_probe import (
    SERVICE,
    KeyringProbe,
    ProbeTimeout,
    call_with_timeout,
    probe_keyring,
)
from sjtui.crypto.keyslots import (
    FILE_NAME,
    SLOT_KEYRING,
    SLOT_PASSPHRASE,
    KeySlotFile,
    Slot,
    SlotFileState,
    UnwrapFailed,
    slot_file_state,
    unwrap_dek,
    wrap_dek,
)
from sjtui.crypto.passphrase_source import PASSPHRASE_COMMAND_TIMEOUT, run_passphrase_command
from sjtui.crypto.slot_recovery import SlotRecovery

__all__ = ["PASSPHRASE_COMMAND_TIMEOUT", "KeyManager", "UnlockPlan", "run_passphrase_command"]

log = logging.getLogger(__name__)

ENV_PASSPHRASE = "SJTUI_PASSPHRASE"
KEYRING_USER = "kek-v1"

#: prompt(new) -> passphrase, or None when the user cancels. `new` means "first passphrase:
#: ask twice"; the callback does the confirming.
PassphrasePrompt = Callable[[bool], "str | None"]


class UnlockPlan(enum.Enum):
    """What `unlock()` will need, so the UI can decide whether to show a passphrase modal."""

    KEYRING = "keyring"  # no prompt needed
    PASSPHRASE = "passphrase"  # an existing passphrase is needed
    NEW_PASSPHRASE = "new-passphrase"  # first start without keyring: choose one (ask twice)
    UNAVAILABLE = "unavailable"  # nothing can work here: online-only


class KeyManager:
    """Owns the key-slot file and the keyring probe for one installation."""

    def __init__(
        self,
        slots_path: Path | None = None,
        *,
        keyring_timeout: float = 3.0,
        use_keyring: bool = True,
        keyring_backend: object | None = None,
        passphrase_command: str | None = None,
        env: Mapping[str, str] | None = None,
        new_kdf: Callable[[], KdfParams] = KdfParams.new_scrypt,
        kdf_floor: KdfFloor = DEFAULT_FLOOR,
        copy_path: Path | None = None,
        sealed_data: Callable[[], bool] | None = None,
    ) -> None:
        """`copy_path`: a second copy of the key slots (beside the audit journal) that unlocks
        when the key file is lost or damaged; `sealed_data`: whether data sealed with the
        current key exist (the audit journal): then a missing key file is never replaced by
        a new key without an explicit reset."""
        if slots_path is None:
            from sjtui import locations

            slots_path = locations.data_dir() / FILE_NAME
        self._file = KeySlotFile(slots_path)
        self._keyring_timeout = keyring_timeout
        self._use_keyring = use_keyring
        self._keyring_backend = keyring_backend
        self._passphrase_command = passphrase_command
        self._env = os.environ if env is None else env
        self._new_kdf = new_kdf
        self._floor = kdf_floor
        self._copy = KeySlotFile(copy_path) if copy_path is not None else None
        self._sealed_data = sealed_data or (lambda: False)
        self._recovery = SlotRecovery(self._file, self._copy, self._sealed_data)
        self._restored = ""  # why the slots were read from the copy ("" if not)
        self._probe: KeyringProbe | None = None
        self._key: UnlockedKey | None = None
        self._failed = False

    # --- questions the UI and `sjtui doctor` ask ------------------------------------------

    @property
    def slots_path(self) -> Path:
        return self._file.path

    def probe(self) -> KeyringProbe:
        """The keyring probe, run once per manager (it costs up to `keyring_timeout`)."""
        if self._probe is None:
            if not self._use_keyring:
                self._probe = KeyringProbe(False, "disabled", "the keyring is disabled")
            else:
                self._probe = probe_keyring(self._keyring_timeout, backend=self._keyring_backend)
        return self._probe

    def has_passphrase_slot(self) -> bool:
        return SLOT_PASSPHRASE in self._slots()

    def has_keyring_slot(self) -> bool:
        return SLOT_KEYRING in self._slots()

    def is_initialised(self) -> bool:
        return bool(self._slots())

    def slot_file_state(self) -> SlotFileState:
        """For `sjtui doctor`: ok, absent, missing, damaged or restorable (see keyslots)."""
        return slot_file_state(
            self._file.path, self._copy.path if self._copy else None, sealed_data=self._sealed_data()
        )

    def _slots(self) -> dict[str, Slot]:
        slots, self._restored = self._recovery.read()
        return slots

    def needs_new_passphrase(self) -> bool:
        return self.plan() is UnlockPlan.NEW_PASSPHRASE

    def plan(self) -> UnlockPlan:
        try:
            slots = self._slots()
        except KeySlotsDamaged:  # KeySlotsLost too: said plainly by `unlock`
            return UnlockPlan.UNAVAILABLE
        except KeySlotsLost:
            return UnlockPlan.UNAVAILABLE
        keyring_ok = self.probe().usable
        if keyring_ok and (SLOT_KEYRING in slots or not slots):
            return UnlockPlan.KEYRING
        if SLOT_PASSPHRASE in slots:
            return UnlockPlan.PASSPHRASE
        if not slots:
            return UnlockPlan.NEW_PASSPHRASE
        return UnlockPlan.UNAVAILABLE  # only a keyring slot, and the keyring is out of reach

    def describe_mode(self) -> str:
        """For `sjtui doctor`: "keyring (SecretService)", "passphrase (scrypt)", "locked", "none"."""
        if self._key is not None and self._key.mode != "locked":
            return self._key.describe()
        state = self.slot_file_state()
        if state.state in ("damaged", "missing", "restorable"):
            return state.describe()
        if self._failed:
            return "none"
        return "locked" if state.state == "ok" else "none"

    # --- unlocking ------------------------------------------------------------------------

    def unlock(self, prompt: PassphrasePrompt | None = None) -> UnlockedKey:
        """Return the unlocked key or raise `WrongPassphrase` / `KeyUnavailable`."""
        try:
            key = self._unlock(prompt)
        except KeyUnavailable:
            self._failed = True
            raise
        self._after_unlock(key)
        self._key = key
        self._failed = False
        return key

    def _after_unlock(self, key: UnlockedKey) -> None:
        self._recovery.after_unlock(key, self._restored)
        self._restored = ""

    def unlock_with_passphrase(self, passphrase: str) -> UnlockedKey:
        """Unlock (or, on first start, create) with a passphrase the caller already has."""
        return self.unlock(lambda _new: passphrase)

    def check_passphrase(self, passphrase: str) -> bool:
        """True when `passphrase` opens the passphrase slot (a slow KDF: call off the UI
        thread). Used by the idle lock in passphrase mode; never touches the keyring."""
        try:
            slot = self._slots().get(SLOT_PASSPHRASE)
        except KeyUnavailable:
            return False
        if slot is None or not passphrase:
            return False
        try:
            self._open_passphrase_slot(slot, passphrase)
        except (WrongPassphrase, KeySlotsDamaged):
            return False
        return True

    def _unlock(self, prompt: PassphrasePrompt | None) -> UnlockedKey:
        slots = self._slots()
        probe = self.probe()
        if probe.usable and SLOT_KEYRING in slots:
            key = self._try_keyring_slot(slots[SLOT_KEYRING], probe)
            if key is not None:
                return key
        if not slots:
            return self._create(prompt, probe)
        if SLOT_PASSPHRASE in slots:
            slot = slots[SLOT_PASSPHRASE]
            passphrase = self._obtain_passphrase(prompt, new=False)
            dek = self._open_passphrase_slot(slot, passphrase)
            if probe.usable:
                self._add_keyring_slot(dek, probe)
            return UnlockedKey(mode="passphrase", detail=slot.kdf.name if slot.kdf else "passphrase", _dek=dek)
        if probe.usable:
            raise KeyUnavailable(
                "the key stored in the keyring is missing or was replaced; the cache and the "
                "local audit journal cannot be opened ('sjtui key reset' starts afresh)"
            )
        raise KeyUnavailable(
            f"the key is kept in the OS keyring, which cannot be used here ({probe.reason}); "
            "add one with 'sjtui key passphrase' where the keyring works"
        )

    def _create(self, prompt: PassphrasePrompt | None, probe: KeyringProbe) -> UnlockedKey:
        passphrase = None if probe.usable else self._obtain_passphrase(prompt, new=True)
        with self._file.locked():
            if self._slots():  # another instance created the key meanwhile
                return self._unlock(prompt if passphrase is None else (lambda _new: passphrase))
            dek = os.urandom(32)
            if passphrase is None:
                self._add_keyring_slot(dek, probe, required=True)
                return UnlockedKey(mode="keyring", detail=probe.backend, _dek=dek)
            check_passphrase_strength(passphrase)
            params = self._new_kdf()
            self._floor.check(params)
            self._put(Slot(SLOT_PASSPHRASE, wrap_dek(dek, derive_kek(passphrase, params), SLOT_PASSPHRASE), params))
            return UnlockedKey(mode="passphrase", detail=params.name, _dek=dek)

    # --- slots ----------------------------------------------------------------------------

    def _open_passphrase_slot(self, slot: Slot, passphrase: str) -> bytes:
        if slot.kdf is None:
            raise KeySlotsDamaged("the passphrase slot has no key-derivation settings")
        self._floor.check(slot.kdf)  # never derive with a cost someone lowered in the file
        try:
            return unwrap_dek(slot.wrapped, derive_kek(passphrase, slot.kdf), SLOT_PASSPHRASE)
        except UnwrapFailed as exc:
            raise WrongPassphrase() from exc

    def _try_keyring_slot(self, slot: Slot, probe: KeyringProbe) -> UnlockedKey | None:
        backend = probe.keyring
        try:
            encoded = call_with_timeout(lambda: backend.get_password(SERVICE, KEYRING_USER), self._keyring_timeout)
            if not encoded:
                log.info("keyring slot: no wrapping key in the keyring")
                return None
            dek = unwrap_dek(slot.wrapped, base64.b64decode(encoded), SLOT_KEYRING)
        except (ProbeTimeout, UnwrapFailed, ValueError, EOFError) as exc:
            log.info("keyring slot unusable: %s", type(exc).__name__)
            return None
        except Exception as exc:  # noqa: BLE001 - KeyringError and backend-specific errors
            log.info("keyring slot unusable: %s", type(exc).__name__)
            return None
        return UnlockedKey(mode="keyring", detail=probe.backend, _dek=dek)

    def _keyring_kek(self, probe: KeyringProbe) -> bytes:
        """The KEK in the keyring, created if missing. An existing one is reused, never
        overwritten: another installation of this user may have wrapped its DEK with it."""
        backend = probe.keyring

        def get_or_create() -> bytes:
            current = backend.get_password(SERVICE, KEYRING_USER)
            if current:
                try:
                    kek = base64.b64decode(current, validate=True)
                    if len(kek) == 32:
                        return kek
                except ValueError:
                    pass
            kek = os.urandom(32)
            backend.set_password(SERVICE, KEYRING_USER, base64.b64encode(kek).decode("ascii"))
            if backend.get_password(SERVICE, KEYRING_USER) != base64.b64encode(kek).decode("ascii"):
                raise KeyUnavailable("the keyring did not keep the wrapping key")
            return kek

        return call_with_timeout(get_or_create, self._keyring_timeout)

    def _add_keyring_slot(self, dek: bytes, probe: KeyringProbe, *, required: bool = False) -> None:
        try:
            kek = self._keyring_kek(probe)
        except Exception as exc:
            if required:
                raise KeyUnavailable(f"the keyring could not store the wrapping key ({type(exc).__name__})") from exc
            log.info("keyring slot not added: %s", type(exc).__name__)
            return
        self._put(Slot(SLOT_KEYRING, wrap_dek(dek, kek, SLOT_KEYRING)))

    def _put(self, slot: Slot) -> None:
        with self._file.locked():
            slots = self._file.read()
            slots[slot.name] = slot
            self._file.write(slots)
            if self._copy is not None:
                self._copy.write(slots)

    def set_passphrase(self, key: UnlockedKey, new_passphrase: str) -> None:
        """Add or replace the passphrase slot for an unlocked key (e.g. a recovery passphrase
        in keyring mode). Re-wraps the one DEK; no data is re-encrypted."""
        if not new_passphrase:
            raise WrongPassphrase("an empty passphrase cannot be used")
        check_passphrase_strength(new_passphrase)
        if not key._dek:
            raise KeyUnavailable("the key is locked")
        params = self._new_kdf()
        self._floor.check(params)
        self._put(
            Slot(SLOT_PASSPHRASE, wrap_dek(key._dek, derive_kek(new_passphrase, params), SLOT_PASSPHRASE), params)
        )

    def change_passphrase(self, old_passphrase: str, new_passphrase: str) -> None:
        """Check the old passphrase, then re-wrap the DEK under the new one."""
        slots = self._file.read()
        if SLOT_PASSPHRASE not in slots:
            raise KeyUnavailable("no passphrase has been set")
        dek = self._open_passphrase_slot(slots[SLOT_PASSPHRASE], old_passphrase)
        self.set_passphrase(UnlockedKey(mode="passphrase", detail="", _dek=dek), new_passphrase)

    def reset(self) -> None:
        """Delete every slot: the old DEK is gone for good (cache and sealed journal entries
        written with it can no longer be read). Only for an explicit user action."""
        with self._file.locked():
            try:
                self._file.path.unlink()
            except FileNotFoundError:
                pass
        self._key = None

    # --- passphrase sources ---------------------------------------------------------------

    def _obtain_passphrase(self, prompt: PassphrasePrompt | None, *, new: bool) -> str:
        env_value = self._env.get(ENV_PASSPHRASE)
        if env_value:
            return env_value
        if self._passphrase_command:
            return run_passphrase_command(self._passphrase_command)
        if prompt is not None:
            value = prompt(new)
            if value:
                return value
            raise KeyUnavailable("no passphrase was given")
        raise KeyUnavailable(
            "no usable keyring and no passphrase (set SJTUI_PASSPHRASE or passphrase_command, or start interactively)"
        )
