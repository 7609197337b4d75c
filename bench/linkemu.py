"""A weak-link emulator: a TCP proxy on loopback with latency and bandwidth per direction.

Why: this VM's kernel has no netem (see research/lowbw-crypto-anchors.md §4), and a benchmark
must run anywhere without root. The model, deliberately simple and stated so figures can be
judged:
- each direction is one serial link with a bandwidth shared by ALL connections of that
  direction, scheduled in units of 1,460 bytes (a TCP segment), round-robin between
  connections (a fair queue; a whole response cannot starve a small one);
- a unit arrives `rtt/2` after its last byte left (one-way delay);
- a new connection pays one extra RTT before its first byte goes up (the TCP handshake);
- no loss, no jitter, no slow start, no header overhead (the counters are payload bytes).

Command line:
    python bench/linkemu.py --listen 127.0.0.1:9001 --target 127.0.0.1:8080 --profile edge
    python bench/linkemu.py --listen 127.0.0.1:9001 --target 127.0.0.1:8080 --rtt 600 --down 64 --up 32

Library:
    async with LinkEmulator("127.0.0.1", 8080, "edge") as emu:
        url = f"http://127.0.0.1:{emu.port}/fhir"
        ...
        emu.counters()  # bytes relayed each way = bytes on the wire

    with LinkEmulatorThread("127.0.0.1", 8080, "edge") as emu:  # own loop in a thread, so
        ...                                                    # client CPU does not stall it

Bounded by design: listens and connects on loopback only, and stops cleanly.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import ipaddress
import signal
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.profiles import PROFILES, LinkProfile, get_profile

__all__ = ["UNIT", "LinkCounters", "LinkEmulator", "LinkEmulatorThread", "NotLoopback"]

UNIT = 1460  # bytes scheduled at a time (one TCP segment's payload)
READ_SIZE = 65536
_EOF = object()


class NotLoopback(ValueError):
    """The emulator only relays between loopback addresses (it is a bench tool, not a proxy)."""


def _require_loopback(host: str) -> None:
    if host == "localhost":
        return
    try:
        if ipaddress.ip_address(host).is_loopback:
            return
    except ValueError:
        pass
    raise NotLoopback(f"{host!r} is not a loopback address")


@dataclass(frozen=True, slots=True)
class LinkCounters:
    """Bytes delivered through the link, each way, and connections accepted."""

    up_bytes: int
    down_bytes: int
    connections: int

    def __sub__(self, other: LinkCounters) -> LinkCounters:
        return LinkCounters(
            self.up_bytes - other.up_bytes,
            self.down_bytes - other.down_bytes,
            self.connections - other.connections,
        )

    @property
    def total(self) -> int:
        return self.up_bytes + self.down_bytes


class _Channel:
    """One direction of one connection: units waiting for the link, then for delivery."""

    def __init__(self, writer: asyncio.StreamWriter) -> None:
        self.writer = writer
        self.pending: collections.deque[object] = collections.deque()  # bytes or _EOF
        self.deliveries: asyncio.Queue[tuple[float, object]] = asyncio.Queue()
        self.last_at = 0.0


class _Link:
    """One direction of the emulated link, shared by every connection."""

    def __init__(self, bytes_per_s: float | None, delay_s: float) -> None:
        self.rate = bytes_per_s
        self.delay = delay_s
        self.bytes = 0
        self._ready: collections.OrderedDict[int, _Channel] = collections.OrderedDict()
        self._wakeup = asyncio.Event()
        self._free_at = 0.0
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self.rate is not None:
            self._task = asyncio.get_running_loop().create_task(self._serialise())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    def submit(self, channel: _Channel, data: object) -> None:
        """Queue bytes (or the end-of-stream marker) for the link."""
        loop = asyncio.get_running_loop()
        if self.rate is None:  # unshaped: only the one-way delay
            at = max(loop.time() + self.delay, channel.last_at)
            channel.last_at = at
            channel.deliveries.put_nowait((at, data))
            return
        if data is _EOF:
            channel.pending.append(_EOF)
        else:
            assert isinstance(data, bytes)
            for i in range(0, len(data), UNIT):
                channel.pending.append(data[i : i + UNIT])
        self._ready[id(channel)] = channel
        self._wakeup.set()

    def _next(self) -> _Channel | None:
        while self._ready:
            key, channel = next(iter(self._ready.items()))
            del self._ready[key]
            if channel.pending:
                if len(channel.pending) > 1:
                    self._ready[key] = channel  # round-robin: back of the line
                return channel
        return None

    async def _serialise(self) -> None:
        loop = asyncio.get_running_loop()
        assert self.rate is not None
        while True:
            channel = self._next()
            if channel is None:
                self._wakeup.clear()
                await self._wakeup.wait()
                continue
            unit = channel.pending.popleft()
            now = loop.time()
            # A busy link continues from where it was (timer lateness is not lost time).
            start = self._free_at if self._free_at > now - 0.01 else now
            size = 0 if unit is _EOF else len(unit)
            self._free_at = start + size / self.rate
            at = max(self._free_at + self.delay, channel.last_at)
            channel.last_at = at
            channel.deliveries.put_nowait((at, unit))
            wait = self._free_at - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)


class LinkEmulator:
    """The proxy. Use as `async with`; `port` is the local port to connect to."""

    def __init__(
        self,
        target_host: str,
        target_port: int,
        profile: LinkProfile | str = "lan",
        *,
        listen_host: str = "127.0.0.1",
        listen_port: int = 0,
    ) -> None:
        _require_loopback(target_host)
        _require_loopback(listen_host)
        self.profile = get_profile(profile) if isinstance(profile, str) else profile
        self.target = (target_host, target_port)
        self._listen = (listen_host, listen_port)
        self._server: asyncio.base_events.Server | None = None
        self._up: _Link | None = None
        self._down: _Link | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._writers: set[asyncio.StreamWriter] = set()
        self._connections = 0
        self.port = 0

    # --- lifecycle ---------------------------------------------------------------------

    async def start(self) -> LinkEmulator:
        p = self.profile
        self._up = _Link(p.up_bytes_per_s, p.one_way_s)
        self._down = _Link(p.down_bytes_per_s, p.one_way_s)
        self._up.start()
        self._down.start()
        self._server = await asyncio.start_server(self._accept, *self._listen)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def aclose(self) -> None:
        if self._server is not None:
            self._server.close()
        for writer in list(self._writers):
            writer.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        for link in (self._up, self._down):
            if link is not None:
                await link.stop()
        if self._server is not None:
            try:
                await asyncio.wait_for(self._server.wait_closed(), timeout=2)
            except Exception:  # noqa: BLE001, S110 - stopping anyway
                pass
            self._server = None

    async def __aenter__(self) -> LinkEmulator:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # --- counters ------------------------------------------------------------------------

    def counters(self) -> LinkCounters:
        return LinkCounters(
            up_bytes=self._up.bytes if self._up else 0,
            down_bytes=self._down.bytes if self._down else 0,
            connections=self._connections,
        )

    # --- relaying ------------------------------------------------------------------------

    def _spawn(self, coro) -> asyncio.Task[None]:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _accept(self, c_reader: asyncio.StreamReader, c_writer: asyncio.StreamWriter) -> None:
        self._connections += 1
        loop = asyncio.get_running_loop()
        accepted = loop.time()
        try:
            s_reader, s_writer = await asyncio.open_connection(*self.target)
        except OSError:
            c_writer.close()
            return
        self._writers.update((c_writer, s_writer))
        assert self._up is not None and self._down is not None
        up, down = _Channel(s_writer), _Channel(c_writer)
        handshake_done = accepted + self.profile.rtt_ms / 1000.0
        tasks = [
            self._spawn(self._pump(c_reader, up, self._up, not_before=handshake_done)),
            self._spawn(self._pump(s_reader, down, self._down, not_before=0.0)),
            self._spawn(self._deliver(up, self._up)),
            self._spawn(self._deliver(down, self._down)),
        ]
        try:
            await asyncio.gather(*tasks[2:])  # both directions delivered their end
        except (Exception, asyncio.CancelledError):  # noqa: BLE001, S110 - reset or emulator stopping
            pass
        finally:
            for task in tasks:
                task.cancel()
            for writer in (c_writer, s_writer):
                writer.close()
                self._writers.discard(writer)

    async def _pump(self, reader: asyncio.StreamReader, channel: _Channel, link: _Link, *, not_before: float) -> None:
        """Read from one side and hand the bytes to the link (holding until `not_before`)."""
        loop = asyncio.get_running_loop()
        first = True
        while True:
            try:
                data = await reader.read(READ_SIZE)
            except (ConnectionError, OSError):
                data = b""
            if first and data:
                first = False
                wait = not_before - loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
            if not data:
                link.submit(channel, _EOF)
                return
            link.submit(channel, data)

    async def _deliver(self, channel: _Channel, link: _Link) -> None:
        """Write units to the other side when they arrive; end with a half-close."""
        loop = asyncio.get_running_loop()
        writer = channel.writer
        while True:
            at, data = await channel.deliveries.get()
            wait = at - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            if data is _EOF:
                try:
                    if writer.can_write_eof():
                        writer.write_eof()
                except (ConnectionError, OSError):
                    pass
                return
            assert isinstance(data, bytes)
            link.bytes += len(data)
            writer.write(data)
            if channel.deliveries.empty():
                await writer.drain()


class LinkEmulatorThread:
    """The emulator on its own event loop in a daemon thread.

    Why: a benchmarked client that parses a large JSON body holds its loop for a while; the
    emulated network must keep moving meanwhile, as a real one would.
    """

    def __init__(self, target_host: str, target_port: int, profile: LinkProfile | str = "lan") -> None:
        self._emu = LinkEmulator(target_host, target_port, profile)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="linkemu", daemon=True)
        self.profile = self._emu.profile

    @property
    def port(self) -> int:
        return self._emu.port

    def counters(self) -> LinkCounters:
        return self._emu.counters()

    def start(self) -> LinkEmulatorThread:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._emu.start(), self._loop).result(timeout=10)
        return self

    def stop(self) -> None:
        if not self._thread.is_alive():
            return
        try:
            asyncio.run_coroutine_threadsafe(self._emu.aclose(), self._loop).result(timeout=10)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)
            self._loop.close()

    def __enter__(self) -> LinkEmulatorThread:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


# --- command line ----------------------------------------------------------------------


def _hostport(text: str) -> tuple[str, int]:
    host, sep, port = text.rpartition(":")
    if not sep or not port.isdigit():
        raise argparse.ArgumentTypeError(f"expected HOST:PORT, got {text!r}")
    return host.strip("[]") or "127.0.0.1", int(port)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description="Loopback TCP proxy emulating a weak link.")
    p.add_argument("--listen", type=_hostport, default=("127.0.0.1", 9001), help="HOST:PORT")
    p.add_argument("--target", type=_hostport, required=True, help="HOST:PORT of the server")
    p.add_argument("--profile", choices=sorted(PROFILES), help="a named profile")
    p.add_argument("--rtt", type=float, help="round-trip time in ms")
    p.add_argument("--down", type=float, help="downlink kbit/s (server -> client)")
    p.add_argument("--up", type=float, help="uplink kbit/s (client -> server)")
    return p


def profile_from_args(args: argparse.Namespace) -> LinkProfile:
    base = get_profile(args.profile) if args.profile else PROFILES["lan"]
    custom = any(v is not None for v in (args.rtt, args.down, args.up))
    return LinkProfile(
        name=base.name if not custom else "custom",
        rtt_ms=args.rtt if args.rtt is not None else base.rtt_ms,
        down_kbps=args.down if args.down is not None else base.down_kbps,
        up_kbps=args.up if args.up is not None else base.up_kbps,
    )


async def _serve(args: argparse.Namespace) -> None:
    profile = profile_from_args(args)
    emu = LinkEmulator(*args.target, profile, listen_host=args.listen[0], listen_port=args.listen[1])
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with emu:
        print(
            f"linkemu: 127.0.0.1:{emu.port} -> {args.target[0]}:{args.target[1]} ({profile.describe()})",
            flush=True,
        )
        await stop.wait()
        c = emu.counters()
    print(f"linkemu: relayed {c.down_bytes} B down, {c.up_bytes} B up, {c.connections} connections")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        asyncio.run(_serve(args))
    except NotLoopback as exc:
        print(f"linkemu: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
