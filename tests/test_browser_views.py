"""What the browser draws (ui/static/keystrokes.js, views.js, figures.js) against what the server would send: the page's
handler for a keystroke (Page.on_text) and for temperature and top-k (Page.on_settings), on the same values, for every
model, in both languages: the status line, the heading and Hidden states' texts word for word, the figures equal but
for the models' numbers (lm.js computes in float64 from the float32 weights, within the bounds of
tests/test_browser_models.py).

The bundles and ui/static/ are served from a thread (no app), with an element #tab-states: Hidden states in view.
Needs Chromium, as tests/test_browser.py: skipped without it unless REQUIRE_BROWSER=1. Any error in the page fails.
"""
import json
import random

from lm.models import VARIANTS
from lm.units import PROPERTIES
from tests.helpers import needs_chromium

needs_chromium()

from benchmarks.bench_long_prefix import count  # noqa: E402
from benchmarks.launching import STATIC, serve  # noqa: E402

NUMBER = 2e-4            # a probability, a state: lm.js's bound (1e-4) and their rounding to 2 decimals in a heatmap
ROUNDED = 0.0101         # a state rounded to 2 decimals on either side of a rounding boundary
PARTS = ('status', 'heading', 'chart', 'shown', 'text', 'html', 'plot', 'more_text', 'more_plot')

HANDLE = '''async ([facts, cases]) => {
  const k = await (await import('/static/keystrokes.js')).start(facts);
  return cases.map(([event, values]) => {
    const out = k.handle(event, values);                   // a keystroke: the first screen, then Hidden states
    return event === 'text' && out.shown ? {...out, ...k.handle('states.draw', {...values, shown: out.shown})} : out;
  });
}'''


def cases(explorer) -> list[tuple[str, dict]]:
    "Keystrokes and settings drawn with a fixed seed: every model, short and long prefixes, problems, both languages."
    rng = random.Random(17)
    texts = ['', 'one . two .', '8998 . 8999 . ei', '9998 . 9999 .', '7997 . 7998 . 7999 .',
             'seven thousand three hundred twelve . seven thousand three hundred thirteen .', 'fourty two .',
             'one . two . three', count(600, start=2100)[0], '1,998, 1,999, two thousand']
    out = []
    for model_id in VARIANTS:
        n_layers, quantities, n_units = explorer.layout(model_id)
        for _ in range(6):
            text = rng.choice(texts)
            shown = [model_id, list(explorer.read('one . two . three .').tokens)] if rng.random() < 0.5 else ['', []]
            values = dict(prefix=text, model=model_id, language=rng.choice(['en', 'es']),
                          temperature=rng.choice([1, 0, 0.7, 1.5]), top_k=rng.choice([30, 5, 1]),
                          quantity=rng.choice(quantities), layer=rng.randint(1, n_layers),
                          unit=rng.randrange(n_units), property=rng.choice(['', *PROPERTIES]), shown=shown)
            out.append(('text', values))
            out.append(('temperature', values | {'shown': [model_id, list(explorer.read('one . two .').tokens)]}))
    return out


def server(page, event: str, values: dict) -> dict:
    "What the page's handler answers for the same values, by the browser's names (a part left as it is: absent)."
    import gradio as gr
    p, s, d = page.prediction, page.states, page.display
    components = dict(prefix=p.prefix, model=p.model, language=p.language, temperature=p.temperature, top_k=p.top_k,
                      quantity=s.quantity, layer=s.layer, unit=s.unit, property=s.property, shown=page.shown)
    given = page.values() | {components[name]: value for name, value in values.items()} | {page.spoken: None}
    out = (page.on_text if event == 'text' else page.on_settings)(given)
    named = dict(status=p.status, heading=p.heading, chart=p.chart, shown=page.shown, temperature=p.temperature,
                 top_k=p.top_k, settings_note=p.settings_note) | {part: getattr(d, part) for part in PARTS[4:]}
    if event == 'temperature':
        named = {name: c for name, c in named.items() if name in ('temperature', 'top_k', 'settings_note', 'heading',
                                                                  'chart')}
    return {name: out[c] for name, c in named.items() if c in out and out[c] != gr.skip()}


def close(a, b, where=''):
    "Equal, but for numbers within NUMBER (a state rounded for a heatmap: within ROUNDED)."
    if isinstance(a, dict) and isinstance(b, dict):
        assert a.keys() == b.keys(), where
        for key in a: close(a[key], b[key], f'{where}.{key}')
    elif isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b)): close(x, y, f'{where}[{i}]')
    elif isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        assert abs(a - b) <= (ROUNDED if '.z' in where else NUMBER), f'{where}: {a} != {b}'
    else: assert a == b, where


def test_the_browser_draws_what_the_server_would_send(browser, explorer, tmp_path):
    from ui.keystrokes import InBrowser
    from ui.page import Page
    for model_id in VARIANTS: explorer.analysis(model_id, wait=True)
    page = Page(explorer)
    facts = InBrowser(explorer, tmp_path).facts(lambda path: f'/bundles/{path.name}')
    (tmp_path / 'facts.json').write_text(json.dumps(facts))
    problems = []
    with serve({'/static/': STATIC, '/bundles/': tmp_path}) as url:
        tab = browser.new_page()
        tab.on('pageerror', lambda e: problems.append(f'uncaught error: {e}'))
        tab.on('console', lambda m: problems.append(f'console error: {m.text}') if m.type == 'error' else None)
        tab.goto(url)
        tab.evaluate('() => document.body.insertAdjacentHTML("beforeend", \'<div id="tab-states">in view</div>\')')
        all_cases = cases(explorer)
        answers = tab.evaluate(HANDLE, ['/bundles/facts.json', all_cases])
        tab.close()
    assert problems == []
    for (event, values), browser_out in zip(all_cases, answers):
        expected = server(page, event, values)
        case = f"{event} {values['model']} {values['prefix'][:40]!r} {values['language']}"
        browser_out = {name: value for name, value in browser_out.items() if name in expected or name in PARTS}
        assert set(browser_out) - set(expected) <= {'note'}, case          # the line when the server draws: empty
        browser_out.pop('note', None)
        assert browser_out.keys() == expected.keys(), case
        for name, value in expected.items():
            if isinstance(value, dict) and 'plot' in value:
                close(json.loads(browser_out[name]['plot']), json.loads(value['plot']), f'{case}: {name}')
            elif name == 'shown': assert browser_out[name] == [value[0], list(value[1])], case
            else: assert browser_out[name] == value, f'{case}: {name}'
