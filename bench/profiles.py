"""Link profiles for the emulator (issue 6): what a clinician's connection looks like.

Why these numbers: `edge` is the weak mobile link in a basement or a rural home (GPRS/EDGE
class), `3g` a poor but usable mobile link, `lan` a wired office network (no shaping, just a
token delay so the code path is the same).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PROFILES", "LinkProfile", "get_profile"]


@dataclass(frozen=True, slots=True)
class LinkProfile:
    """One emulated link. Bandwidths in kbit/s (1 kbit = 1000 bit); None means unshaped."""

    name: str
    rtt_ms: float
    down_kbps: float | None
    up_kbps: float | None

    @property
    def one_way_s(self) -> float:
        return self.rtt_ms / 2000.0

    @property
    def down_bytes_per_s(self) -> float | None:
        return None if self.down_kbps is None else self.down_kbps * 1000.0 / 8.0

    @property
    def up_bytes_per_s(self) -> float | None:
        return None if self.up_kbps is None else self.up_kbps * 1000.0 / 8.0

    def describe(self) -> str:
        if self.down_kbps is None:
            return f"{self.name}: RTT {self.rtt_ms:g} ms, unshaped"
        return f"{self.name}: RTT {self.rtt_ms:g} ms, {self.down_kbps:g} kbit/s down, {self.up_kbps:g} kbit/s up"


PROFILES: dict[str, LinkProfile] = {
    "edge": LinkProfile("edge", rtt_ms=600.0, down_kbps=64.0, up_kbps=32.0),
    "3g": LinkProfile("3g", rtt_ms=150.0, down_kbps=384.0, up_kbps=128.0),
    "lan": LinkProfile("lan", rtt_ms=1.0, down_kbps=None, up_kbps=None),
}


def get_profile(name: str) -> LinkProfile:
    try:
        return PROFILES[name]
    except KeyError:
        raise ValueError(f"unknown link profile {name!r} (known: {', '.join(PROFILES)})") from None
