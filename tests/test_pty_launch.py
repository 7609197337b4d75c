"""`sjtui launch --iss URL --launch TOKEN` in a real pseudo-terminal: the care system made a
launch context for Poul; the clinician signs in at the printed address (authorization code with
PKCE, loopback redirect); the app opens the consent window for Poul. No CPR on the command line."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest

from auth_helpers import PtyScreen, demo_server_process, spawn_sjtui

pexpect = pytest.importorskip("pexpect")
pytestmark = pytest.mark.pty
AUTHORIZE = re.compile(r"(http://127\.0\.0\.1:\d+/auth/authorize\?\S+)")


def test_ehr_launch_opens_the_consent_window_for_the_launch_citizen(tmp_path: Path) -> None:
    with demo_server_process(tmp_path) as base:
        launch = httpx.post(f"{base}/auth/demo/launch", data={"patient": "poul"}, timeout=10).json()["launch"]
        child = spawn_sjtui(tmp_path, ["launch", "--iss", base, "--launch", launch])
        screen = PtyScreen(child)
        try:
            url = screen.wait_for(AUTHORIZE)
            query = dict(parse_qsl(urlsplit(url).query))
            assert query["code_challenge_method"] == "S256" and query["launch"] == launch
            with httpx.Client(timeout=10) as browser:  # what the clinician's browser does
                assert browser.get(url).status_code == 200
                answer = browser.post(f"{base}/auth/authorize", data={**query, "user": "akut01"})
                assert answer.status_code == 302
                callback = answer.headers["location"]
                assert callback.startswith(query["redirect_uri"])
                assert browser.get(callback).status_code == 200
            screen.wait_for("Adgang til journal")
            screen.wait_for("Poul Erik Madsen")
            screen.wait_for("Sygeplejerske Mads Brink")
            assert not any("120354" in str(arg) for arg in child.args)
            child.send("\x1b")  # cancel the consent: nothing is fetched
            child.send("\x11")  # ctrl+q
            child.expect(pexpect.EOF, timeout=20)
        finally:
            if child.isalive():
                child.terminate(force=True)
