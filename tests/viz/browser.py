"""Headless Debian Chromium driven through chromedriver (selenium), for the browser tests.

``chromium()`` starts a browser with the flags this machine needs (no background networking,
a fresh profile) and with the browser console and the DevTools network log recorded;
``open_page()`` loads a page, waits until it is drawn and returns what it logged and asked for.
Run as a script, it takes screenshots of pages: ``python -m tests.viz.browser PAGE.html OUT.png``.
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cybernorms.bench.chromium import Browser, start_chromium

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def available() -> bool:
    return bool(shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER))


def chromium(width: int = 1400, height: int = 900) -> Any:
    """A new headless Chromium with console and network logging (the flags are the benchmark's)."""
    return start_chromium(Browser(CHROMIUM, CHROMEDRIVER), width, height, logs=True)


def required(width: int = 1400, height: int = 900) -> Any:
    """:func:`chromium`, or the test fails saying what to install: a browser test never skips."""
    if not available():
        import pytest

        pytest.fail("the browser tests need Debian's chromium and chromium-driver (apt-get install chromium "
                    "chromium-driver), or deselect them with -m 'not browser'")
    return chromium(width, height)


@dataclass
class Visit:
    """What loading a page showed: its console, the URLs it requested, how long it took."""

    console: list[dict[str, Any]] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    seconds_to_ready: float = 0.0
    ready: dict[str, float] = field(default_factory=dict)


def drain(driver: Any) -> None:
    driver.get_log("browser")
    driver.get_log("performance")


def open_page(driver: Any, path: Path, timeout: float = 120.0) -> Visit:
    """Load ``path`` and wait until the view says it is drawn (``document.body.dataset.ready``)."""
    drain(driver)
    start = time.perf_counter()
    driver.get(path.resolve().as_uri())
    ready = None
    while time.perf_counter() - start < timeout:
        ready = driver.execute_script("return window.cnView && window.cnView.ready")
        if ready:
            break
        time.sleep(0.02)
    visit = Visit(seconds_to_ready=time.perf_counter() - start, ready=ready or {})
    visit.console = driver.get_log("browser")
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            visit.requests.append(message["params"]["request"]["url"])
    return visit


def main(argv: list[str]) -> int:
    """Screenshot each PAGE.html OUT.png pair."""
    driver = chromium()
    try:
        for page, out in zip(argv[0::2], argv[1::2], strict=True):
            visit = open_page(driver, Path(page))
            driver.save_screenshot(out)
            print(f"{out}: ready in {visit.seconds_to_ready:.2f} s, console {visit.console or 'clean'}")
    finally:
        driver.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
