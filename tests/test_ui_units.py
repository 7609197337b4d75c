"""Small pure pieces of the UI: i18n, safe rendering, formatting, keys, terminal."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from sjtui import i18n
from sjtui.config import Settings
from sjtui.ui import formatting, keys, render
from sjtui.ui.terminal import wants_mouse


@pytest.fixture(autouse=True)
def _danish():
    i18n.set_language("da")
    yield
    i18n.set_language("da")


def test_both_languages_have_the_same_keys() -> None:
    assert i18n.keys("da") == i18n.keys("en")


def test_every_command_label_is_translated() -> None:
    for command in keys.COMMANDS:
        for lang in ("da", "en"):
            assert command.label in i18n.keys(lang)
            assert command.help in i18n.keys(lang)


def test_translation_and_formatting() -> None:
    assert i18n.t("tab.labs") == "Laboratoriesvar"
    assert i18n.t("record.age", age=72) == "72 år"
    i18n.set_language("en")
    assert i18n.t("tab.labs") == "Lab results"
    assert i18n.t("no.such.key") == "no.such.key"


def test_clean_strips_escapes_and_controls_but_keeps_markup_literal() -> None:
    raw = "a\x1b[31mred\x1b[0m b\x1b]0;title\x07 c\x07\x08 [bold]x[/bold]\u202e"
    assert render.clean(raw) == "ared b c [bold]x[/bold]"
    text = render.literal("[bold red]x[/]")
    assert text.plain == "[bold red]x[/]" and not text.spans


def test_clean_single_line_folds_newlines() -> None:
    assert render.clean("a\r\nb\n\tc", single_line=True) == "a b c"


def test_dates_danish_and_english() -> None:
    moment = datetime(2026, 3, 12, 13, 5, tzinfo=UTC)  # 14:05 in Copenhagen
    assert formatting.fmt_datetime(moment) == "12.03.2026 14:05"
    assert formatting.fmt_date(date(2026, 3, 12)) == "12.03.2026"
    assert formatting.fmt_value("7.32") == "7,32"
    i18n.set_language("en")
    assert formatting.fmt_datetime(moment) == "2026-03-12 14:05"
    assert formatting.fmt_value("7,32") == "7.32"


def test_every_binding_has_an_id_and_ids_are_unique() -> None:
    ids = [c.id for c in keys.COMMANDS]
    assert len(ids) == len(set(ids))
    for scope in ("app", "search", "record", "consent", "help"):
        assert all(b.id for b in keys.bindings_for(scope))
    assert [c.keys for c in keys.commands_for("record") if c.tab] == [*keys.TAB_KEYS, *keys.EXTRA_TAB_KEYS.values()]


def test_key_label_follows_the_keymap() -> None:
    assert keys.key_label("record.break_glass") == "F6"
    assert keys.key_label("record.break_glass", {"record.break_glass": "ctrl+b"}) == "Ctrl+B"


def test_mouse_off_over_ssh_by_default() -> None:
    assert wants_mouse(Settings(), {}) is True
    assert wants_mouse(Settings(), {"SSH_CONNECTION": "1.2.3.4 1 5.6.7.8 22"}) is False
    assert wants_mouse(Settings(), {"SSH_TTY": "/dev/pts/1"}) is False
    assert wants_mouse(Settings(mouse="on"), {"SSH_TTY": "/dev/pts/1"}) is True
    assert wants_mouse(Settings(mouse="off"), {}) is False
