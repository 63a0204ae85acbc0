"""A live server (the test app in a thread) and headless Debian Chromium through Playwright.

Skipped with a reason when Chromium or Playwright is missing, except under CI=true where
that is a failure.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator

import pytest
from werkzeug.serving import make_server

from tests.conftest import IN_CI

CHROMIUM = os.environ.get("LMS_CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def _browser_problem() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium fonts-noto-cjk)"
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    problem = _browser_problem()
    if problem:
        if IN_CI:
            pytest.fail(f"{problem} (CI=true: browser tests may not be skipped)")
        pytest.skip(problem)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_server(app) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture
def page_factory(browser):
    contexts = []

    def make(width: int = 1280, height: int = 800):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
