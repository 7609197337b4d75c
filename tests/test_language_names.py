"""The basic card names a citizen's language (issue #13: no raw codes in the UI)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sjtui.i18n import language, set_language
from sjtui.ui.language_names import language_name


@pytest.fixture
def lang() -> Iterator[None]:
    before = language()
    yield
    set_language(before)


@pytest.mark.parametrize(
    ("ui", "value", "shown"),
    [
        ("da", "da", "dansk"),
        ("da", "da-DK", "dansk"),
        ("da", "AR", "arabisk"),
        ("da", "kl", "grønlandsk"),
        ("en", "da", "Danish"),
        ("en", "tr-TR", "Turkish"),
        ("da", "xh", "sprogkode xh"),
        ("en", "xh", "language code xh"),
        ("da", "Dansk", "Dansk"),  # free text from the server is shown as written
        ("da", "", ""),
    ],
)
def test_language_name(lang: None, ui: str, value: str, shown: str) -> None:
    set_language(ui)
    assert language_name(value) == shown
