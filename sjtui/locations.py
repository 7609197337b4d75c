"""Where sjtui keeps its files. One place, so tests can isolate everything.

- config dir: `config.toml` (settings, keymap)
- data dir: the audit journal and outbox, the wrapped key slots, recent reasons, the lock
  PIN hash. Never purged with the cache.
- cache dir: the encrypted record cache. Losing it costs only bandwidth.

`SJTUI_HOME` (used by tests and CI) puts all three under one directory.
File names never contain personal data.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "sjtui"


def _home_override() -> Path | None:
    value = os.environ.get("SJTUI_HOME")
    return Path(value) if value else None


def _private_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    try:
        path.chmod(0o700)
    except OSError:
        pass
    return path


def config_dir() -> Path:
    home = _home_override()
    return _private_dir(home / "config" if home else Path(platformdirs.user_config_dir(APP_NAME)))


def data_dir() -> Path:
    home = _home_override()
    return _private_dir(home / "data" if home else Path(platformdirs.user_data_dir(APP_NAME)))


def cache_dir() -> Path:
    home = _home_override()
    return _private_dir(home / "cache" if home else Path(platformdirs.user_cache_dir(APP_NAME)))


def config_file() -> Path:
    return Path(os.environ.get("SJTUI_CONFIG") or config_dir() / "config.toml")
