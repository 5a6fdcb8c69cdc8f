"""The HTML report in a real browser: the OS's headless Chromium, driven by Playwright.

Skips when Playwright (the ``browser`` extra) or Chromium is missing; ``.ci/run``
installs both. ``PROVENANCE_SCREENSHOT=1`` also saves docs/report.png, the
screenshot docs/report.md shows.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import provenance
from provenance.report import edge_key, render_html
from provenance.trace import Trace

sync_api = pytest.importorskip(
    "playwright.sync_api",
    reason="playwright is not installed: pip install '.[browser]' to run the browser test",
)

SEEDS = Path(__file__).parent.parent / "seeds"
DOCS = Path(__file__).parent.parent / "docs"
CHROMIUM = next(
    (
        path
        for path in (
            "/usr/bin/chromium",
            shutil.which("chromium"),
            shutil.which("chromium-browser"),
        )
        if path and Path(path).exists()
    ),
    None,
)
# Headless, and quiet: no sync, updates or background requests from the browser itself.
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The edge whose evidence the screenshot shows: one with aligned sentences.
SHOWN = "latent-1→003_f30eeb14a1d5926a"

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium found (apt-get install chromium): browser test skipped"
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


class Opened:
    """A report opened from disk, with every console message and page error kept."""

    def __init__(self, browser: Any, path: Path, width: int = 1280) -> None:
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.messages: list[tuple[str, str]] = []
        self.page.on("console", lambda m: self.messages.append((m.type, m.text)))
        self.page.on("pageerror", lambda e: self.messages.append(("pageerror", str(e))))
        self.page.goto(path.as_uri())

    def problems(self) -> list[tuple[str, str]]:
        return [(kind, text) for kind, text in self.messages if kind in {"error", "pageerror"}]


@pytest.fixture(scope="module")
def seeds() -> Trace:
    return provenance.trace(SEEDS)


def _button(key: str) -> str:
    """The selector of an edge's button; ids may hold quotes (JSON strings are CSS strings)."""
    return f"button[data-edge={json.dumps(key, ensure_ascii=False)}]"


def _write(tmp_path: Path, trace: Trace, **options: bool) -> Path:
    path = tmp_path / "report.html"
    path.write_text(render_html(trace, **options), encoding="utf-8")
    return path


def test_every_edge_opens_its_evidence(browser: Any, seeds: Trace, tmp_path: Path) -> None:
    opened = Opened(browser, _write(tmp_path, seeds, show_removed=True))
    page = opened.page
    for document in seeds.documents:  # the tree renders, every article in it
        node = page.locator(f'li[data-node="{document.id}"] > .row')
        assert node.count() == 1
        assert node.is_visible()
        assert document.id in node.inner_text()
    panel = page.locator("#evidence-body")
    for edge in seeds.tree.edges:
        key = edge_key(edge)
        button = page.locator(_button(key))
        assert button.count() == 1, key
        button.click()
        assert panel.get_attribute("data-edge") == key
        assert button.get_attribute("aria-pressed") == "true"
        assert panel.locator("tr.pair").count() == len(edge.evidence.aligned), key
        reasons = panel.locator("ul.reasons > li").all_inner_texts()
        assert reasons == list(edge.evidence.reasons), key
        if edge.evidence.aligned:
            first = panel.locator("tr.pair").first
            assert first.locator("td.parent").is_visible()
            assert first.locator("td.child").is_visible()
        else:
            assert panel.locator("p.none").is_visible()
    assert opened.problems() == []
    page.close()


def test_folding_and_links(browser: Any, seeds: Trace, tmp_path: Path) -> None:
    opened = Opened(browser, _write(tmp_path, seeds))
    page = opened.page
    root = seeds.tree.parent_of(seeds.documents[0].id)
    assert root is not None
    branch = page.locator(f'li[data-node="{root}"] > details.children')
    child = page.locator(f'li[data-node="{seeds.documents[0].id}"] > .row')
    assert child.is_visible()
    branch.locator("> summary").click()
    assert not child.is_visible()
    branch.locator("> summary").click()
    assert child.is_visible()
    # A link to the evidence of an edge opens it when the page loads.
    page.goto(f"{page.url.split('#')[0]}#edge={SHOWN}")
    page.reload()
    assert page.locator("#evidence-body").get_attribute("data-edge") == SHOWN
    assert opened.problems() == []
    page.close()


def test_fits_a_narrow_window(browser: Any, seeds: Trace, tmp_path: Path) -> None:
    opened = Opened(browser, _write(tmp_path, seeds), width=380)
    page = opened.page
    page.locator(_button(SHOWN)).click()
    assert page.locator("#evidence-h").is_visible()  # scrolled to the evidence
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert opened.problems() == []
    page.close()


def test_article_html_does_not_run(browser: Any, tmp_path: Path) -> None:
    from test_report import SCRIPT, hostile_trace

    trace = hostile_trace()
    opened = Opened(browser, _write(tmp_path, trace))
    page = opened.page
    for edge in trace.tree.edges:
        page.locator(_button(edge_key(edge))).click()
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert SCRIPT in page.locator("body").inner_text()  # shown as text
    assert page.locator("#evidence img, #tree img").count() == 0
    assert opened.problems() == []
    page.close()


def test_screenshot(browser: Any, seeds: Trace, tmp_path: Path) -> None:
    opened = Opened(browser, _write(tmp_path, seeds))
    page = opened.page
    page.locator(_button(SHOWN)).click()
    page.evaluate("window.scrollTo(0, 0)")
    target = tmp_path / "report.png"
    if os.environ.get("PROVENANCE_SCREENSHOT") == "1":
        target = DOCS / "report.png"
    page.screenshot(path=str(target))
    assert target.stat().st_size > 10_000
    assert opened.problems() == []
    page.close()
