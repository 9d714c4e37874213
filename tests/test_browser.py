"""End to end in a real browser: the first screen on a projector and on a phone, typing, marked views, dark mode
and contrast.

Needs Chromium (Debian: apt-get install chromium). Without it the tests are skipped, unless REQUIRE_BROWSER=1
(as in CI), where a missing browser is a failure. SCREENSHOT=path keeps a picture of the app.
"""
import os

import pytest

from tests.helpers import CHART, needs_chromium

needs_chromium()

HEATMAPS = '#view-plot .js-plotly-plot'            # the tab in view draws under the tabs: Hidden states

# Every visible text whose colour against what lies under it is below 4.5:1 (WCAG AA), as [text, ratio].
LOW_CONTRAST = '''() => {
  const parse = c => { const m = c && c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  const over = (top, under) => [0, 1, 2].map(i => top[i] * top[3] + under[i] * (1 - top[3])).concat([1]);
  const background = el => { const layers = [];
    for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; } }
    let bg = [255, 255, 255, 1];
    for (const c of layers.reverse()) bg = over(c, bg);
    return bg; };
  const low = [];
  for (const el of document.querySelectorAll('body *')) {
    const own = [...el.childNodes].filter(n => n.nodeType === 3 && n.textContent.trim())
      .map(n => n.textContent.trim()).join(' ');
    if (!own || !el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    const r = el.getBoundingClientRect(); if (r.width === 0 || r.height === 0) continue;
    if (el.closest('[aria-hidden="true"], .hoverlayer, footer')) continue;
    const style = getComputedStyle(el);
    const colour = parse(el instanceof SVGElement ? style.fill : style.color); if (!colour) continue;
    const bg = background(el), fg = over(colour, bg);
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x), ratio = (a + 0.05) / (b + 0.05);
    if (ratio < 4.5) low.push([own.slice(0, 40), Math.round(ratio * 100) / 100]);
  }
  return low; }'''


def plot(page, selector, expression):
    return page.eval_on_selector(selector, f'el => {expression}')


def rect(page, selector) -> dict: return page.eval_on_selector(selector, 'el => el.getBoundingClientRect().toJSON()')


def test_typing_a_prefix_updates_the_chart_and_the_heatmaps(open_page):
    page = open_page()
    box = page.get_by_label('Prefix')
    box.fill('')
    box.press_sequentially('8998 . 8999 . ei', delay=30)              # a word still being typed at the end
    page.get_by_text("'ei' is being typed").wait_for(timeout=10_000)
    page.wait_for_function('() => document.querySelector("#next-heading").innerText'
                           '.includes("nine hundred ninety nine .")', timeout=20_000)
    bars = plot(page, CHART, 'el.data[0].x')
    assert abs(sum(bars) - 1) < 1e-3 and bars == sorted(bars, reverse=True)

    # Hidden states draws after the chart, once the keys pause: two LSTM layers ('.' as •), of the text as it ends
    # (on a busy machine, a pause between two keys draws the text of that moment first)
    page.wait_for_function(f'''() => {{ const el = document.querySelector("{HEATMAPS}");
        return el?.data?.length === 2 && el.layout.xaxis2.ticktext.join(' ').endsWith('ninety nine •'); }}''',
                           timeout=20_000)
    tokens = plot(page, HEATMAPS, 'el.layout.xaxis2.ticktext')
    assert tokens[:3] == ['eight', 'thousand', 'nine']

    box.fill('8997 . 8998 . 8999 .')                                   # 3 numbers of 7 tokens
    page.wait_for_function(f'''() => document.querySelector("{HEATMAPS}").data[0].x.length === 21''',
                           timeout=20_000)
    if os.environ.get('SCREENSHOT'):
        page.wait_for_timeout(500)
        page.screenshot(path=os.environ['SCREENSHOT'], full_page=True)


