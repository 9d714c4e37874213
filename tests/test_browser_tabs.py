"""The tabs the static edition draws in the browser (ui/static/tabs.js: Side by side, Guesses, Attention, Continue's
greedy continuation) against what the server's views render (ui/compare.py, ui/guesses.py, ui/attention.py,
ui/continuation.py) on the same prefixes, for every model, in both languages: texts and HTML word for word but for
the models' numbers, figures within the bounds of tests/test_browser_views.py. And markdown.js, which renders the
words in the static page, on what the words hold.

Needs Chromium, as tests/test_browser.py: skipped without it unless REQUIRE_BROWSER=1. Any error in the page fails.
"""
import json
import random
import re

from lm.models import VARIANTS
from tests.helpers import needs_chromium

needs_chromium()

from benchmarks.bench_long_prefix import count  # noqa: E402
from benchmarks.launching import STATIC, serve  # noqa: E402
from tests.test_browser_views import close  # noqa: E402

PERCENT = re.compile(r'(\d+\.\d)%')

DRAW = '''async ([facts, order, accuracies, cases]) => {
  const tabs = await import('/static/tabs.js');
  const k = await (await import('/static/keystrokes.js')).start(facts);
  const models = Object.fromEntries(order.map(id => [id, k.models[id]]));
  return cases.map(([view, id, tokens, lang, left, right]) => {
    const words = k.facts.words[lang], m = models[id];
    if (view === 'compare') return tabs.compare(words, models, accuracies, tokens, left, right);
    if (view === 'guesses') return tabs.guesses_view(words, m, tokens);
    if (view === 'attention') return tokens.length ? tabs.attention_view(words, m, tokens, k.trace(m, tokens)) : {};
    return {html: tabs.write(words, m, tokens, 30, false, 1, 30)};
  });
}'''


def cases(explorer) -> list:
    """Each tab on prefixes drawn with a fixed seed: every model, short and long, counting or not, both languages;
    prefixes the model has drawn figures for (LMModel1 never shows one of 1 or 2 tokens)."""
    rng = random.Random(29)
    texts = ['', 'one', 'one . two .', '8998 . 8999 .', '9997 . 9998 .', 'seven thousand three hundred twelve .',
             'two . four . six .', '1,998, 1,999, two thousand']
    long = count(900, start=4100)[0]            # past the windows of Guesses (48 tokens) and Attention (40)
    out = []
    for model_id in VARIANTS:
        for view in ('compare', 'guesses', 'attention', 'continue'):
            for text in (rng.choice(texts), rng.choice(texts), long):
                tokens = list(explorer.read(text).tokens)
                while 0 < len(tokens) < (explorer.checkpoint(model_id).variant.reads_last or 0):   # as the page shows
                    tokens = list(explorer.read(rng.choice(texts)).tokens)                       # no figures for it
                out.append((view, model_id, tokens, rng.choice(['en', 'es']), rng.choice(list(VARIANTS)),
                            rng.choice(list(VARIANTS))))
    return out


def server(page, view_name, model_id, tokens, lang, left, right) -> dict:
    "What the server's view renders for the same case."
    view = page.view_named(view_name)
    values = page.values(shown=[model_id, tokens], left=left, right=right) | {page.prediction.language: lang}
    e = page.event(values)
    if view_name == 'continue': return {'html': view.write(e)[view.continuation]}
    return view.render(e)


def same_words(a: str, b: str, where: str):
    """Two texts equal, but for percentages one step of their last digit apart at most (the models' numbers differ
    in their last digits, which can round a percentage either way: 47.3 and 47.4, 0.1000000000000014 apart)."""
    assert PERCENT.sub('%', a) == PERCENT.sub('%', b), where
    for x, y in zip(PERCENT.findall(a), PERCENT.findall(b)): assert abs(float(x) - float(y)) <= 0.1 + 1e-9, where


def test_the_tabs_draw_what_the_server_renders(browser, explorer, tmp_path):
    from ui.keystrokes import InBrowser
    from ui.page import Page
    for model_id in VARIANTS: explorer.analysis(model_id, wait=True)
    page = Page(explorer)
    facts = InBrowser(explorer, tmp_path).facts(lambda path: f'/bundles/{path.name}')
    (tmp_path / 'facts.json').write_text(json.dumps(facts))
    accuracies = {m: explorer.loaded(m).accuracy for m in VARIANTS}
    all_cases = cases(explorer)
    problems = []
    with serve({'/static/': STATIC, '/bundles/': tmp_path}) as url:
        tab = browser.new_page()
        tab.on('pageerror', lambda e: problems.append(f'uncaught error: {e}'))
        tab.on('console', lambda m: problems.append(f'console error: {m.text}') if m.type == 'error' else None)
        tab.goto(url)
        answers = tab.evaluate(DRAW, ['/bundles/facts.json', list(VARIANTS), accuracies, all_cases])
        tab.close()
    assert problems == []
    drawn = set()
    for case, browser_out in zip(all_cases, answers):
        expected = {part: value for part, value in server(page, *case).items() if value is not None}
        where = f'{case[0]} {case[1]} {" ".join(case[2])[:40]!r} {case[3]}'
        assert browser_out.keys() == expected.keys(), where
        for part, value in expected.items():
            if isinstance(value, dict) and 'plot' in value:
                close(json.loads(browser_out[part]['plot']), json.loads(value['plot']), f'{where}: {part}')
            else: same_words(browser_out[part], value, f'{where}: {part}')
        drawn.add((case[0], bool(expected)))
    assert {('compare', True), ('guesses', True), ('attention', True), ('continue', True)} <= drawn


RENDER = '''async (texts) => {
  const {render} = await import('/static/markdown.js');
  return texts.map(render);
}'''


def test_markdown_renders_what_the_words_write(browser):
    "Headings, tables, line breaks, bold, code; what a reader types stays text."
    texts = ['### What comes next\nMost likely: **seven** (99.6%)  \nTrue counting agrees.',
             "| model | it expects |\n|---|---|\n| LMModel1 | 'five' 17.3% |",
             'Type `one . two .` or <script>alert(1)</script> here',
             "Unknown word 'fourty'\n\n<div class=\"lm-stale\">The figures show 'one .'</div>"]
    with serve({'/static/': STATIC}) as url:
        tab = browser.new_page()
        tab.goto(url)
        html = tab.evaluate(RENDER, texts)
        tab.close()
    assert html[0] == '<h3>What comes next</h3>\n<p>Most likely: <strong>seven</strong> (99.6%)<br>True counting ' \
                      'agrees.</p>'
    assert html[1] == "<table><thead><tr><th>model</th><th>it expects</th></tr></thead><tbody><tr><td>LMModel1</td>" \
                      "<td>'five' 17.3%</td></tr></tbody></table>"
    assert html[2] == '<p>Type <code>one . two .</code> or &lt;script&gt;alert(1)&lt;/script&gt; here</p>'
    assert html[3] == "<p>Unknown word 'fourty'</p>\n<div class=\"lm-stale\">The figures show 'one .'</div>"
