"""`sjtui login` / `sjtui logout` against `sjtui demo-server --auth` on a port (subprocesses):
the device code is shown, the user approves on the "phone", the tokens land sealed."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from auth_helpers import USER_CODE, approve_on_port, child_env, demo_server_process, write_config


def test_login_with_the_device_flow_then_logout(tmp_path: Path) -> None:
    with demo_server_process(tmp_path) as base:
        env = child_env(tmp_path)
        env["SJTUI_CONFIG"] = str(write_config(tmp_path, base))
        env["COLUMNS"] = "200"
        env["LINES"] = "80"
        login = subprocess.Popen(
            [sys.executable, "-m", "sjtui", "login"], env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        assert login.stdout is not None
        shown = ""
        deadline = time.monotonic() + 60
        while not USER_CODE.search(shown):
            line = login.stdout.readline()
            assert line and time.monotonic() < deadline, shown + (login.stderr.read() if login.stderr else "")
            shown += line
        assert f"{base}/auth/verify" in shown
        approve_on_port(base, USER_CODE.search(shown).group(1), "akut01")
        out, err = login.communicate(timeout=60)
        assert login.returncode == 0, err
        assert "signed in: Sygeplejerske Mads Brink (Vejen Kommune, Akutteam (SOR 900000000007004))" in out
        tokens = tmp_path / "data" / "tokens.bin"
        stored = next(tmp_path.rglob("tokens.bin"))
        assert stored.stat().st_mode & 0o077 == 0
        assert b"eyJ" not in stored.read_bytes()  # no JWT in clear
        doctor = subprocess.run(
            [sys.executable, "-m", "sjtui", "doctor"], env=env, text=True, capture_output=True, timeout=120
        )
        assert "signed in as Sygeplejerske Mads Brink (akut01); access token expires in" in doctor.stdout
        assert "eyJ" not in doctor.stdout + doctor.stderr  # never a token
        out = subprocess.run(
            [sys.executable, "-m", "sjtui", "logout"], env=env, text=True, capture_output=True, timeout=60
        )
        assert out.returncode == 0 and "signed out" in out.stdout
        assert not stored.exists() and not tokens.exists()


def test_login_when_sign_in_is_off(tmp_path: Path) -> None:
    env = child_env(tmp_path)
    out = subprocess.run([sys.executable, "-m", "sjtui", "login"], env=env, text=True, capture_output=True, timeout=60)
    assert out.returncode == 2 and "sign-in is off" in out.stderr


def test_login_as_a_shared_workstation_with_backend_services(tmp_path: Path) -> None:
    import json

    from joserfc.jwk import ECKey

    key = ECKey.generate_key("P-384", parameters={"kid": "ws01"})
    private = tmp_path / "ws01.jwk"
    private.write_text(json.dumps(key.as_dict(private=True)))
    private.chmod(0o600)
    public = tmp_path / "ws01.pub.json"
    public.write_text(json.dumps({"keys": [key.as_dict(private=False)]}))
    with demo_server_process(tmp_path, "--workstation-key", str(public)) as base:
        env = child_env(tmp_path)
        config = tmp_path / "config.toml"
        config.write_text(
            f'profile = "ws"\n[clinician]\nuser_id = "akut01"\nname = "Sygeplejerske Mads Brink"\n'
            f'[profiles.ws]\nserver = "{base}"\nauth = "backend"\nclient_id = "sjtui-workstation"\n'
            f'private_key_file = "{private}"\n',
            encoding="utf-8",
        )
        env["SJTUI_CONFIG"] = str(config)
        out = subprocess.run(
            [sys.executable, "-m", "sjtui", "login"], env=env, text=True, capture_output=True, timeout=60
        )
        assert out.returncode == 0, out.stderr
        assert "identity asserted by this workstation: Sygeplejerske Mads Brink" in out.stdout