def test_side_by_side_draws_both_heatmaps_once_an_empty_prefix_gets_its_first_word(open_page):
    page = open_page(address='?text=&view=compare')
    page.wait_for_function(f'''() => document.querySelector("{HEATMAPS}")?.data?.length === 0''',
                           timeout=20_000)  # a message
    page.get_by_label('Prefix').press_sequentially('one . two .', delay=30)
    for part in ('#view-plot', '#view-more-plot'):                  # both models' heatmaps, 4 tokens wide
        page.wait_for_function(f'() => document.querySelector("{part} .js-plotly-plot")'
                               '?.data?.[0]?.x?.length === 4', timeout=20_000)
    page.get_by_role('tab', name='Hidden states').click()              # the page still answers
    page.wait_for_function(f'''() => document.querySelector("{HEATMAPS}")?.data?.length === 2''', timeout=20_000)


def test_hidden_states_of_every_model_follow_a_prefix_from_empty_to_its_first_word(open_page):
    from lm.models import VARIANTS
    page = open_page()
    box = page.get_by_label('Prefix')
    for variant in VARIANTS:
        page.locator('#model').get_by_text(variant).click()
        # the model's answer first: sent with the prefix as it was, it could otherwise come after the empty one's
        page.wait_for_selector(f"#model-info:has-text('{variant}')", timeout=20_000)
        box.fill('')
        page.wait_for_function(f'''() => document.querySelector("{HEATMAPS}")?.data?.length === 0''', timeout=20_000)
        box.fill('one . two .')
        page.wait_for_function(f'''() => document.querySelector("{HEATMAPS}")?.data?.length > 0 &&
            document.querySelector("#next-heading").innerText.includes("one . two .")''', timeout=20_000)


def test_with_an_empty_prefix_every_control_answers_and_each_tab_shows_its_own_view(open_page):
    page = open_page(address='?text=')
    page.wait_for_function(f'''() => document.querySelector("{HEATMAPS}")?.data?.length === 0''', timeout=20_000)
    page.locator('#quantity').get_by_text('c', exact=True).click()       # no HTTP 500: the console would say
    page.locator('#layer').get_by_text('2', exact=True).click()
    for tab, shows in (('The model', "#view-more-text:has-text('class LMModel7')"),
                       ('Failures', "#view-text:has-text('nine thousand')")):
        page.get_by_role('tab', name=tab).click()
        page.wait_for_selector(shows, timeout=20_000)
    page.get_by_role('tab', name='Continue').click()
    page.locator('#write').click()
    page.wait_for_selector("#continuation:has-text('Type a prefix first')", timeout=20_000)
    page.get_by_label('Prefix').fill('fourty two .')
    page.locator('#step-forward').click()
    page.wait_for_selector("#status:has-text('Step needs a prefix it can read')", timeout=20_000)


def test_typing_at_the_end_of_a_long_count_ends_on_the_right_view(open_page):
    from benchmarks.bench_long_prefix import count
    text, ending = count(3000, start=1000)
    head, last = text[:text.rindex(' . ', 0, len(text) - 2) + 3], text[text.rindex(' . ', 0, len(text) - 2) + 3:]
    page = open_page()
    box = page.get_by_label('Prefix')
    box.fill(head)
    box.press_sequentially(last, delay=15)
    page.wait_for_function(f'''() => document.querySelector("#next-heading").innerText.includes({ending!r}) &&
        document.querySelector("{HEATMAPS}")?.layout?.xaxis2?.ticktext?.slice(-1)[0] === "•"''', timeout=20_000)
    assert plot(page, HEATMAPS, 'el.data[0].x.length') == 64                     # the last 64 tokens of the prefix
    assert 'thousand' in page.locator('#next-heading').inner_text()
    page.wait_for_function(f'() => new URLSearchParams(location.search).get("text")?.endsWith({ending!r})',
                           timeout=10_000)                                   # the address, once typing stops


