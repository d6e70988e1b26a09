"""``python -m cybernorms``: the same command line as the ``cybernorms`` script."""

from __future__ import annotations

from cybernorms.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
