"""Keys: the data key (DEK) in key slots, the keyring probe, passphrase KDFs, sealing.

Use `KeyManager(...).unlock(prompt)` to get an `UnlockedKey` (a `Sealer` plus a blind index);
`KeyUnavailable` means "run online-only"; `WrongPassphrase` means "ask again".
"""

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
from sjtui.crypto.unlock import ENV_PASSPHRASE, KeyManager, PassphrasePrompt, UnlockPlan

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
