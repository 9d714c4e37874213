"""Fixtures shared by the tests: the app, launched as users start it, and its pages in a real browser."""
import pytest

from benchmarks.launching import chromium, launch
from tests.helpers import CHART


@pytest.fixture(scope='session')
def explorer():
    "The shipped checkpoints, loaded once for every test that reads them in this process."
    from lm.explorer import Explorer
    return Explorer()


@pytest.fixture(scope='session')
def site(explorer, tmp_path_factory):
    "The static edition, built once from the shipped checkpoints (ui.site)."
    from ui.site import build
    folder = tmp_path_factory.mktemp('site')
    build(folder, explorer)
    return folder


@pytest.fixture(scope='session')
def app_url():
    proc, url = launch()
    yield url
    proc.terminate()
    proc.wait(10)


@pytest.fixture(scope='module')
def browser():
    "Chromium, one for each module of browser tests (tests/test_browser.py skips them where there is none)."
    from playwright.sync_api import sync_playwright  # only where a test opens a page
    with sync_playwright() as p:
        browser = chromium(p)
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser, app_url):
    """Open the app in a new browser context: a screen size, a colour scheme, a touch screen or not; `address` is
    what follows the app's URL ('?text=&view=compare'). Every page it opens, or that `open_page.watch` is given,
    fails the test on an uncaught error or an error in the console: plotly.js or Gradio failing in the browser
    leaves the page frozen while the server sees nothing wrong. The page makes no request that may fail (no
    favicon, nothing from outside), so no console error is expected."""
    contexts, problems = [], []

    def watch(page):
        page.on('pageerror', lambda e: problems.append(f'uncaught error: {e}'))
        page.on('console', lambda m: problems.append(f'console error: {m.text} ({m.location["url"]})')
                if m.type == 'error' else None)
        return page

    def open_page(width=1400, height=1000, address='', **options):
        context = browser.new_context(viewport={'width': width, 'height': height}, **options)
        contexts.append(context)
        page = watch(context.new_page())
        page.goto(app_url + address)
        page.wait_for_selector(CHART, timeout=30_000)
        if not address: wait_for_bars(page, "'seven'")          # after '… 7313 .' comes 'seven'
        return page
    open_page.watch = watch
    yield open_page
    for context in contexts: context.close()
    assert problems == []


def wait_for_bars(page, first):
    page.wait_for_function(f'''() => {{ const el = document.querySelector("{CHART}");
        return el && el.data && el.data[el.data.length - 1].y[0] === {first!r}; }}''', timeout=20_000)
