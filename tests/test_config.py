import pytest

from sjtui.config import ConfigError, load_settings, resolve_lang


def test_defaults_without_a_file(tmp_path) -> None:
    s = load_settings(tmp_path / "missing.toml")
    assert s.server is None and s.idle_lock_minutes == 5 and s.cache_ttl_hours == 72


def test_file_then_flags(tmp_path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('lang = "en"\ntheme = "high-contrast"\n[keymap]\n"tab.labs" = "f3"\n', encoding="utf-8")
    s = load_settings(path, lang="da")
    assert s.lang == "da" and s.theme == "high-contrast" and s.keymap == {"tab.labs": "f3"}


def test_invalid_setting_names_the_setting(tmp_path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('idle_lock_minutes = "soon"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="idle_lock_minutes"):
        load_settings(path)


def test_language_from_locale(monkeypatch, tmp_path) -> None:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert resolve_lang(load_settings(tmp_path / "x.toml")) == "en"
    monkeypatch.setenv("LANG", "da_DK.UTF-8")
    assert resolve_lang(load_settings(tmp_path / "x.toml")) == "da"
