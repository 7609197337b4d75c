"""Keys: the data key (DEK) in key slots, the keyring probe, passphrase KDFs, sealing.

Use `KeyManager(...).unlock(prompt)` to get an `UnlockedKey` (a `Sealer` plus a blind index);
`KeyUnavailable` means "run online-only"; `WrongPassphrase` means "ask again".
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# The names below are imported from their submodules on first use: importing one submodule
# (say `sjtui.crypto.key`) must not pull in the unlock machinery and `cryptography` before
# the app's first frame (cold start, issue 6).
_SUBMODULE = {
    "Sealer": "aead",
    "TamperedData": "aead",
    "CryptoError": "errors",
    "KeySlotsDamaged": "errors",
    "KeyUnavailable": "errors",
    "WrongPassphrase": "errors",
    "KdfParams": "kdf",
    "UnlockedKey": "key",
    "KeyringProbe": "keyring_probe",
    "probe_keyring": "keyring_probe",
    "ENV_PASSPHRASE": "unlock",
    "KeyManager": "unlock",
    "PassphrasePrompt": "unlock",
    "UnlockPlan": "unlock",
}

__all__ = [
    "ENV_PASSPHRASE",
    "CryptoError",
    "KdfParams",
    "KeyManager",
    "KeySlotsDamaged",
    "KeyUnavailable",
    "KeyringProbe",
    "PassphrasePrompt",
    "Sealer",
    "TamperedData",
    "UnlockPlan",
    "UnlockedKey",
    "WrongPassphrase",
    "probe_keyring",
]


def __getattr__(name: str) -> Any:
    submodule = _SUBMODULE.get(name)
    if submodule is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{submodule}"), name)


if TYPE_CHECKING:
    from sjtui.crypto.aead import Sealer, TamperedData
    from sjtui.crypto.errors import (
        CryptoError,
        KeySlotsDamaged,
        KeyUnavailable,
        WrongPassphrase,
    )
    from sjtui.crypto.kdf import KdfParams
    from sjtui.crypto.key import UnlockedKey
    from sjtui.crypto.keyring_probe import KeyringProbe, probe_keyring
    from sjtui.crypto.unlock import (
        ENV_PASSPHRASE,
        KeyManager,
        PassphrasePrompt,
        UnlockPlan,
    )
