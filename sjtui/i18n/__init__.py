"""UI text in Danish (default) and English.

`t(key, **kw)` looks a key up in the current language and formats it with `str.format`.
The language is process-wide: the app sets it once at start (`set_language`). A missing key
returns the key itself (visible, never a crash); a test checks that both dictionaries have
the same keys. Texts live in one module per topic and language (`da_<topic>.py` beside
`en_<topic>.py`, each with a `TEXTS` dict); modules are found by name, so a new topic needs no
registration here, and a test checks that no key is defined twice. Keep the texts short: a nurse reads them on a small screen.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Literal

Language = Literal["da", "en"]


def _topic_modules(lang: str) -> list[str]:
    """`da`, `da_screens`, `da_audit`, ...: one module a topic, found by name (sorted)."""
    names = [m.name for m in pkgutil.iter_modules(__path__)]
    return sorted(n for n in names if n == lang or n.startswith(lang + "_"))


def _load(lang: str) -> dict[str, str]:
    texts: dict[str, str] = {}
    for name in _topic_modules(lang):
        texts.update(importlib.import_module(f"{__name__}.{name}").TEXTS)
    return texts


class _Tables(dict[str, dict[str, str]]):
    """The texts of each language, loaded when first asked for: a Danish start never imports
    the English modules (and the reverse, but for Danish fallbacks of missing keys)."""

    def __missing__(self, lang: str) -> dict[str, str]:
        table = _load(lang)
        self[lang] = table
        return table


_TEXTS: dict[str, dict[str, str]] = _Tables()
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


def has(key: str) -> bool:
    """Whether the current language has a text for `key` (a lookup, no copy of the table)."""
    return key in _TEXTS[_current]


def keys(lang: str) -> set[str]:
    """All keys of one language (for the consistency test)."""
    return set(_TEXTS[lang])
