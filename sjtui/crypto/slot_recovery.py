"""A lost or damaged key file never silently replaces the key the audit journal was sealed
with (issue 12).

The key slots are written twice: `keyslots.json` in the data folder and a copy beside the
audit journal (`audit/keyslots.copy.json`: the same wrapped keys, nothing in clear). When the
key file is gone or garbled, the copy unlocks with the same passphrase or keyring entry and
the key file is written again from it; the unlocked key carries a note of what happened (the
app records it as a security event and shows it). With no intact copy, a damaged file is
refused as damaged (never reset), and a missing one while sealed data remain raises
`KeySlotsLost`: only an explicit `sjtui key reset --yes` starts a new key and journal segment.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sjtui.crypto.errors import KeySlotsDamaged, KeySlotsLost
from sjtui.crypto.key import UnlockedKey
from sjtui.crypto.keyslots import KeySlotFile, Slot

log = logging.getLogger(__name__)


class SlotRecovery:
    def __init__(self, main: KeySlotFile, copy: KeySlotFile | None, sealed_data: Callable[[], bool]) -> None:
        self._file = main
        self._copy = copy
        self._sealed_data = sealed_data

    def read(self) -> tuple[dict[str, Slot], str]:
        """The slots, and why they came from the copy ("" when from the key file). Raises
        KeySlotsDamaged (damaged, no copy) or KeySlotsLost (gone while sealed data remain)."""
        damaged: KeySlotsDamaged | None = None
        try:
            slots = self._file.read()
            why = "" if slots else "the key file is missing"
        except KeySlotsDamaged as exc:
            slots, why, damaged = {}, f"the key file is damaged ({exc})", exc
        if slots:
            return slots, ""
        copy = self.read_copy()
        if copy:
            return copy, why + "; the key was read from its copy beside the audit journal"
        if damaged is not None:
            raise damaged
        if self._sealed_data():
            raise KeySlotsLost(
                "the key file is missing, and the audit journal here was sealed with the key it "
                "held: no new key was made. Put keyslots.json back from a backup, or run "
                "'sjtui key reset --yes' to start a new journal segment (the old one is kept "
                "as evidence)"
            )
        return {}, ""

    def read_copy(self) -> dict[str, Slot]:
        if self._copy is None:
            return {}
        try:
            return self._copy.read()
        except KeySlotsDamaged:
            return {}

    def after_unlock(self, key: UnlockedKey, restored: str) -> None:
        """Put a lost or damaged key file back from the copy that unlocked (and say so in the
        key's events); make the copy if there is none yet."""
        if restored:
            copy = self.read_copy()
            if copy:
                with self._file.locked():
                    self._file.write(copy)
                key.events.append(restored + "; the key file was written again from it")
            return
        if self._copy is None or self._copy.path.exists() or not self._copy.path.parent.is_dir():
            return  # (no audit folder yet, or it is gone: the start-up check says so; not made here)
        try:
            slots = self._file.read()
            if slots:
                self._copy.write(slots)
        except (KeySlotsDamaged, OSError):
            log.info("key slot copy not written")
