"""UI text in Danish (default) and English.

`t(key, **kw)` looks a key up in the current language and formats it with `str.format`.
The language is process-wide: the app sets it once at start (`set_language`). A missing key
returns the key itself (visible, never a crash); a test checks that both dictionaries have
the same keys. Keep the texts short: a nurse reads them on a small screen.
"""

from __future__ import annotations

from typing import Literal

from sjtui.i18n import da, da_screens, en, en_screens

Language = Literal["da", "en"]

_TEXTS: dict[str, dict[str, str]] = {
    "da": {**da.TEXTS, **da_screens.TEXTS},
    "en": {**en.TEXTS, **en_screens.TEXTS},
}
_current: Language = "da"


def set_language(lang: str) -> None:
    """Switch the UI language ("da" or "en"); anything else falls back to Danish."""
    global _current
    _current = "en" if lang == "en" else "da"


def language() -> Language:
    return _current


def t(key: str, /, **kw: object) -> str:
    """The text for `key` in the current language, formatted with `kw`."""
    table = _TEXTS[_current] if key in _TEXTS[_current] else _TEXTS["da"]
    text = table.get(key, key)
    if kw:
        try:
            return text.format(**kw)
        except (KeyError, IndexError, ValueError):
            return text
    return text


def keys(lang: str) -> set[str]:
    """All keys of one language (for the consistency test)."""
    return set(_TEXTS[lang])
