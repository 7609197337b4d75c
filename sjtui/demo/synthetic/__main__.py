"""Write the fixture files, or a large synthetic record.

python -m sjtui.demo.synthetic [--out fixtures]
python -m sjtui.demo.synthetic large --seed 1 --out PATH [--years 15]
    [--observations 20000] [--notes 2000]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import build_all, dump_json, generate_large_record


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sjtui.demo.synthetic", description="Build the synthetic FHIR fixtures."
    )
    parser.add_argument("command", nargs="?", choices=("fixtures", "large"), default="fixtures")
    parser.add_argument("--out", default=None, help="fixtures: directory (default fixtures); large: file path")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--years", type=int, default=15)
    parser.add_argument("--observations", type=int, default=20000)
    parser.add_argument("--notes", type=int, default=2000)
    args = parser.parse_args(argv)

    if args.command == "large":
        bundle = generate_large_record(args.seed, years=args.years, observations=args.observations, notes=args.notes)
        text = dump_json(bundle)
        if args.out:
            Path(args.out).write_text(text, encoding="utf-8")
            print(f"wrote {len(bundle['entry'])} resources to {args.out}")
        else:
            sys.stdout.write(text)
        return 0

    out = Path(args.out or "fixtures")
    out.mkdir(parents=True, exist_ok=True)
    for name, text in build_all().items():
        (out / name).write_text(text, encoding="utf-8")
        print(f"wrote {out / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