def test_on_a_projector_the_prefix_and_the_whole_chart_are_on_the_first_screen(open_page):
    page = open_page(1280, 720)
    prefix, chart = rect(page, '#prefix textarea'), rect(page, CHART)
    for r in (prefix, chart):
        assert r['top'] >= 0 and r['bottom'] <= 720 and r['left'] >= 0 and r['right'] <= 1280, r
    assert plot(page, CHART, "el.querySelectorAll('.ytick').length") == 30      # every token labelled


def test_on_a_phone_the_chart_is_right_under_the_prefix_and_a_swipe_scrolls(open_page):
    page = open_page(390, 844, is_mobile=True, has_touch=True, device_scale_factor=2)
    prefix, chart = rect(page, '#prefix'), rect(page, CHART)
    assert prefix['bottom'] <= chart['top'] < 844 - 200                # the chart starts on the first screen...
    assert rect(page, '#model')['top'] > chart['bottom']               # ...right under the prefix: controls come after
    assert plot(page, CHART, "el.querySelectorAll('.ytick').length") == 30
    assert plot(page, CHART, "el.querySelector('.modebar') === null"
                             " || el.querySelector('.modebar').children.length === 0")

    cdp = page.context.new_cdp_session(page)
    x, y = chart['left'] + chart['width'] / 2, chart['top'] + 200
    ranges = "JSON.stringify([el._fullLayout.xaxis.range, el._fullLayout.yaxis.range])"
    before, scrolled = plot(page, CHART, ranges), page.evaluate('window.scrollY')
    cdp.send('Input.dispatchTouchEvent', dict(type='touchStart', touchPoints=[dict(x=x, y=y)]))
    for k in range(1, 16):
        cdp.send('Input.dispatchTouchEvent', dict(type='touchMove', touchPoints=[dict(x=x + k, y=y - 20 * k)]))
        page.wait_for_timeout(16)
    cdp.send('Input.dispatchTouchEvent', dict(type='touchEnd', touchPoints=[]))
    page.wait_for_timeout(600)
    assert plot(page, CHART, ranges) == before                         # no zoom...
    assert page.evaluate('window.scrollY') > scrolled + 100           # ...the page scrolled instead
    assert page.get_by_text('Double-click to zoom back out').count() == 0

    page.get_by_label('Prefix').fill('')                               # a message in the chart: within its width
    page.wait_for_function(f'() => document.querySelector("{CHART}")?.layout?.annotations?.[0]?.text', timeout=20_000)
    note, chart = rect(page, f'{CHART} .annotation'), rect(page, CHART)
    assert chart['left'] <= note['left'] and note['right'] <= chart['right']


def test_while_the_text_cannot_be_read_the_figures_are_greyed_and_named(open_page):
    page = open_page()
    box = page.get_by_label('Prefix')
    box.fill('one . two . fourty')
    page.get_by_text("did you mean 'forty'").wait_for(timeout=10_000)
    stale = page.locator('#status .lm-stale')
    assert 'seven thousand three hundred thirteen .' in stale.inner_text()      # the prefix the figures still show
    page.wait_for_timeout(300)                                                     # the fade
    assert float(page.eval_on_selector('#distribution', 'el => getComputedStyle(el).opacity')) < 0.5
    box.fill('one . two . forty')
    page.wait_for_function('''() => document.querySelector("#next-heading").innerText.includes("one . two . forty")''',
                           timeout=20_000)
    assert page.locator('#status .lm-stale').count() == 0 and page.get_by_text('did you mean').count() == 0
    assert float(page.eval_on_selector('#distribution', 'el => getComputedStyle(el).opacity')) == 1


