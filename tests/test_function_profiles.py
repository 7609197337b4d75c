"""Function profiles from the config: `role`, `tab_order`, `[filters]`, in the file and in
`[profiles.NAME]`; invalid values reported in plain words (issue #13)."""

from __future__ import annotations

import pytest

from sjtui.config import ConfigError, load_settings
from sjtui.function_profiles import TAB_IDS, DefaultFilter, function_profile
from sjtui.ui.keys import TAB_PANES
from sjtui.ui.tab_order import keymap_for, tab_keys, tab_plan


def _load(tmp_path, text: str):
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return load_settings(path)


def test_the_tab_ids_are_the_record_screens_tabs() -> None:
    assert tuple(p.value for p in TAB_PANES) == TAB_IDS


def test_role_tab_order_and_filters_are_read(tmp_path) -> None:
    settings = _load(
        tmp_path,
        'role = "home-care"\ntab_order = ["overview", "notes"]\n[filters]\nnotes = { text = " Sygeplejenotat " }\n',
    )
    assert settings.role == "home-care"
    profile = function_profile(settings.role, settings.tab_order, settings.filters)
    assert profile.tab_order[:3] == ("overview", "notes", "labs") and len(profile.tab_order) == len(TAB_IDS)
    assert profile.filters == {"notes": DefaultFilter(text="Sygeplejenotat")}  # config over the preset


def test_a_profiles_role_applies_when_that_profile_is_chosen(tmp_path) -> None:
    text = 'role = "acute"\nprofile = "r"\n[profiles.r]\nserver = "https://x.example/r4"\nrole = "addiction"\n'
    assert _load(tmp_path, text).role == "addiction"
    assert _load(tmp_path, text.replace('profile = "r"\n', "")).role == "acute"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('role = "nurse"', "invalid setting 'role': must be one of 'acute', 'home-care', 'addiction'"),
        ('tab_order = ["overview", "cave"]', "invalid setting 'tab_order': no tab named 'cave'"),
        ('tab_order = ["notes", "notes"]', "a tab is named twice"),
        ("tab_order = 3", "must be a list of tab names"),
        ("[filters]\nhome = { days = 31 }", "invalid setting 'filters.home.days': must be one of 30, 90, 365"),
        ("[filters]\nhome = { weeks = 4 }", "invalid setting 'filters.home.weeks': unknown setting"),
        ("[filters]\noverview = { days = 30 }", "no tab with a filter line named 'overview'"),
        ('[profiles.r]\nserver = "https://x.example"\nrole = "akut"', "invalid setting 'profiles.r.role'"),
    ],
)
def test_invalid_settings_are_reported_in_plain_words(tmp_path, text, words) -> None:
    with pytest.raises(ConfigError) as caught:
        _load(tmp_path, text + "\n")
    assert words in str(caught.value)


def test_presets_and_the_identitys_role() -> None:
    assert function_profile(None).tab_order == TAB_IDS and not function_profile(None).filters
    acute = function_profile("acute")
    assert acute.tab_order[:3] == ("overview", "medication", "labs") and acute.filters["labs"].days == 30
    assert function_profile(None, identity_roles=["clinician", "home-care"]).role == "home-care"
    assert function_profile("acute", identity_roles=["home-care"]).role == "acute"  # config wins


def test_digit_keys_follow_the_shown_order_and_the_users_keymap_wins() -> None:
    class S:
        role = "home-care"
        tab_order: list[str] = []
        filters: dict = {}

    plan = tab_plan(S())
    keys = tab_keys(plan.order)
    assert keys["tab.overview"] == "1" and keys["tab.home"] == "2" and keys["tab.medication"] == "3"
    assert keys[f"tab.{plan.order[10].value}"] == "ctrl+t"
    mine = keymap_for(plan.order, {"tab.labs": "f5", "app.lock": "2"})
    assert mine["tab.labs"] == "f5" and "tab.home" not in mine  # "2" is the user's lock key
