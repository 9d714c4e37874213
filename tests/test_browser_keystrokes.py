"""The keystroke loop in the browser, on the app's page (ui/keystrokes.py): typing, a model, the settings, Hidden
states' controls and Step send no request to the server; a tab the server draws asks once the text has settled; a
browser that cannot run the models, or a model whose file is refused, falls back to the server with a line that says
so, and nothing else changes.

Needs Chromium, as tests/test_browser.py: skipped without it unless REQUIRE_BROWSER=1. Any error in the page fails.
"""
import re

from lm.inference import probabilities
from lm.models import VARIANTS
from tests.helpers import needs_chromium

needs_chromium()

from benchmarks.bench_class import count_text  # noqa: E402

READY = '() => window.lmKeystrokes.then(([m, k]) => [Object.keys(k.models).length, k.unavailable])'
HEATMAPS = '#view-plot .js-plotly-plot'


def requests_to(page, app_url) -> list[str]:
    "Every request the page sends to the app from now on (a list that grows)."
    sent = []
    page.on('request', lambda r: sent.append(f'{r.method} {r.url}') if r.url.startswith(app_url) else None)
    return sent


def heading_says(page, text):
    page.wait_for_function(f'() => document.querySelector("#next-heading").innerText.includes({text!r})',
                           timeout=20_000)


def top_sentence(explorer, model_id: str, text: str) -> str:
    "The first screen's sentence as the server computes it: 'Most likely next token: 'x' (p%).'"
    logits = explorer.trace(model_id, explorer.read(text, typing=True).tokens).logits
    top = int(logits.argmax())
    return f"Most likely next token: '{explorer.corpus.vocab[top]}' ({float(probabilities(logits)[top]):.1%})."


def test_typing_choosing_models_and_every_control_of_the_first_screen_sends_no_request(open_page, app_url, explorer):
    page = open_page()
    loaded, unavailable = page.evaluate(READY)
    assert loaded == len(VARIANTS), unavailable
    page.wait_for_timeout(500)                                   # what the page's opening sends, sent
    sent = requests_to(page, app_url)
    text = count_text(3, 60)                                     # a 60-character count, in words
    box = page.get_by_label('Prefix')
    box.fill('')
    box.press_sequentially(text, delay=20)
    last = text[:text.rindex('.') + 1]
    heading_says(page, last.split()[-2])
    for model_id in ('LMModel8', 'LMModel3', 'LMModel6'):
        page.locator('#model').get_by_text(model_id).click()
        page.wait_for_selector(f"#model-info:has-text('{model_id}')", timeout=10_000)
    assert top_sentence(explorer, 'LMModel6', text) in page.locator('#next-heading').inner_text()
    page.wait_for_function(f'() => document.querySelector("{HEATMAPS}").data.length === 2')    # two layers
    page.locator('#quantity').get_by_text('forget gate').click()
    page.locator('#layer').get_by_text('2', exact=True).click()
    page.wait_for_selector("#view-html:has-text('layer 2 forget gate')", timeout=10_000)
    page.locator('#property input').click()
    page.get_by_role('option', name="the next token is '.': a number ends next").click()
    page.wait_for_selector('#view-text table', timeout=10_000)
    for box_id, value in (('#temperature', '0.5'), ('#top-k', '3')):
        number = page.locator(f'{box_id} input[type=number]')
        number.fill(value)
        number.press('Enter')
    page.wait_for_selector("#next-heading:has-text('temperature 0.5 and top-k 3')", timeout=10_000)
    page.locator('#step-forward').click()
    page.locator('#step-back').click()
    page.locator('#step-back').click()
    page.wait_for_timeout(1000)                                  # past the settling of a tab the server would draw
    assert sent == []
    assert page.locator('#browser-note').inner_text().strip() == ''


def test_a_tab_the_server_draws_asks_once_the_text_has_settled(open_page, app_url):
    page = open_page()
    page.evaluate(READY)
    page.get_by_role('tab', name='Guesses').click()
    page.wait_for_selector('#view-html .lm-columns', timeout=20_000)
    page.wait_for_timeout(500)
    sent = requests_to(page, app_url)
    box = page.get_by_label('Prefix')
    box.fill('')
    box.press_sequentially('4998 . 4999 . 5000 .', delay=40)    # 20 keystrokes, faster than the text settles
    page.wait_for_function('''() => document.querySelector('#view-html').innerText.includes('five')''',
                           timeout=20_000)
    page.wait_for_timeout(800)
    asked = [r for r in sent if '/gradio_api/run/predict' in r]
    assert 1 <= len(asked) <= 10, sent                           # once it settled, not one for each of the 21 keys
    assert len(sent) == len(asked)


def test_a_browser_that_cannot_run_the_models_says_so_and_the_server_draws(open_page, browser, app_url):
    context = browser.new_context(viewport={'width': 1400, 'height': 1000})
    context.route(re.compile(r'.*/keystrokes\.js.*'),
                  lambda route: route.fulfill(status=200, content_type='text/javascript', body='not ( a module'))
    page = open_page.watch(context.new_page())
    page.goto(app_url)
    page.wait_for_selector('#distribution .js-plotly-plot', timeout=30_000)
    sent = requests_to(page, app_url)
    box = page.get_by_label('Prefix')
    box.fill('one . two .')
    heading_says(page, 'one . two .')
    page.wait_for_selector("#browser-note:has-text('cannot run the models itself')", timeout=10_000)
    assert any('/gradio_api/run/predict' in r for r in sent)
    page.locator('#model').get_by_text('LMModel4').click()
    page.wait_for_selector("#model-info:has-text('LMModel4')", timeout=20_000)
    page.locator('#quantity').get_by_text('h', exact=True).wait_for(timeout=10_000)
    context.close()


def test_a_model_whose_file_is_refused_is_drawn_by_the_server_and_named(open_page, browser, app_url):
    context = browser.new_context(viewport={'width': 1400, 'height': 1000})

    def truncated(route):
        response = route.fetch()
        route.fulfill(response=response, body=response.body()[:1000])
    context.route(re.compile(r'.*/LMModel5\.bin.*'), truncated)
    page = open_page.watch(context.new_page())
    page.goto(app_url)
    page.wait_for_selector('#distribution .js-plotly-plot', timeout=30_000)
    loaded, unavailable = page.evaluate(READY)
    assert loaded == len(VARIANTS) - 1 and list(unavailable) == ['LMModel5'], unavailable
    page.locator('#model').get_by_text('LMModel5').click()
    page.wait_for_selector("#browser-note:has-text('LMModel5 is drawn by the server')", timeout=20_000)
    assert 'bytes' in page.locator('#browser-note').inner_text()            # why: the file's length
    page.wait_for_selector("#model-info:has-text('LMModel5')", timeout=20_000)
    page.get_by_label('Prefix').fill('one . two . three .')
    heading_says(page, 'one . two . three .')
    sent = requests_to(page, app_url)
    page.locator('#model').get_by_text('LMModel7').click()                    # the others: in the browser
    page.wait_for_selector("#model-info:has-text('LMModel7')", timeout=20_000)
    page.get_by_label('Prefix').fill('one . two .')
    heading_says(page, 'one . two .')
    page.wait_for_timeout(500)
    assert sent == [] and page.locator('#browser-note').inner_text().strip() == ''
    context.close()
