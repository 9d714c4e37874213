"""In a real browser: the page in the reader's language, on a phone, at a projector, and the words of its views.

Uses the browser and the pages of tests/test_browser.py (skipped, like it, without Chromium).
"""
from tests.test_browser import CHART, HEATMAPS, browser, open_page, plot, rect  # noqa: F401 (fixtures)
from tests.test_words import ENGLISH_FRAGMENTS
from ui.words import say

TAB_KEYS = ('states', 'decided', 'path', 'attention', 'compare', 'guesses', 'looked', 'failures', 'model', 'continue',
            'export', 'train')
TAB_NAMES = "() => [...document.querySelectorAll('#views button[role=tab]')].map(b => b.innerText.trim())"


def test_a_browser_that_prefers_spanish_then_english_gets_all_of_the_page_in_spanish_and_switches_all_of_it(open_page):
    page = open_page(locale='es', extra_http_headers={'Accept-Language': 'es,en;q=0.9'})
    page.wait_for_function("() => document.querySelector('#model-info')?.innerText.includes('precisión')",
                           timeout=20_000)
    page.wait_for_function(f'''() => document.querySelector("{HEATMAPS}")?.data?.[0]?.hovertemplate
                               ?.includes('posición')''', timeout=20_000)
    shown = page.evaluate('() => document.body.innerText')
    assert sorted(f for f in ENGLISH_FRAGMENTS if f in shown) == []
    page.get_by_role('tab', name=say('train.tab', 'es')).click()
    page.wait_for_function("() => document.querySelector('#train-coverage').innerText.includes('entrenamiento')",
                           timeout=20_000)

    page.locator('#language').get_by_text('English').click()
    english = [say(f'{key}.tab', 'en') for key in TAB_KEYS]
    page.wait_for_function(f'() => ({TAB_NAMES})().join("|") === {"|".join(english)!r}', timeout=20_000)
    page.wait_for_function("() => document.querySelector('#train-coverage').innerText.startsWith('The training part')",
                           timeout=20_000)
