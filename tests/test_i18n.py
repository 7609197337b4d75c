"""The UI texts: both languages have the same keys, and no topic module redefines a key."""

from __future__ import annotations

import importlib

from sjtui import i18n


def _modules(lang: str) -> list[dict[str, str]]:
    return [importlib.import_module(f"sjtui.i18n.{n}").TEXTS for n in i18n._topic_modules(lang)]


def test_both_languages_have_the_same_keys() -> None:
    da, en = i18n._TEXTS["da"], i18n._TEXTS["en"]
    assert sorted(set(da) - set(en)) == []
    assert sorted(set(en) - set(da)) == []


def test_no_key_is_defined_in_two_topic_modules() -> None:
    for lang in ("da", "en"):
        seen: dict[str, int] = {}
        for texts in _modules(lang):
            for key in texts:
                seen[key] = seen.get(key, 0) + 1
        assert [k for k, n in seen.items() if n > 1] == []


def test_topic_modules_come_in_pairs() -> None:
    da = [n.removeprefix("da") for n in i18n._topic_modules("da")]
    en = [n.removeprefix("en") for n in i18n._topic_modules("en")]
    assert da == en and "" in da and "_screens" in da
