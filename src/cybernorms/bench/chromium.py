"""How long each view takes to be ready in headless Chromium, for ``cybernorms bench``.

Issue 19 sets the target: each new view "ready in Chromium in ≤ 2 s at 5,000 nodes or 200 × 200
cells". The pages timed are the ones ``cybernorms viz`` writes, from the benchmark's store:

* the network views of :mod:`cybernorms.viz.views` on the curated graph, and a synthetic view of
  5,000 nodes (:mod:`cybernorms.bench.synthetic_view`) laid out and rendered as the views are;
* the matrices of :mod:`cybernorms.viz.matrices` on the curated graph (Table 1 of the EWI report as
  a heat map, and the crosswalk of aligned norms), and a synthetic crosswalk of 200 × 200 cells
  (:func:`cybernorms.bench.matrices.synthetic_crosswalk`).

Each page is opened ``repeats`` times in one headless Chromium (Debian's ``chromium`` driven by
``chromedriver`` through selenium, at 1600 × 1000, the size the issue opens views at) and its
median is reported. "Ready" is the page's own mark: the time from the start of navigation to the
end of its first drawing, fitted to the window (``window.cnView.ready.sinceNavigationMs``, set by
``viz/page.js`` and ``viz/matrix.js``). Without a browser, the section says what to install.
"""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["FLAGS", "TARGET_READY_S", "Browser", "chromium_figures", "chromium_section", "chromium_targets",
           "find_browser", "ready_seconds", "start_chromium"]

#: The target of issue 19: a new view ready in Chromium in at most this many seconds at scale.
TARGET_READY_S = 2.0
#: The window the views are opened in.
WINDOW = (1600, 1000)
#: A page not ready after this long is reported as such, and the next page is timed.
PAGE_TIMEOUT_S = 60.0
#: Chromium's flags for a machine without a display or a network: no background connections, a fresh profile.
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--hide-scrollbars",
)
#: The synthetic pages that the target is measured on: a network view and a matrix, at the issue's scale.
SCALE_NODES = 5000


@dataclass(frozen=True)
class Browser:
    """A Chromium and its chromedriver, by path."""

    chromium: str
    chromedriver: str


def find_browser() -> Browser | str:
    """The browser to time pages in, or why there is none (what to install).

    ``CYBERNORMS_CHROMIUM`` and ``CYBERNORMS_CHROMEDRIVER`` name the programs; otherwise they are
    looked up on the ``PATH`` (``chromium``, ``chromium-browser`` or ``google-chrome``; ``chromedriver``).
    """
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install 'cybernorms[bench]')"
    chromium = os.environ.get("CYBERNORMS_CHROMIUM") or next(
        (found for name in ("chromium", "chromium-browser", "google-chrome") if (found := shutil.which(name))), None)
    driver = os.environ.get("CYBERNORMS_CHROMEDRIVER") or shutil.which("chromedriver")
    if not chromium or not driver:
        missing = " and ".join(name for name, path in (("chromium", chromium), ("chromedriver", driver)) if not path)
        return f"{missing} not found (on Debian: apt-get install chromium chromium-driver)"
    return Browser(chromium, driver)


def start_chromium(browser: Browser, width: int = WINDOW[0], height: int = WINDOW[1], *,
                   logs: bool = False) -> Any:
    """A new headless Chromium with a fresh profile; with ``logs``, its console and network log recorded."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = browser.chromium
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--window-size={width},{height}")
    options.add_argument("--user-data-dir=" + tempfile.mkdtemp(prefix="cn-chromium-"))
    if logs:
        options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(browser.chromedriver), options=options)
    driver.get("about:blank")
    return driver


def ready_seconds(driver: Any, path: Path, timeout: float = PAGE_TIMEOUT_S) -> float | None:
    """Open ``path`` afresh; seconds from navigation to the page's first drawing, or None past ``timeout``."""
    driver.get("about:blank")
    driver.get(path.resolve().as_uri())
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready = driver.execute_script("return window.cnView && window.cnView.ready")
        if ready:
            return float(ready["sinceNavigationMs"]) / 1000
        time.sleep(0.02)
    return None


