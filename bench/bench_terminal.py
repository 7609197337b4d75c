"""Bytes the app writes to its terminal: first paint, opening Poul, a tab switch, scrolling, idle.

Why: on a thin client the app's screen crosses the same weak link as the data (issue 6, "the
terminal is a link too"). We run the real CLI (`python -m sjtui`, embedded demo backend) in a
pseudo-terminal of 120x40 with TERM=xterm-256color, type like a user, and count what it
writes. A step ends when the output has been quiet for `--quiet` seconds (default 1 s). The
"ssh -C" column streams the output through zlib level 6 with a sync flush per chunk, which is
roughly what SSH compression does.

COLORTERM is not passed (ssh does not forward it by default); `--truecolor` sets it.

    PYTHONPATH=. python bench/bench_terminal.py [--app bare|minimal] [--truecolor]
    PYTHONPATH=. python bench/bench_terminal.py --first-paint-runs 5    # the start-up race
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import signal
import struct
import sys
import tempfile
import termios
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import POUL_CPR, PYTHON, REPO, bench_env, fmt_b, md_table

COLS, ROWS = 120, 40
ENTER, TAB, PGDN, ESC = "\r", "\t", "\x1b[6~", "\x1b"


@dataclass
class Step:
    label: str
    keys: list[str]  # sent one by one, `gap` apart
    gap: float = 0.15
    settle: float = 0.0  # extra wait before measuring quiet (e.g. network work)
    max_wait: float = 5.0  # a step also ends here (an app that blinks is never quiet)
    fixed: float | None = None  # measure exactly this long instead of until quiet
    first_output: bool = False  # start the quiet clock only once the app has written something


@dataclass
class StepResult:
    label: str
    raw: int
    compressed: int
    seconds: float


# The user's path through sjtui (keys as the UI defines them; see sjtui/ui/keys.py).
SJTUI_STEPS = [
    Step("first paint", [], max_wait=15.0, first_output=True),
    Step("find Poul (type CPR, Enter)", [*list(POUL_CPR), ENTER], gap=0.05),
    Step("consent + reason + open record", ["__consent__"], gap=0.05, settle=1.0, max_wait=30.0),
    Step("tab switch (3: labs)", ["3"]),
    Step("scroll labs (PageDown x5)", [PGDN] * 5, gap=0.3),
    Step("idle 10 s", [], fixed=10.0),
]
BARE_STEPS = [
    Step("first paint", [], first_output=True),
    Step("type 10 chars", list(POUL_CPR), gap=0.05),
    Step("focus table (Tab)", [TAB]),
    Step("scroll table (PageDown x5)", [PGDN] * 5, gap=0.3),
    Step("idle 10 s", [], fixed=10.0),
]
# Keys for the consent screen (sjtui/ui/screens/consent.py): Enter takes the highlighted basis
# and moves to the reason field, the reason is typed, Enter submits.
DEFAULT_CONSENT_KEYS = [ENTER, *"Hjemmebesøg, KOL", ENTER]


class PtyApp:
    """A child process on a pty; we read everything it writes and count it."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        pid, fd = pty.fork()
        if pid == 0:  # child
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
                os.execvpe(argv[0], argv, env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        self.total = 0
        self._z = zlib.compressobj(6)
        self.compressed = 0
        self.tail = b""

    def _read(self, timeout: float) -> int:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return 0
        try:
            data = os.read(self.fd, 65536)
        except OSError:
            raise EOFError from None
        if not data:
            raise EOFError
        self.total += len(data)
        self.compressed += len(self._z.compress(data)) + len(self._z.flush(zlib.Z_SYNC_FLUSH))
        self.tail = (self.tail + data)[-4000:]
        return len(data)

    def wait_first_output(self, max_wait: float) -> None:
        end = time.monotonic() + max_wait
        while time.monotonic() < end:
            if self._read(0.05):
                return

    def drain_until_quiet(self, quiet: float, max_wait: float) -> None:
        start = last = time.monotonic()
        while time.monotonic() - start < max_wait:
            if self._read(0.05):
                last = time.monotonic()
            elif time.monotonic() - last >= quiet:
                return

    def drain_for(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            self._read(min(left, 0.2))

    def send(self, text: str) -> None:
        os.write(self.fd, text.encode())

    def stop(self) -> None:
        try:
            self.send("\x11")  # ctrl+q
            self.drain_for(1.0)
        except (OSError, EOFError):
            pass
        try:
            os.kill(self.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        for _ in range(50):
            try:
                done, _ = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:
                break
            if done:
                break
            time.sleep(0.1)
        else:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        os.close(self.fd)


def run_steps(app: PtyApp, steps: list[Step], quiet: float, consent_keys: list[str]) -> list[StepResult]:
    results = []
    for step in steps:
        raw0, z0, t0 = app.total, app.compressed, time.monotonic()
        if step.first_output:
            app.wait_first_output(60.0)
        keys = consent_keys if step.keys == ["__consent__"] else step.keys
        for key in keys:
            if key == "__wait_quiet__":
                app.drain_until_quiet(quiet, step.max_wait)
                continue
            app.send(key)
            app.drain_for(step.gap)
        if step.settle:
            app.drain_for(step.settle)
        if step.fixed is not None:
            app.drain_for(step.fixed)
        else:
            app.drain_until_quiet(quiet, step.max_wait)
        results.append(StepResult(step.label, app.total - raw0, app.compressed - z0, time.monotonic() - t0))
    return results


def measure(
    app_name: str, *, truecolor: bool, quiet: float, consent_keys: list[str], steps_override: list[Step] | None = None
) -> list[StepResult]:
    with tempfile.TemporaryDirectory(prefix="sjtui-term-") as home:
        env = bench_env(
            TERM="xterm-256color",
            SJTUI_HOME=home,
            SJTUI_PASSPHRASE="bench-passphrase",
            LANG=os.environ.get("LANG", "C.UTF-8"),
            COLUMNS=str(COLS),
            LINES=str(ROWS),
        )
        env.pop("COLORTERM", None)
        env.pop("NO_COLOR", None)
        env.pop("TEXTUAL_ANIMATIONS", None)  # measure the app's own defaults
        if truecolor:
            env["COLORTERM"] = "truecolor"
        if app_name in ("bare", "minimal"):
            argv, steps = [PYTHON, str(REPO / "bench" / f"{app_name}_app.py")], BARE_STEPS
        else:
            argv, steps = [PYTHON, "-m", "sjtui"], SJTUI_STEPS
        app = PtyApp(argv, env)
        try:
            return run_steps(app, steps_override or steps, quiet, consent_keys)
        except EOFError:
            tail = app.tail.decode("utf-8", "replace")[-600:]
            raise SystemExit(f"bench_terminal: the app exited early; last output:\n{tail}") from None
        finally:
            if os.environ.get("BENCH_TERMINAL_DUMP"):
                Path(os.environ["BENCH_TERMINAL_DUMP"]).write_bytes(app.tail)
            app.stop()


def report(app_name: str, results: list[StepResult], truecolor: bool) -> str:
    rows = []
    for r in results:
        rate = f"{r.raw / r.seconds:.0f} B/s" if r.label.startswith("idle") else ""
        rows.append([r.label, fmt_b(r.raw), fmt_b(r.compressed), f"{r.seconds:.1f} s", rate])
    colour = "truecolor" if truecolor else "256 colours"
    title = f"### Terminal output: {app_name} at {COLS}x{ROWS}, xterm-256color, {colour}"
    return "\n".join([title, "", md_table(["step", "bytes written", "≈ ssh -C", "duration", "rate"], rows)])


def first_paints(app_name: str, runs: int, *, truecolor: bool, quiet: float) -> str:
    """The first paint, `runs` fresh starts: what the terminal receives until the app is quiet
    (so a second frame after the services come up counts too). Start-up races (whether the
    status bar's data is there for the first frame) show as a spread; every run is listed."""
    steps = SJTUI_STEPS if app_name == "sjtui" else BARE_STEPS
    sizes = []
    for _ in range(runs):
        [result] = measure(
            app_name, truecolor=truecolor, quiet=quiet, consent_keys=DEFAULT_CONSENT_KEYS, steps_override=steps[:1]
        )
        sizes.append(result.raw)
    listed = ", ".join(fmt_b(n) for n in sizes)
    return (
        f"First paint of {app_name}, {runs} fresh starts (until {quiet:g} s quiet): {listed}; "
        f"max {fmt_b(max(sizes))}, min {fmt_b(min(sizes))}."
    )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Count the bytes the app writes to a 120x40 pty.")
    p.add_argument("--app", choices=["sjtui", "bare", "minimal"], default="sjtui")
    p.add_argument("--truecolor", action="store_true")
    p.add_argument("--quiet", type=float, default=1.0, help="seconds of silence that end a step")
    p.add_argument(
        "--first-paint-runs",
        type=int,
        default=0,
        help="only the first paint, this many fresh starts (the start-up race's spread)",
    )
    args = p.parse_args(argv)
    if args.first_paint_runs:
        print(first_paints(args.app, args.first_paint_runs, truecolor=args.truecolor, quiet=args.quiet))
        return 0
    results = measure(args.app, truecolor=args.truecolor, quiet=args.quiet, consent_keys=DEFAULT_CONSENT_KEYS)
    print(report(args.app, results, args.truecolor))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
