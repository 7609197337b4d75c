"""`sjtui cache info|purge`: no key needed, nothing personal printed."""

from __future__ import annotations

import argparse


def _cache_path():
    from sjtui.cache import default_path

    return default_path()


def run_cache(args: argparse.Namespace) -> int:
    from sjtui.cache.purge import cache_info, wipe

    path = _cache_path()
    if args.cache_command == "purge":
        wipe(path)
        print("cache purged (the audit journal is kept)")
        return 0
    info = cache_info(path)
    oldest = info.oldest.strftime("%Y-%m-%d %H:%M") if info.oldest else "-"
    print(f"cache file:   {path}")
    print(f"size:         {info.size_bytes / 1024:.1f} KiB")
    print(f"citizens:     {info.citizens}")
    print(f"oldest entry: {oldest}")
    return 0
