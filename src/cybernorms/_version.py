"""The one source of the version number (read by ``pyproject.toml`` and ``--version``)."""

__version__ = "0.1.0"
