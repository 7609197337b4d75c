"""sjtui: an audited terminal viewer of a citizen's cross-sector health record."""

__version__ = "0.1.0"