@pytest.mark.parametrize('scheme', ['light', 'dark'])
def test_every_text_keeps_its_contrast_and_plots_follow_the_colour_scheme(open_page, scheme):
    page = open_page(color_scheme=scheme)
    assert page.evaluate("document.body.classList.contains('dark')") == (scheme == 'dark')
    page.wait_for_selector(HEATMAPS, timeout=20_000)
    for selector in (CHART, HEATMAPS):                                 # no white block on a dark page
        assert plot(page, selector, 'el._fullLayout.paper_bgcolor') == 'rgba(0, 0, 0, 0)'
    assert page.evaluate(LOW_CONTRAST) == []
    for tab, shows in (('Units that decided', "#view-text:has-text('Why')"),
                       ('State path', '#view-plot .js-plotly-plot .scatterlayer'),
                       ('Attention', "#view-text:has-text('LMModel7 has no attention')"),
                       ('Side by side', '#view-text table'), ('Guesses', '#view-html .lm-column'),
                       ('Looked at', "#view-more-text:has-text('Layer by layer')"),
                       ('Failures', "#view-text:has-text('nine thousand')"),
                       ('The model', "#view-more-text:has-text('class LMModel7')"), ('Continue', '#write')):
        page.get_by_role('tab', name=tab).click()
        page.wait_for_selector(shows, timeout=20_000)
        if tab == 'Continue':
            page.locator('#write').click()                             # the continuation's chips too
            page.wait_for_selector('#continuation .lm-chip', timeout=20_000)
        page.wait_for_timeout(300)
        assert page.evaluate(LOW_CONTRAST) == [], tab


def test_a_number_typed_out_of_range_is_clamped_with_a_note_not_an_error(open_page):
    page = open_page()
    box = page.locator('#top-k input[type=number]')
    box.fill('0')
    box.press('Enter')
    page.get_by_text('Top-k goes from 1 to 30: 0 was set to 1.').wait_for(timeout=10_000)
    page.wait_for_function('''() => document.querySelector('#top-k input[type=number]').value === '1' ''',
                           timeout=10_000)
    assert page.locator('.toast-body').count() == 0
    assert plot(page, CHART, 'el.data[el.data.length - 1].x.filter(x => x > 0).length') == 1


def test_finding_the_unit_frames_the_best_units_in_the_heatmap(open_page):
    page = open_page()
    page.wait_for_selector(HEATMAPS, timeout=20_000)
    page.wait_for_function(f'''() => document.querySelector("{HEATMAPS}").layout.annotations
        .some(a => a.text === "next is '.'")''', timeout=30_000)                  # units ordered once analysed
    page.locator('#property input').click()
    page.get_by_role('option', name="the next token is '.': a number ends next").click()
    page.wait_for_function(f'''() => document.querySelector("{HEATMAPS}").layout.shapes
        .filter(s => s.type === "rect" && s.line.color === "#e8710a").length === 6''', timeout=20_000)
    assert page.locator('#view-text table tr').count() == 1 + 6
    assert 'layer 1 h, unit 43' in page.locator('#view-html').inner_text()


def test_the_compare_view_lists_all_eight_and_the_guesses_mark_the_wrong_ones(open_page):
    page = open_page()
    page.get_by_label('Prefix').fill('8998 . 8999 . 9000 .')
    page.wait_for_function('''() => document.querySelector("#next-heading").innerText.includes("nine thousand .")''',
                           timeout=20_000)
    page.get_by_role('tab', name='Side by side').click()
    page.wait_for_selector('#view-text table', timeout=20_000)
    rows = page.locator('#view-text table tbody tr')
    assert rows.count() == 9 and [rows.nth(i).locator('td').first.inner_text() for i in range(9)] == \
        [f'LMModel{i}' for i in range(1, 10)]
    page.wait_for_selector('#view-more-plot .js-plotly-plot', timeout=20_000)
    page.get_by_role('tab', name='Guesses').click()
    page.wait_for_selector('#view-html .lm-column', timeout=20_000)
    wrong = page.locator('#view-html .lm-column.lm-wrong')
    assert wrong.count() >= 1
    assert float(wrong.first.evaluate("el => parseFloat(getComputedStyle(el).borderTopWidth)")) >= 2   # the mark shows
    assert 'LMModel7 guessed' in page.locator('#view-html').inner_text()


# ----- The classroom -----

def tab_in_view(page) -> str: return page.locator('button[role=tab][aria-selected=true]').inner_text()


