"""The static edition (ui/site.py) in Chromium as a reader uses it, served by `python -m http.server` and opened from
disk (file://): typing, models, languages, every lesson, Step, Continue, presentation mode, the address bar, a phone
and dark mode; its numbers against lm.inference; no request for anything outside the folder; and what happens with a
missing or damaged model file or a bad address. Any error in the page fails, but those a test expects.

Needs Chromium, as tests/test_browser.py: skipped without it unless REQUIRE_BROWSER=1.
"""
import shutil
import subprocess
import sys
import time
import urllib.request

import pytest

from lm.inference import probabilities
from tests.helpers import needs_chromium

needs_chromium()

from ui.lessons import LESSONS  # noqa: E402


@pytest.fixture(scope='module')
def served(site):
    "The folder as a static host serves it: `python -m http.server`."
    from benchmarks.launching import free_port
    port = free_port()
    server = subprocess.Popen([sys.executable, '-m', 'http.server', str(port), '--bind', '127.0.0.1'], cwd=site,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f'http://127.0.0.1:{port}/'
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1)
            break
        except OSError: time.sleep(0.1)
    yield url
    server.terminate()
    server.wait(10)


CHART = '#distribution canvas'
BARS = '''() => { const el = document.querySelector('#distribution');
  const bars = el?.figure?.data.at(-1);
  return bars ? bars.y.map((label, i) => [label.slice(1, -1), bars.x[i]]) : null; }'''


class Reader:
    "A page of the site in a context of its own, which fails the test on any error in the page."
    def __init__(self, browser, url, expected_errors=(), **options):
        self.context = browser.new_context(**({'viewport': {'width': 1280, 'height': 720}} | options))
        self.page = self.context.new_page()
        self.problems, self.requests, self.expected = [], [], expected_errors
        self.page.on('pageerror', self.error)
        self.page.on('console', lambda m: self.error(f'console: {m.text}') if m.type == 'error' else None)
        self.page.on('request', lambda r: self.requests.append(r.url))
        self.page.goto(url)
        self.page.wait_for_selector(CHART, state='attached', timeout=30_000)     # hidden in presentation mode

    def error(self, e):
        if not any(text in str(e) for text in self.expected): self.problems.append(f'error: {e}')

    def bars(self) -> dict: return dict(self.page.evaluate(BARS))

    def wait_for_top(self, token: str):
        self.page.wait_for_function(f'() => ({BARS})()?.[0]?.[0] === {token!r}', timeout=10_000)

    def type(self, text: str):
        box = self.page.locator('#prefix')
        box.fill('')
        box.press_sequentially(text)

    def close(self):
        self.context.close()
        assert self.problems == []


def display(token): return '•' if token == '.' else token


def assert_bars_match(reader, explorer, model_id, text):
    "The chart's probabilities are lm.inference's, to 1e-5."
    tokens = explorer.read(text).tokens
    reader.page.wait_for_function(f'() => window.lmSite.state.shown[0] === {model_id!r} && '
                                  f'window.lmSite.state.shown[1].join(" ") === {" ".join(tokens)!r}')
    t = explorer.trace(model_id, tokens)
    p = probabilities(t.logits)
    expected = {display(token): float(p[i]) for i, token in enumerate(explorer.corpus.vocab)}
    bars = reader.bars()
    assert bars.keys() == expected.keys()
    assert max(abs(bars[token] - expected[token]) for token in bars) <= 1e-5


@pytest.fixture(params=['http', 'file'])
def address(request, served, site):
    return served if request.param == 'http' else (site / 'index.html').as_uri()


def test_a_reader_types_switches_models_languages_and_lessons(browser, address, explorer):
    r = Reader(browser, address)
    page = r.page
    r.wait_for_top('seven')
    assert 'seven' in page.inner_text('#next-heading')
    for part in ('#prefix', '#next-heading', '#distribution', '#model'):        # the first screen fits 1280x720
        box = page.locator(part).bounding_box()
        assert box['y'] + box['height'] <= 720 and box['x'] + box['width'] <= 1280, part
    r.type('one . two . three .')
    r.wait_for_top('four')
    assert_bars_match(r, explorer, 'LMModel7', 'one . two . three .')
    page.check('#model input[value="LMModel8"]')
    assert_bars_match(r, explorer, 'LMModel8', 'one . two . three .')
    page.check('#language input[value="es"]')
    page.wait_for_function('() => document.querySelector("#next-heading").innerText.includes("Token siguiente")')
    assert page.inner_text('#views [data-view="compare"]') == 'Lado a lado'
    page.click('#step-forward')
    page.wait_for_function('() => document.querySelector("#prefix").value === "one . two . three . four"')
    page.check('#language input[value="en"]')
    for lesson in LESSONS:
        page.check(f'#lesson input[value="{lesson.name}"]')
        page.wait_for_function(f'() => document.querySelector("#prefix").value === {lesson.prefix!r}')
        assert page.is_checked(f'#model input[value="{lesson.variant}"]')
        assert page.get_attribute(f'#views [data-view="{lesson.view}"]', 'aria-selected') == 'true'
        assert page.inner_text('#lesson-text').strip()
        page.wait_for_function('() => [...document.querySelectorAll("#display > *")].some(el => el.innerText.trim())')
        assert_bars_match(r, explorer, lesson.variant, lesson.prefix)
    origin = address.rsplit('/', 1)[0] if address.startswith('file:') else address.rstrip('/')
    assert [u for u in r.requests if not u.startswith(origin) and not u.startswith('data:')] == []
    r.close()


