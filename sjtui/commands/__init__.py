"""Command-line subcommands, each imported only when used."""