def test_the_address_carries_the_view_and_opens_it_again(open_page, browser, app_url):
    page = open_page()
    page.get_by_label('Prefix').fill('8998 . 8999 .')
    page.locator('#model').get_by_text('LMModel5').click()
    page.get_by_text('Two stacked RNN layers').wait_for(timeout=20_000)
    page.get_by_role('tab', name='Side by side').click()
    page.wait_for_selector('#view-text table', timeout=20_000)
    page.wait_for_function("() => location.search.includes('view=compare') && location.search.includes('LMModel5')")
    shared = page.url
    assert 'text=8998+.+8999+.' in shared or 'text=8998%20.%208999%20.' in shared
    student = open_page.watch(browser.new_page())                      # a student opens the address
    try:
        student.goto(shared)
        student.wait_for_function('() => document.querySelector("#next-heading")?.innerText'
                                  '.includes("ninety nine .")', timeout=30_000)
        assert student.locator('#prefix textarea').input_value() == '8998 . 8999 .'
        assert student.locator('#model input[value=LMModel5]').is_checked()
        assert tab_in_view(student) == 'Side by side'
        student.wait_for_selector('#view-text table', timeout=20_000)
    finally: student.close()


def test_each_lesson_sets_model_prefix_and_view(open_page):
    from ui.lessons import LESSONS
    page = open_page()
    tabs = {'failures': 'Failures', 'guesses': 'Guesses', 'compare': 'Side by side', 'states': 'Hidden states',
            'attention': 'Attention'}
    for n, lesson in enumerate(LESSONS, 1):
        page.locator('#lesson label').nth(n - 1).click()
        page.wait_for_function(f'''() => document.querySelector("#prefix textarea")?.value === {lesson.prefix!r}''',
                               timeout=20_000)
        page.wait_for_function(f'''() => document.querySelector("#model input[value={lesson.variant}]").checked''',
                               timeout=20_000)
        page.wait_for_function(f'''() => document.querySelector("button[role=tab][aria-selected=true]").innerText
                                   === {tabs[lesson.view]!r}''', timeout=20_000)
        assert page.locator('#lesson-text').inner_text().startswith(page.locator('#lesson label').nth(n - 1)
                                                                     .inner_text().split('. ', 1)[1][:8])
    last = LESSONS[-1]
    page.wait_for_function(f"() => location.search.includes('view={last.view}') && "
                           f"location.search.includes('{last.variant}')", timeout=5_000)   # written once it settles


@pytest.mark.parametrize('lang', ['en', 'es'])
def test_after_every_lesson_and_model_the_page_shows_words_not_their_keys(open_page, lang):
    # A text first named after the page was built reaches Gradio's browser as its key ('quantity.update gate')
    from lm.models import VARIANTS
    from ui.lessons import LESSONS
    from ui.words import LANGUAGES, say
    keys = sorted({key for words in LANGUAGES.values() for key in words if '.' in key})
    page = open_page(address=f'?lang={lang}')
    shown_keys = '(keys) => { const text = document.body.innerText; return keys.filter(k => text.includes(k)); }'
    for n, lesson in enumerate(LESSONS):                    # the server sets the model and its controls
        page.locator('#lesson label').nth(n).click()
        page.wait_for_function(f'''() => document.querySelector("#model input[value={lesson.variant}]").checked &&
            document.querySelector("#prefix textarea")?.value === {lesson.prefix!r}''', timeout=20_000)
        page.wait_for_timeout(300)
        assert page.evaluate(shown_keys, keys) == [], lesson.name
    for variant in VARIANTS:                                # the browser does
        page.locator('#model').get_by_text(variant).click()
        page.wait_for_selector(f"#model-info:has-text('{variant}')", timeout=20_000)
        assert page.evaluate(shown_keys, keys) == [], variant
    page.get_by_role('tab', name=say('decided.tab', lang)).click()
    page.wait_for_timeout(500)
    assert page.evaluate(shown_keys, keys) == []


