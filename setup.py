"""The package list, found rather than kept by hand (everything else is in pyproject.toml).

Every package under `sjtui/` is found; the two resource packages `sjtui.styles` and
`sjtui.fixtures` live in the top-level `styles/` and `fixtures/` folders (mapped in
`[tool.setuptools.package-dir]`), which `[tool.setuptools.packages.find]` cannot express.
"""

from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["sjtui", "sjtui.*"]), "sjtui.styles", "sjtui.fixtures"])
