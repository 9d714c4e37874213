"""End to end in a real browser: load the page, type a prefix, see the chart and the heatmap change.

Needs Chromium (Debian: apt-get install chromium). Without it the test is skipped, unless REQUIRE_BROWSER=1
(as in CI), where a missing browser is a failure. SCREENSHOT=path keeps a picture of the app.
"""
import os
import shutil

import pytest

playwright = pytest.importorskip('playwright.sync_api')
CHROMIUM = shutil.which('chromium') or shutil.which('chromium-browser')
if not CHROMIUM and os.environ.get('REQUIRE_BROWSER') != '1':
    pytest.skip('no chromium on this machine', allow_module_level=True)

CHART = '#distribution .js-plotly-plot'
HEATMAPS = '#states .js-plotly-plot'


@pytest.fixture(scope='module')
def page(app_url):
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM,
                                    args=['--no-sandbox', '--disable-gpu', '--disable-background-networking'])
        page = browser.new_page(viewport={'width': 1400, 'height': 1500})
        page.goto(app_url)
        yield page
        browser.close()


def plot(page, selector, expression):
    return page.eval_on_selector(selector, f'el => {expression}')


def wait_for_title(page, selector, text):
    page.wait_for_function(f'''() => {{ const el = document.querySelector("{selector}");
        return el && el.layout && el.layout.title && el.layout.title.text.includes({text!r}); }}''', timeout=20_000)


def test_typing_a_prefix_updates_the_chart_and_the_heatmaps(page):
    page.wait_for_selector(CHART, timeout=30_000)
    wait_for_title(page, CHART, 'LMModel7 after')
    assert plot(page, CHART, 'el.data[0].x[0]') == "'seven'"          # after '… 7313 .' comes 'seven'

    box = page.get_by_label('Prefix')
    box.fill('')
    box.press_sequentially('8998 . 8999 . ei', delay=30)              # a word still being typed at the end
    wait_for_title(page, CHART, 'nine hundred ninety nine .')
    page.get_by_text("'ei' is being typed").wait_for(timeout=10_000)
    bars = plot(page, CHART, 'el.data[0].y')
    assert abs(sum(bars) - 1) < 1e-3 and bars == sorted(bars, reverse=True)

    page.wait_for_selector(HEATMAPS, timeout=10_000)
    assert plot(page, HEATMAPS, 'el.data.length') == 2                # two LSTM layers
    tokens = plot(page, HEATMAPS, 'el.data[0].customdata[0]')
    assert tokens[:3] == ['eight', 'thousand', 'nine'] and tokens[-1] == '.'

    box.fill('8997 . 8998 . 8999 .')                                   # 3 numbers of 7 tokens
    page.wait_for_function(f'''() => document.querySelector("{HEATMAPS}").data[0].customdata[0].length === 21''',
                           timeout=20_000)
    if os.environ.get('SCREENSHOT'):
        page.wait_for_timeout(500)
        page.screenshot(path=os.environ['SCREENSHOT'], full_page=True)


def test_a_bad_word_shows_a_message_and_nothing_breaks(page):
    box = page.get_by_label('Prefix')
    box.fill('one . fourty')
    page.get_by_text("did you mean 'forty'").wait_for(timeout=10_000)
    box.fill('one . forty')
    wait_for_title(page, CHART, 'one . forty')
    assert page.get_by_text("did you mean").count() == 0