def test_after_each_lesson_the_controls_and_the_picture_agree(open_page):
    from ui.lessons import LESSONS
    page = open_page()
    quantity = f'''() => [document.querySelector('#quantity input:checked')?.value,
        document.querySelector("{HEATMAPS}")?.data?.[0]?.hovertemplate?.match(/layer 1 (.*)<\\/extra>/)?.[1]]'''
    models = '''() => [document.querySelector('#compare-left input').value,
        document.querySelector('#compare-right input').value,
        ...['#view-plot', '#view-more-plot'].map(p => document.querySelector(p + ' .js-plotly-plot')?.layout
            ?.annotations?.find(a => a.xanchor === 'right' && a.yref === 'paper')?.text)]'''
    for n, lesson in enumerate(LESSONS):
        page.locator('#lesson label').nth(n).click()
        page.wait_for_function(f'''() => document.querySelector("#prefix textarea")?.value === {lesson.prefix!r}''',
                               timeout=20_000)
        page.wait_for_timeout(1500)                                    # every answer in, the timer's too
        if lesson.view == 'states':
            assert page.evaluate(quantity) == [lesson.controls.get('states.quantity', 'h')] * 2, lesson.name
        if lesson.view == 'compare':
            left, right = lesson.controls['compare.left'], lesson.controls['compare.right']
            assert page.evaluate(models) == [left, right, left, right], lesson.name
        if lesson.name == 'gates':                                     # and the controls still work
            page.locator('#quantity').get_by_text('h', exact=True).click()
            page.wait_for_function(f'() => ({quantity})()[1] === "h"', timeout=20_000)
            page.locator('#quantity').get_by_text('forget gate', exact=True).click()
            page.locator('#layer').get_by_text('2', exact=True).click()
            page.wait_for_function(f'''() => document.querySelector("{HEATMAPS}").data[0].hovertemplate
                                       .includes('layer 1 forget gate')''', timeout=20_000)
            assert page.evaluate(quantity)[0] == 'forget gate'


def test_a_lessons_address_reopens_the_lesson_fully(open_page, browser):
    page = open_page()
    compared = """() => document.querySelector('#compare-left input')?.value === 'LMModel2' &&
                        document.querySelector('#compare-right input')?.value === 'LMModel3'"""
    found = "() => document.querySelector('#property input')?.value.startsWith('the next token')"
    for n, name, shows in ((2, 'state', compared), (6, 'regularization', found)):
        page.locator('#lesson label').nth(n).click()
        page.wait_for_function(shows, timeout=20_000)
        page.wait_for_function(f"() => location.search.includes('lesson={name}')", timeout=20_000)
        student = open_page.watch(browser.new_page())
        try:
            student.goto(page.url)
            student.wait_for_function(shows, timeout=30_000)
            assert student.locator('#lesson input:checked').get_attribute('value') == name
            assert student.locator('#lesson-text').inner_text() == page.locator('#lesson-text').inner_text() != ''
        finally: student.close()


def test_presentation_mode_hides_the_prediction_until_it_is_revealed(open_page):
    page = open_page()
    page.locator('#present input').check()
    page.wait_for_function("() => document.body.classList.contains('lm-present')")
    assert page.eval_on_selector('#distribution', 'el => getComputedStyle(el).visibility') == 'hidden'
    assert page.locator('#views').is_hidden() and page.locator('#settings').is_hidden()       # only the essentials
    page.locator('#reveal').click()
    assert page.eval_on_selector('#distribution', 'el => getComputedStyle(el).visibility') == 'visible'
    page.locator('#step-forward').click()                             # a new prefix: hidden again, for the next guess
    page.wait_for_function("() => !document.body.classList.contains('lm-revealed')", timeout=10_000)
    assert 'present=1' in page.url