def _pages(store: Any) -> Iterator[tuple[str, str, bool, str]]:
    """Each page timed: (name, what it holds, whether the target applies, its HTML)."""
    from cybernorms.bench.matrices import SYNTHETIC_NORMS, synthetic_crosswalk
    from cybernorms.bench.synthetic_view import synthetic_view
    from cybernorms.viz.landscape import load_landscape
    from cybernorms.viz.layout import generic_layout
    from cybernorms.viz.matrices import MATRICES, build_matrix, render_matrix, summary
    from cybernorms.viz.page import page_data, render_page
    from cybernorms.viz.views import VIEWS, ViewOptions, default_focus, load_for_view, render_view

    focus = default_focus(load_landscape(store))
    for name in VIEWS:
        options = ViewOptions(focus=focus) if name == "neighbourhood" else ViewOptions()
        page, graph, _positions = render_view(load_for_view(store, name, options), name, options)
        yield name, f"{graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} links", False, page
    graph = synthetic_view(SCALE_NODES)
    page = render_page(page_data(graph, generic_layout(graph), f"{SCALE_NODES:,} nodes", "synthetic"))
    yield (f"network view, synthetic {SCALE_NODES:,} nodes",
           f"{graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} links", True, page)
    for name in MATRICES:
        page, data = build_matrix(store, name)
        yield name, summary(data), False, page
    data = synthetic_crosswalk()
    yield (f"crosswalk, synthetic {SYNTHETIC_NORMS} × {SYNTHETIC_NORMS}", summary(data), True, render_matrix(data))


def chromium_figures(store: Any, repeats: int = 5) -> dict[str, Any]:
    """Each page's median seconds to ready over ``repeats`` openings, or why nothing was measured."""
    browser = find_browser()
    if isinstance(browser, str):
        return {"unavailable": browser}
    figures: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="cybernorms-bench-pages-") as folder:
        driver = start_chromium(browser)
        version = str(driver.capabilities.get("browserVersion", "?"))
        try:
            for i, (name, holds, at_scale, page) in enumerate(_pages(store)):
                path = Path(folder) / f"page-{i}.html"
                path.write_text(page, encoding="utf-8")
                times = [ready_seconds(driver, path) for _ in range(max(1, repeats))]
                done = [t for t in times if t is not None]
                figures.append({"page": name, "holds": holds, "at_scale": at_scale,
                                "megabytes": path.stat().st_size / 1e6, "runs": len(times),
                                "seconds": statistics.median(done) if len(done) == len(times) else None})
        finally:
            driver.quit()
    return {"pages": figures, "browser": version}


def chromium_section(figures: dict[str, Any] | None) -> list[str]:
    """The report's section: each page's size and median seconds to ready in Chromium."""
    lines = ["## Ready in Chromium", "",
             "Each view and matrix page as `cybernorms viz` writes it, opened afresh in headless Chromium at "
             f"{WINDOW[0]} × {WINDOW[1]}: the median time from navigation to the end of its first drawing, fitted "
             "(the page's own `cnView.ready` mark). Curated pages from the curated graph; the synthetic pages are "
             f"the issue's scale ({SCALE_NODES:,} nodes, 200 × 200 cells).", ""]
    if not figures:
        return lines + ["Not measured.", ""]
    if "unavailable" in figures:
        return lines + [f"Not measured: {figures['unavailable']}.", ""]
    lines += [f"Chromium {figures.get('browser', '?')}.", "",
              "| page | what it holds | page size | median seconds to ready |", "|---|---|---:|---:|"]
    for f in figures["pages"]:
        seconds = f"{f['seconds']:.2f}" if f["seconds"] is not None else f"> {PAGE_TIMEOUT_S:g} (not ready)"
        size = f"{f['megabytes']:.1f} MB" if f["megabytes"] >= 0.1 else f"{f['megabytes'] * 1000:.0f} kB"
        lines.append(f"| {f['page']} | {f['holds']} | {size} | {seconds} |")
    return lines + [""]


def chromium_targets(figures: dict[str, Any] | None) -> Iterator[str]:
    """The target rows: each synthetic page at the issue's scale ready in ≤ 2 s."""
    if not figures or "pages" not in figures:
        reason = (figures or {}).get("unavailable", "not measured")
        yield f"| a new view ready in Chromium in ≤ {TARGET_READY_S:g} s at scale | {reason} | not measured |"
        return
    for f in figures["pages"]:
        if f["at_scale"]:
            ok = f["seconds"] is not None and f["seconds"] <= TARGET_READY_S
            measured = f"{f['seconds']:.2f} s" if f["seconds"] is not None else "not ready"
            yield (f"| {f['page']}: ready in Chromium in ≤ {TARGET_READY_S:g} s | {measured} | "
                   f"{'met' if ok else '**missed**'} |")
