"""ui/static/prefix.js in Chromium reads every text of tests/prefix_cases.json as lm.prefix does, and says every
problem in English and Spanish with the same words as ui.words.

Needs Chromium, as tests/test_browser.py does: skipped without it unless REQUIRE_BROWSER=1.
"""

import pytest

from lm.prefix import MAX_CHARS, MAX_TOKENS, SPANISH, Problem
from tests.helpers import needs_chromium, static_page
from tests.test_prefix_cases import CASES, VOCAB, expected
from ui.words import LANGUAGES, browser_words, problem

needs_chromium()


# Every case read (when it has a text) and said in each language (when it is a problem), in one call.
RUN = '''async ([cases, vocab, words]) => {
  const m = await import('/static/prefix.js');
  return cases.map(c => {
    const read = 'text' in c ? m.parse(c.text.repeat(c.repeat ?? 1), vocab, c.typing) : null;
    const p = 'text' in c ? read : {key: c.expect.problem, params: c.expect.params};
    const said = p.key ? Object.fromEntries(Object.entries(words).map(([lang, w]) => [lang, m.problem(w, p)])) : null;
    return {read, said};
  });
}'''


@pytest.fixture(scope='module')
def page(browser):
    with static_page(browser) as page: yield page


def table_shape(read: dict) -> dict:
    "A reading of prefix.js in the table's shape."
    if 'key' not in read: return read
    return {'problem': read['key'], 'params': read['params'],
            **({'word': read['word'], 'completions': read['completions']} if 'word' in read else {})}


def test_prefix_js_reads_every_case_as_lm_prefix_and_says_it_as_ui_words(page):
    results = page.evaluate(RUN, [CASES, list(VOCAB), browser_words()])
    wrong = []
    for case, result in zip(CASES, results):
        if 'text' in case and table_shape(result['read']) != expected(case):
            wrong.append((case['rule'], case['text'][:40], result['read']))
        if 'problem' in case['expect']:
            e = Problem(case['expect']['problem'], **case['expect']['params'])
            said = {lang: problem(e, lang) for lang in LANGUAGES}
            if result['said'] != said or any(result['said'][lang] != case.get(lang, said[lang]) for lang in said):
                wrong.append((case['rule'], result['said'], said))
    assert len(results) == len(CASES) and wrong == []


def test_prefix_js_has_the_limits_and_the_spanish_words_of_lm_prefix(page):
    mirrored = page.evaluate('''async () => { const m = await import('/static/prefix.js');
        return [m.MAX_TOKENS, m.MAX_CHARS, m.SPANISH]; }''')
    assert mirrored == [MAX_TOKENS, MAX_CHARS, SPANISH]
