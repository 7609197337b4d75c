"""`python -m sjtui` is the same as the `sjtui` command."""

from sjtui.cli import main

raise SystemExit(main())
