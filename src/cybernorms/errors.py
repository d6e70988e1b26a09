"""The one exception type users see: a message and an exit code, never a traceback."""

from __future__ import annotations


class CybernormsError(Exception):
    """A failure explained to the user.

    ``message`` says what went wrong, where, and how to fix it; ``exit_code`` is 2
    for bad usage or input (the CLI convention) and 1 for a failed check.
    """

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code

    def __str__(self) -> str:
        return self.message


class UsageError(CybernormsError):
    """Bad usage or input: exit code 2."""


class CheckFailed(CybernormsError):
    """A check that ran and found problems (inconsistent graph, lint findings): exit 1."""

    def __init__(self, message: str) -> None:
        super().__init__(message, exit_code=1)