def test_the_hidden_states_download_as_csv(open_page):
    page = open_page()
    page.get_by_role('tab', name='Export').click()
    page.locator('#export-csv').click()
    page.locator('#export-files a').first.wait_for(timeout=20_000)
    assert 'LMModel7-hidden-states' in page.locator('#export-files').inner_text()
    with page.expect_download() as download:
        page.locator('#export-files a').first.click()
    assert download.value.suggested_filename == 'LMModel7-hidden-states.csv'



def test_a_spanish_browser_gets_a_page_in_spanish_and_the_switch_goes_back_to_english(open_page):
    from tests.test_words import ENGLISH_FRAGMENTS
    page = open_page(locale='es-ES')
    page.get_by_text('Prefijo: el comienzo de la cuenta').wait_for(timeout=20_000)
    page.wait_for_function("() => document.querySelector('#model-info')?.innerText.includes('precisión')",
                           timeout=20_000)
    page.get_by_label('Prefijo: el comienzo de la cuenta').fill('one . fourty')
    page.get_by_text("¿quisiste decir").wait_for(timeout=20_000)
    # each tab drawn before it is read: the heatmap's Spanish hover words, the failures' Spanish headline
    for tab, drawn in (('Estados ocultos', "() => document.querySelector('#view-plot .js-plotly-plot')"
                                           "?.data?.[0]?.hovertemplate?.includes('posición')"),
                       ('Fallos', "() => document.querySelector('#view-text')?.innerText.includes('predice bien')")):
        page.get_by_role('tab', name=tab).click()
        page.wait_for_function(drawn, timeout=20_000)
        shown = page.evaluate("() => document.body.innerText")
        leftovers = sorted(f for f in ENGLISH_FRAGMENTS if f in shown)
        assert leftovers == [], leftovers
        for gradio_own in ('Use via API', 'Built with Gradio'):
            assert gradio_own not in shown
    assert 'lang=es' in page.url
    page.locator('#language').get_by_text('English').click()           # the switch: no reload, all of it
    page.get_by_text('Prefix: the beginning of the count').wait_for(timeout=20_000)
    page.get_by_text("did you mean").wait_for(timeout=20_000)
    page.wait_for_function("() => location.search.includes('lang=en')", timeout=5_000)   # written once it settles


def test_train_see_the_curve_grow_then_explore_my_model(open_page):
    page = open_page()
    page.get_by_role('tab', name='Train').click()
    page.locator('#train-variant input').click()
    page.get_by_role('option', name='LMModel4').click()
    epochs = page.locator('#train-epochs input[type="number"]')
    epochs.fill('4')
    epochs.press('Enter')
    page.locator('#train').click()
    curve = '#train-curves .js-plotly-plot'
    points = (f'() => {{ const el = document.querySelector("{curve}"); '
              f'return el && el.data ? el.data[0].x.length : 0; }}')
    page.wait_for_function(f'({points})() >= 1', timeout=60_000)
    page.wait_for_function(f'({points})() >= 3', timeout=60_000)        # it grows, epoch by epoch
    assert page.locator('#train-table table tr').count() >= 4            # fastai's table: header and the epochs
    page.locator('#train-explore').click(timeout=60_000)                  # shown when the run has ended
    checked = page.locator('#model input:checked')
    page.wait_for_function('() => document.querySelector("#model input:checked").value.startsWith("LMModel4-mine-")')
    model_id = checked.get_attribute('value')
    page.wait_for_function(f'() => document.querySelector("#view-text").innerText.includes("{model_id}")')
    assert page.get_by_role('tab', name='Side by side').get_attribute('aria-selected') == 'true'
    assert model_id in page.locator('#model-info').inner_text()
    page.get_by_role('tab', name='Hidden states').click()              # a model of the page: the server draws it
    page.get_by_label('Prefix').fill('one . two . three .')
    page.wait_for_function('() => document.querySelector("#next-heading").innerText.includes("one . two . three .")',
                           timeout=20_000)
    page.wait_for_selector(f"#browser-note:has-text('{model_id} is drawn by the server')", timeout=10_000)
