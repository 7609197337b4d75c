"""The link emulator relays bytes intact and imposes its latency and bandwidth (roughly).

The benchmarks' figures rest on it, so it is tested like real code. Kept under ~5 s.
"""

from __future__ import annotations

import asyncio
import os
import time

import pytest

from bench.linkemu import LinkEmulator, LinkEmulatorThread, NotLoopback
from bench.profiles import LinkProfile


async def _start_echo_server(reply: bytes | None = None) -> tuple[asyncio.base_events.Server, int]:
    """A server that echoes what it gets, or answers `reply` after the first read."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            if reply is None:
                while data := await reader.read(65536):
                    writer.write(data)
                    await writer.drain()
            else:
                await reader.read(100)
                writer.write(reply)
                await writer.drain()
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1]


async def _roundtrip(port: int, payload: bytes) -> bytes:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(payload)
    await writer.drain()
    writer.write_eof()
    data = await reader.read()
    writer.close()
    return data


async def test_relays_bytes_intact_both_ways_and_counts_them() -> None:
    server, port = await _start_echo_server()
    payload = os.urandom(200_000)
    async with server, LinkEmulator("127.0.0.1", port, "lan") as emu:
        got = await asyncio.wait_for(_roundtrip(emu.port, payload), 10)
        assert got == payload
        c = emu.counters()
        assert c.up_bytes == len(payload)
        assert c.down_bytes == len(payload)
        assert c.connections == 1


async def test_bandwidth_20kb_at_160kbit_takes_about_a_second() -> None:
    body = os.urandom(20_000)
    server, port = await _start_echo_server(reply=body)
    profile = LinkProfile("t", rtt_ms=20, down_kbps=160, up_kbps=160)
    async with server, LinkEmulator("127.0.0.1", port, profile) as emu:
        t0 = time.perf_counter()
        got = await asyncio.wait_for(_roundtrip(emu.port, b"GET"), 10)
        elapsed = time.perf_counter() - t0
    assert got == body
    # 20,000 B * 8 / 160,000 bit/s = 1.0 s, plus 2 RTT (handshake + request) = 1.04 s.
    assert 0.95 <= elapsed <= 1.6, elapsed


async def test_latency_one_rtt_for_handshake_and_one_per_exchange() -> None:
    server, port = await _start_echo_server()
    profile = LinkProfile("t", rtt_ms=200, down_kbps=None, up_kbps=None)
    async with server, LinkEmulator("127.0.0.1", port, profile) as emu:
        reader, writer = await asyncio.open_connection("127.0.0.1", emu.port)
        t0 = time.perf_counter()
        writer.write(b"ping")
        assert await asyncio.wait_for(reader.readexactly(4), 5) == b"ping"
        cold = time.perf_counter() - t0
        t1 = time.perf_counter()
        writer.write(b"pong")
        assert await asyncio.wait_for(reader.readexactly(4), 5) == b"pong"
        warm = time.perf_counter() - t1
        writer.close()
    assert 0.38 <= cold <= 0.6, cold  # 2 RTT
    assert 0.19 <= warm <= 0.35, warm  # 1 RTT


async def test_bandwidth_is_shared_by_concurrent_connections() -> None:
    body = os.urandom(10_000)
    server, port = await _start_echo_server(reply=body)
    profile = LinkProfile("t", rtt_ms=10, down_kbps=320, up_kbps=320)
    async with server, LinkEmulator("127.0.0.1", port, profile) as emu:
        t0 = time.perf_counter()
        results = await asyncio.wait_for(asyncio.gather(*(_roundtrip(emu.port, b"GET") for _ in range(4))), 10)
        elapsed = time.perf_counter() - t0
    assert all(r == body for r in results)
    # 4 x 10,000 B at 40,000 B/s = 1.0 s if shared (0.25 s if each had its own link).
    assert 0.95 <= elapsed <= 1.6, elapsed


def test_refuses_non_loopback_targets() -> None:
    with pytest.raises(NotLoopback):
        LinkEmulator("192.0.2.1", 80, "lan")
    with pytest.raises(NotLoopback):
        LinkEmulator("example.org", 80, "lan")


def test_thread_variant_relays_and_stops() -> None:
    async def scenario() -> None:
        server, port = await _start_echo_server()
        async with server:
            with LinkEmulatorThread("127.0.0.1", port, "lan") as emu:
                assert await asyncio.wait_for(_roundtrip(emu.port, b"hello"), 5) == b"hello"
                assert emu.counters().down_bytes == 5

    asyncio.run(scenario())
