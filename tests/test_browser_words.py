"""In a real browser: the page in the reader's language, on a phone, at a projector, and the words of its views.

Uses the browser and the pages of tests/conftest.py and the helpers of tests/test_browser.py (skipped, like it,
without Chromium).
"""
from lm.plots import wrapped
from tests.helpers import CHART
from tests.test_browser import HEATMAPS, plot, rect
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
    other = open_page(1280, 720)                         # a switch in one page leaves the others whole
    other.wait_for_function(f'() => document.querySelector("{HEATMAPS}")?.layout?.annotations?.length > 4',
                            timeout=60_000)


OVERLAPS = '''(selector) => { const boxes = [...document.querySelectorAll(selector + ' .annotation-text')]
    .map(t => [t.textContent, t.getBoundingClientRect()]);
  const pairs = [];
  boxes.forEach(([a, r], i) => boxes.slice(i + 1).forEach(([b, s]) => {
    if (r.left < s.right - 1 && s.left < r.right - 1 && r.top < s.bottom - 1 && s.top < r.bottom - 1)
      pairs.push([a, b]); }));
  return pairs; }'''
BROKEN_WORDS = '''() => { const broken = [];
  for (const cell of document.querySelectorAll('table th, table td')) {
    if (!cell.checkVisibility()) continue;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode())
      for (const m of n.textContent.matchAll(/\\S+/g)) {
        const r = document.createRange(); r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
        if (new Set([...r.getClientRects()].map(x => Math.round(x.top))).size > 1) broken.push(m[0]); } }
  return broken; }'''


def test_on_a_phone_every_tab_is_in_sight_the_heatmap_has_room_and_no_word_breaks(open_page):
    page = open_page(390, 844, is_mobile=True, has_touch=True, device_scale_factor=2)
    tabs = page.locator('#views button[role=tab]')
    assert tabs.count() == len(TAB_KEYS) and page.get_by_label('More tabs').count() == 0
    for i in range(tabs.count()):
        box = tabs.nth(i).bounding_box()
        assert box['x'] >= 0 and box['x'] + box['width'] <= 390, tabs.nth(i).inner_text()

    page.wait_for_function(f'() => document.querySelector("{HEATMAPS}")?.layout?.annotations?.length > 4',
                           timeout=60_000)                                  # the units in groups, once analysed
    width, plotted, n_tokens = plot(page, HEATMAPS, '[el._fullLayout.width, el._fullLayout.xaxis._length, '
                                                    'el.data[0].x.length]')
    assert plotted >= 0.5 * width and plotted / n_tokens >= 16, (width, plotted, n_tokens)   # labels side by side
    assert page.evaluate(OVERLAPS, HEATMAPS) == []
    assert page.evaluate('document.scrollingElement.scrollWidth') <= 390         # the figure scrolls in its box

    for tab, drawn in (('Side by side', '#view-text table'), ('Failures', '#view-more-text table')):
        page.get_by_role('tab', name=tab).click()
        page.wait_for_selector(drawn, timeout=20_000)
        assert page.evaluate(BROKEN_WORDS) == [], tab
        assert page.evaluate('document.scrollingElement.scrollWidth') <= 390, tab      # a wide table scrolls in its box


def test_the_group_labels_of_every_heatmap_stand_apart(open_page):
    page = open_page()
    for variant in ('LMModel1', 'LMModel8'):
        page.locator('#model').get_by_text(variant).click()
        page.wait_for_function(f'''() => document.querySelector("{HEATMAPS}")?.layout?.annotations
                                   ?.some(a => a.text === 'units word')''', timeout=60_000)
        page.wait_for_timeout(300)
        assert page.evaluate(OVERLAPS, HEATMAPS) == [], variant


def test_in_presentation_mode_at_a_projector_the_revealed_chart_fits_the_screen(open_page):
    page = open_page(1280, 720)
    page.locator('#present input').check()
    page.wait_for_function("() => document.body.classList.contains('lm-present')")
    for _ in range(2):
        page.locator('#reveal').click()
        page.wait_for_timeout(500)                                             # the figure takes its new size
        chart = rect(page, CHART)
        assert chart['top'] >= 0 and chart['bottom'] <= 720 and chart['right'] <= 1280, chart
        assert plot(page, CHART, 'el._fullLayout.width <= el.parentElement.clientWidth + 1')   # none of it cut off
        assert plot(page, CHART, "el.querySelectorAll('.ytick').length") == 30
        page.locator('#step-forward').click()                                  # the next guess
        page.wait_for_function("() => !document.body.classList.contains('lm-revealed')", timeout=10_000)
        page.wait_for_timeout(500)


def test_a_number_typed_in_spanish_is_named_whole_and_the_chart_does_not_ask_for_a_prefix(open_page):
    page = open_page(locale='es-ES')
    box = page.get_by_label(say('prefix', 'es'))
    box.fill('')
    page.wait_for_function(f'''() => document.querySelector("{CHART}")?.layout?.annotations?.[0]?.text
                               === {wrapped(say('next.empty', 'es'))!r}''', timeout=20_000)
    box.press_sequentially('nueve mil', delay=30)
    page.get_by_text("'nueve mil' es 'nine thousand'").wait_for(timeout=20_000)
    page.wait_for_function(f'''() => document.querySelector("{CHART}")?.layout?.annotations?.[0]?.text
                               === {wrapped(say('next.unreadable', 'es'))!r}''', timeout=20_000)