def test_every_tab_step_continue_presentation_and_the_address(browser, served, explorer):
    r = Reader(browser, served + '?text=7997%20.%207998%20.&variant=LMModel6')
    page = r.page
    assert page.input_value('#prefix') == '7997 . 7998 .'
    r.wait_for_top('seven')
    plotly = lambda: [u for u in r.requests if u.endswith('/plotly.min.js')]        # noqa: E731
    for view in ('states', 'compare', 'guesses', 'attention', 'failures', 'model', 'continue', 'train'):
        page.click(f'#views [data-view="{view}"]')
        assert page.is_visible(f'#tab-{view}')
        if view == 'compare':                   # what a keystroke redraws is drawn without plotly.js (canvas.js)
            page.wait_for_selector('#view-more-plot canvas')
            assert plotly() == []
    page.click('#views [data-view="failures"]')            # its accuracy bars are plotly.js's: loaded for them
    page.wait_for_selector('#view-plot.js-plotly-plot .bars')
    assert len(plotly()) == 1
    page.click('#views [data-view="continue"]')
    page.click('#write')
    page.wait_for_selector('#continuation .lm-chip')
    assert 'LMModel6' in page.inner_text('#continuation .lm-made-by')
    r.type('7997 . 7998 . 7999 .')
    page.wait_for_selector('.lm-stale-continuation')          # written for another prefix
    page.check('#mode input[value="sample"]')
    page.click('#write')
    page.wait_for_function('() => !document.querySelector(".lm-stale-continuation")')
    assert len(page.query_selector_all('#continuation .lm-chip')) == 30
    page.check('#present')
    assert page.evaluate('() => document.body.classList.contains("lm-present")')
    assert not page.is_visible('#next-heading') and page.is_visible('#reveal')
    page.click('#reveal')
    assert page.is_visible('#next-heading')
    page.wait_for_function('() => new URLSearchParams(location.search).get("present") === "1"')
    link = page.url
    assert 'view=continue' in link and 'variant=LMModel6' in link
    r.close()
    again = Reader(browser, link)
    assert again.page.input_value('#prefix') == '7997 . 7998 . 7999 .'
    assert again.page.is_checked('#model input[value="LMModel6"]')
    assert again.page.evaluate('() => document.body.classList.contains("lm-present")')
    again.close()


def test_a_phone_and_dark_mode(browser, served):
    r = Reader(browser, served, viewport={'width': 390, 'height': 844}, is_mobile=True, has_touch=True,
               color_scheme='dark')
    page = r.page
    prefix, chart = page.locator('#prefix').bounding_box(), page.locator('#distribution').bounding_box()
    assert chart['y'] > prefix['y'] and chart['x'] + chart['width'] <= 390 + 1     # stacked, within the screen
    assert page.evaluate('() => document.scrollingElement.scrollWidth') <= 390
    background = page.evaluate('() => getComputedStyle(document.body).backgroundColor')
    assert background == 'rgb(15, 17, 21)'
    r.close()


def test_what_a_reader_types_wrong_is_said_as_the_gradio_page_says_it(browser, served, explorer):
    from ui import texts
    from ui.reading import read
    r = Reader(browser, served)
    r.wait_for_top('seven')
    for text in ('fourty two .', 'one . two . thr', 'uno . dos .', '1,998, 1,999, two thousand', '7,31'):
        r.type(text)
        reading = read(explorer, 'LMModel7', text)
        expected = texts.status(text, reading.partial, reading.completions, reading.problem,
                                ('seven', 'thousand'), 'en').split('\n')[0]
        first_line = expected.replace('`', '').replace('**', '')
        r.page.wait_for_function(f'() => document.querySelector("#status").innerText.split("\\n")[0] === '
                                 f'{first_line!r}', timeout=5000)
    r.close()


def test_a_missing_and_a_damaged_model_are_named_and_the_others_work(browser, site, tmp_path, explorer):
    broken = tmp_path / 'broken'
    shutil.copytree(site, broken)
    (broken / 'models' / 'LMModel5.js').unlink()
    damaged = broken / 'models' / 'LMModel6.js'
    damaged.write_bytes(damaged.read_bytes()[:50_000])
    r = Reader(browser, (broken / 'index.html').as_uri(), expected_errors=('SyntaxError', 'Invalid or unexpected',
                                                                              'ERR_FILE_NOT_FOUND'))
    page = r.page
    page.wait_for_function('() => Object.keys(window.lmSite.unavailable).length === 2', timeout=20_000)
    note = page.inner_text('#site-note')
    assert 'LMModel5' in note and 'models/LMModel5.js' in note and 'LMModel6' in note
    assert page.is_disabled('#model input[value="LMModel5"]') and page.is_disabled('#model input[value="LMModel6"]')
    page.check('#model input[value="LMModel4"]')
    r.type('one . two .')
    assert_bars_match(r, explorer, 'LMModel4', 'one . two .')
    r.close()


def test_an_address_it_cannot_use_falls_back_with_a_note(browser, served):
    r = Reader(browser, served + '?variant=LMModel99&view=nowhere&top_k=many&colour=red&temperature=7')
    page = r.page
    r.wait_for_top('seven')
    note = page.inner_text('#site-note')
    assert all(name in note for name in ('variant', 'view', 'top_k', 'colour'))
    assert page.is_checked('#model input[value="LMModel7"]')
    assert page.get_attribute('#views [data-view="states"]', 'aria-selected') == 'true'
    assert '2' in page.inner_text('#settings-note')                 # temperature 7 brought to 2, and said
    r.close()
