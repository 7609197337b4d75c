"""`sjtui config init/show`, named server profiles, and settings errors that name the key."""

from __future__ import annotations

import stat
import tomllib

import pytest

from sjtui.cli import main
from sjtui.config import DOCS, ConfigError, Settings, load_settings, load_settings_with_sources
from sjtui.config_profiles import PROFILE_DOCS

PROFILES = """
profile = "region"

[profiles.region]
server = "https://fhir.region.example/r4"
auth = "device"
client_id = "sjtui"

[profiles.test]
server = "http://127.0.0.1:8080"
"""


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("SJTUI_HOME", str(tmp_path))
    for var in ("SJTUI_CONFIG", "SJTUI_SERVER", "SJTUI_LANG", "SJTUI_PROFILE", "SJTUI_CA_BUNDLE"):
        monkeypatch.delenv(var, raising=False)
    return tmp_path


def test_init_writes_a_commented_owner_only_file_with_every_setting(home, capsys) -> None:
    assert main(["config", "init"]) == 0
    path = home / "config" / "config.toml"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text(encoding="utf-8")
    assert tomllib.loads(text) == {}  # all commented out: the defaults apply
    for name in DOCS:
        assert f"# {name}" in text, name
    for name in PROFILE_DOCS:
        assert f"# {name} = " in text, name
    assert "# idle_lock_minutes = 5.0" in text and "# cache_ttl_hours = 72.0" in text


def test_uncommented_defaults_read_back_as_the_defaults(home) -> None:
    main(["config", "init"])
    path = home / "config" / "config.toml"
    defaults = Settings()
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        name = line[2:].split(" = ")[0] if line.startswith("# ") and " = " in line else ""
        if name in DOCS and getattr(defaults, name) is not None and name not in ("keymap", "clinician"):
            lines.append(line[2:])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    settings, sources = load_settings_with_sources(path)
    assert settings == defaults
    assert sources["theme"] == "file" and sources["server"] == "default"


def test_init_never_overwrites_without_force(home, capsys) -> None:
    path = home / "config" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('lang = "en"\n', encoding="utf-8")
    path.chmod(0o644)
    assert main(["config", "init"]) == 1
    assert "--force" in capsys.readouterr().out
    assert path.read_text(encoding="utf-8") == 'lang = "en"\n'
    assert main(["config", "init", "--force"]) == 0
    assert "# server" in path.read_text(encoding="utf-8")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_show_says_where_each_value_came_from(home, capsys, monkeypatch) -> None:
    path = home / "config" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    # Top-level keys before the first table (a TOML table runs to the next one).
    path.write_text(
        'theme = "high-contrast"\npassphrase_command = "secret-tool lookup x"\n' + PROFILES, encoding="utf-8"
    )
    monkeypatch.setenv("SJTUI_LANG", "en")
    assert main(["--server", "https://other.example/fhir", "config", "show"]) == 0
    out = capsys.readouterr().out
    assert "theme = 'high-contrast'    [file]" in out
    assert "lang = 'en'    [env SJTUI_LANG]" in out
    assert "server = 'https://other.example/fhir'    [flag]" in out
    assert "profile = 'region'    [file]" in out
    assert "idle_lock_minutes = 5.0    [default]" in out
    assert "passphrase_command = '(set)'" in out and "secret-tool" not in out
    assert "auth = device, client_id = sjtui" in out


def test_profile_gives_server_and_auth_and_flag_chooses(home) -> None:
    path = home / "config.toml"
    path.write_text(PROFILES, encoding="utf-8")
    settings, sources = load_settings_with_sources(path)
    assert settings.server == "https://fhir.region.example/r4" and sources["server"] == "profile region"
    assert (settings.auth.name, settings.auth.auth, settings.auth.client_id) == ("region", "device", "sjtui")
    chosen = load_settings(path, profile="test")
    assert chosen.server == "http://127.0.0.1:8080" and chosen.auth.auth == "none"
    assert load_settings(path, profile="test", server="https://x.example").server == "https://x.example"


def test_profile_from_the_environment(home, monkeypatch) -> None:
    path = home / "config.toml"
    path.write_text(PROFILES, encoding="utf-8")
    monkeypatch.setenv("SJTUI_PROFILE", "test")
    settings, sources = load_settings_with_sources(path)
    assert settings.profile == "test" and sources["profile"] == "env SJTUI_PROFILE"


def test_no_profile_means_no_sign_in(home) -> None:
    settings = load_settings(home / "missing.toml", server="https://fhir.example")
    assert settings.auth.auth == "none" and settings.auth.server == "https://fhir.example"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('profile = "nowhere"\n', "'profile': no profile named 'nowhere'"),
        ('[profiles.a]\nauth = "password"\n', "'profiles.a.auth': must be one of"),
        ('[profiles.a]\nauth = "device"\n', "'profiles.a.client_id': needed for auth = 'device'"),
        ('[profiles.a]\nauth = "backend"\nclient_id = "c"\n', "'profiles.a.private_key_file'"),
        ('[profiles.a]\nsurver = "https://x"\n', "'profiles.a.surver': unknown setting"),
        ("[profiles.a]\nserver = 3\n", "'profiles.a.server': must be text"),
        (
            'profile = "a"\n[profiles.a]\nserver = "http://fhir.example"\n',
            "'profiles.a.server': must start with https://",
        ),
        ('server = "http://fhir.example"\n', "'server': must start with https://"),
        ('ca_bundle = "/nonexistent/ca.pem"\n', "'ca_bundle': no such file"),
        ('profile = "a"\n[profiles.a]\nca_bundle = "/nonexistent/ca.pem"\n', "'profiles.a.ca_bundle': no such file"),
        ("profiles = 3\n", "'profiles': must be a table"),
    ],
)
def test_invalid_settings_name_the_key_and_the_problem(home, text, key) -> None:
    path = home / "config.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    assert key in str(caught.value)


def test_cli_reports_a_bad_profile_in_one_line(home, capsys) -> None:
    assert main(["--profile", "nowhere", "config", "show"]) == 2
    out = capsys.readouterr().out
    assert "no profile named 'nowhere'" in out and "Traceback" not in out
