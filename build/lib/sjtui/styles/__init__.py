"""Textual CSS for sjtui (shipped as the package `sjtui.styles`)."""
