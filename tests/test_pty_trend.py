"""End to end in a real pseudo-terminal: open Poul, find FEV1 in his labs, press the trend
key and see the plot with the fixture's values (latest 0,81 l, highest 1,28 l)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pty_helpers import CTRL_Q, DOWN, F7, Screen, command, environment

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.pty


def test_trend_of_fev1_in_a_real_terminal(tmp_path: Path) -> None:
    program, args = command()
    child = pexpect.spawn(
        program,
        args,
        env=environment(tmp_path),
        dimensions=(40, 120),
        encoding="utf-8",
        codec_errors="replace",
        cwd=str(tmp_path),
    )
    screen = Screen(child)
    try:
        screen.wait_for("Find borger")
        child.send("1203541237")
        child.send("\r")
        screen.wait_for("Adgang til journal")
        child.send("\r")
        screen.wait_for("Begrundelse")
        child.send("Hjemmebesøg, KOL")
        child.send("\r")
        screen.wait_for("Data pr.")
        child.send("3")  # the labs tab
        screen.wait_for("Referenceinterval")
        child.send(F7)  # search the record for FEV1: it sits inside the spirometry panels
        screen.wait_for("Søg i journalen")
        child.send("fev1")
        child.send("\r")
        screen.wait_for("fund (nyeste først)")
        # Newest first: the outpatient note of 05.10.2026 11:20, then the spirometry of 10:20.
        screen.mark()
        child.send(DOWN)
        child.send("\r")
        screen.wait_for("Analyse: Spirometri")  # the labs list, its cursor on the hit
        child.send("t")
        screen.wait_for("Udvikling: FEV1 (l)")
        screen.wait_for("Seneste: 0,81 l")
        screen.wait_for("højeste 1,28 (20.04.2020)")
        screen.wait_for("●")
        screen.wait_for("18.02.2019")
        child.send("\x1b")
        child.send(CTRL_Q)
        child.expect(pexpect.EOF, timeout=20)
    finally:
        if child.isalive():
            child.terminate(force=True)
