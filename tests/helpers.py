"""What the browser tests share: the chart they wait for, a page of ui/static/ that fails on any error, and skipping
where there is no browser to drive."""
import os
from contextlib import contextmanager

import pytest

from benchmarks.launching import CHROMIUM, STATIC, serve

CHART = '#distribution .js-plotly-plot'


def needs_chromium():
    "Skip the module of browser tests where playwright or Chromium is missing, unless REQUIRE_BROWSER=1 (as in CI)."
    if os.environ.get('REQUIRE_BROWSER') == '1': return
    pytest.importorskip('playwright.sync_api')
    if not CHROMIUM: pytest.skip('no chromium on this machine', allow_module_level=True)


@contextmanager
def static_page(browser, **options):
    "A page of a local server of ui/static/, that fails the test on an uncaught error or an error in the console."
    with serve({'/static/': STATIC}) as url:
        problems = []
        page = browser.new_page(**options)
        page.on('pageerror', lambda e: problems.append(f'uncaught error: {e}'))
        page.on('console', lambda m: problems.append(f'console error: {m.text}') if m.type == 'error' else None)
        page.goto(url)
        yield page
        page.close()
    assert problems == []
