"""Smoke test of bench/reliability.py: it runs end to end on a few cases and makes its table
(the figures themselves are a benchmark, not a test)."""

from __future__ import annotations

from bench import reliability


def test_the_reliability_bench_runs_on_a_few_cases(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("SJTUI_HOME", str(tmp_path))
    monkeypatch.setattr(reliability, "SERVER_FAULTS", ["status=500,n=1", "status=401"])
    monkeypatch.setattr(reliability, "LOCAL_CASES", ["full disk"])
    table = reliability.run(quick=True, kills=2)
    rows = {line.split(" | ")[0].strip("| "): line for line in table.splitlines() if line.startswith("| ")}
    assert rows["server: `status=500,n=1`"].endswith("| 1 | 1 | 0 | 0 | 0 | 0 | 0 |")  # shown
    assert rows["server: `status=401`"].endswith("| 1 | 0 | 0 | 1 | 0 | 0 | 0 |")  # clear error
    assert rows["local: full disk"].endswith("| 1 | 0 | 0 | 1 | 0 | 0 | 0 |")
    assert any(key.startswith("local: SIGKILL audit writers") for key in rows)
    assert "Openings not audited: 0." in table
