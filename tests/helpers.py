"""What the browser tests share: the chart they wait for, and skipping where there is no browser to drive."""
import os

import pytest

from benchmarks.launching import CHROMIUM

CHART = '#distribution .js-plotly-plot'


def needs_chromium():
    "Skip the module of browser tests where playwright or Chromium is missing, unless REQUIRE_BROWSER=1 (as in CI)."
    if os.environ.get('REQUIRE_BROWSER') == '1': return
    pytest.importorskip('playwright.sync_api')
    if not CHROMIUM: pytest.skip('no chromium on this machine', allow_module_level=True)
