"""EHR launch (authorization code + PKCE, loopback redirect) against the in-process demo
authorisation server: the patient context arrives; a redirect with a foreign state is refused."""

from __future__ import annotations

import asyncio
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest

from sjtui.auth.launch import ehr_launch
from sjtui.auth.models import AuthError
from sjtui.demo import create_app
from sjtui.demo.auth import AuthServer

BASE = "http://demo.test"


async def _run(tamper_state: bool) -> object:
    app = create_app(auth=AuthServer())
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE) as http:
        launch = (await http.post("/auth/demo/launch", data={"patient": "poul"})).json()["launch"]
        announced: asyncio.Queue[str] = asyncio.Queue()
        task = asyncio.create_task(ehr_launch(http, BASE, launch, announce=announced.put_nowait))
        url = await announced.get()
        query = dict(parse_qsl(urlsplit(url).query))
        answer = await http.post("/auth/authorize", data={**query, "user": "hjemmesyg01"})
        callback = answer.headers["location"]
        if tamper_state:
            callback = callback.replace(f"state={query['state']}", "state=forged")
        async with httpx.AsyncClient() as browser:  # the real loopback socket
            await browser.get(callback)
        return await task


async def test_launch_gives_the_patient_context_and_an_id_token() -> None:
    result = await _run(tamper_state=False)
    assert result.patient == "poul"
    assert "id_token" in result.body


async def test_a_redirect_with_a_foreign_state_is_refused() -> None:
    with pytest.raises(AuthError):
        await _run(tamper_state=True)
