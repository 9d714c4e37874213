"""The figures a keystroke redraws, drawn on a canvas by ui/static/canvas.js, against the figures lm.plots makes: each
heatmap cell in its place and in its scale's colour, each bar as long as its probability, a message's text, the
tooltip's words; and the figures it leaves to plotly.js.

ui/static/ is served from a thread (no app). Needs Chromium, as tests/test_browser.py: skipped without it unless
REQUIRE_BROWSER=1. Any error in the page fails.
"""
import random

import pytest
import torch

from lm import plots
from tests.helpers import needs_chromium, static_page

needs_chromium()

DRAW = '''async ([figure, width]) => {
  const canvas = await import('/static/canvas.js');
  const element = document.createElement('div');
  element.style.width = `${width}px`;
  element.style.color = 'rgb(31, 35, 40)';
  document.body.replaceChildren(element);
  const areas = canvas.draw(element, figure), ratio = devicePixelRatio;
  const pixels = element.querySelector('canvas').getContext('2d')
    .getImageData(0, 0, width * ratio, figure.layout.height * ratio);
  window.lmPixel = (x, y) => {
    const at = 4 * (Math.floor(y * ratio) * pixels.width + Math.floor(x * ratio));
    return Array.from(pixels.data.slice(at, at + 4));
  };
  window.lmInked = () => {                       // the box around every pixel drawn, in px
    const box = [Infinity, Infinity, -Infinity, -Infinity];
    for (let k = 3; k < pixels.data.length; k += 4) {
      if (!pixels.data[k]) continue;
      const x = ((k - 3) / 4) % pixels.width / ratio, y = Math.floor((k - 3) / 4 / pixels.width) / ratio;
      box[0] = Math.min(box[0], x); box[1] = Math.min(box[1], y);
      box[2] = Math.max(box[2], x); box[3] = Math.max(box[3], y);
    }
    return box;
  };
  return areas;
}'''


@pytest.fixture(scope='module')
def tab(browser):
    with static_page(browser, viewport={'width': 1280, 'height': 900}) as page: yield page


def pixel(tab, x: float, y: float) -> tuple[int, int, int, int]:
    return tuple(tab.evaluate('([x, y]) => window.lmPixel(x, y)', [x, y]))


def two_layers(rng: random.Random) -> list[plots.HeatmapLayer]:
    out = []
    for i, (lo, hi, gate) in enumerate([(-1, 1, False), (0, 1, True)]):
        values = torch.tensor([[rng.uniform(lo, hi) for _ in range(16)] for _ in range(12)])     # 12 tokens, 16 units
        order = list(range(16))
        rng.shuffle(order)
        out.append(plots.HeatmapLayer(f'layer {i + 1} h', values, plots.Scale.for_range(lo, hi, gate=gate), order,
                                      [f'unit {u}' for u in range(16)], groups=[('tens word', 2, 5)], marked=(3,)))
    return out


def test_every_heatmap_cell_is_in_its_place_and_its_colour(tab):
    rng = random.Random(5)
    layers = two_layers(rng)
    tokens = ['one', '.', 'two', '.', 'three', '.', 'four', '.', 'five', '.', 'six', '.']
    figure = plots.states_figure(tokens, layers, selected=(1, 7))
    areas = tab.evaluate(DRAW, [figure, 900])
    assert len(areas) == 2 and areas[0]['bottom'] < areas[1]['top'] and areas[1]['bottom'] <= figure['layout']['height']
    for trace, area, layer in zip(figure['data'], areas, layers):
        assert (area['rows'], area['columns']) == (16, 12)
        for _ in range(25):
            row, column = rng.randrange(16), rng.randrange(12)
            # the cell's middle, away from any frame: a row's outline runs along its edges
            x = area['left'] + (column + 0.5) * area['cell_width']
            y = area['top'] + (row + 0.5) * area['cell_height']
            value = trace['z'][row][column]
            assert value == round(float(layer.values[column, layer.order[row]]), 2)
            expected = layer.scale.rgb(value)
            got = pixel(tab, x, y)
            assert got[3] == 255 and max(abs(a - b) for a, b in zip(got, expected)) <= 2, (row, column)
    # the selected unit's frame (black) on layer 2, along the top edge of its row
    area, row = areas[1], layers[1].order.index(7)
    frame = pixel(tab, (area['left'] + area['right']) / 2, area['top'] + row * area['cell_height'])
    assert max(frame[:3]) < 60 and frame[3] == 255


def test_the_tooltip_says_what_plotly_would(tab):
    figure = plots.states_figure(['one', '.'], two_layers(random.Random(1)), words=('posición', 'valor'))
    trace = figure['data'][1]
    lines = tab.evaluate('''async ([trace]) => (await import('/static/canvas.js')).hover_text(trace, 3, 1)''', [trace])
    assert lines == ['posición 1: •', trace['y'][3], f"valor {trace['z'][3][1]:.2f}", 'layer 2 h']
    areas = tab.evaluate(DRAW, [figure, 900])
    box = tab.locator('canvas').bounding_box()
    a = areas[1]
    tab.mouse.move(box['x'] + a['left'] + 1.5 * a['cell_width'], box['y'] + a['top'] + 3.5 * a['cell_height'])
    assert tab.inner_text('.lm-tip').splitlines() == lines
    tab.mouse.move(box['x'] + 2, box['y'] + 2)
    assert tab.locator('.lm-tip').is_hidden()
    bars = plots.distribution_figure(["a$'b", '$&'], [0.5, 0.5])['data'][0]     # a label is text, not a pattern
    said = tab.evaluate('''async ([trace]) => {
      const {hover_text} = await import('/static/canvas.js');
      return [hover_text(trace, 0, 0), hover_text(trace, 1, 0)];
    }''', [bars])
    assert said == [["'a$'b': 50.0%"], ["'$&': 50.0%"]]


def test_each_bar_is_as_long_as_its_probability_and_the_chosen_one_stands_out(tab):
    tokens = ['seven', 'eight', '.', 'one']
    own, shown = [0.5, 0.3, 0.15, 0.05], [0.9, 0.1, 0.0, 0.0]
    figure = plots.distribution_figure(tokens, own, shown, chosen=0, names=('own', 'shown'))
    [area, _] = tab.evaluate(DRAW, [figure, 500])
    assert tab.get_attribute('canvas', 'aria-label') == "'seven' 90.0%, 'eight' 10.0%, '•' 0.0%, 'one' 0.0%"
    lo, hi = figure['layout']['xaxis']['range']
    def at(v): return area['left'] + (v - lo) / (hi - lo) * (area['right'] - area['left'])
    colour = {plots.BAR: (0x3b, 0x6f, 0xb6), plots.CHOSEN: (0xe8, 0x71, 0x0a), plots.GHOST: (0xd5, 0xde, 0xeb)}
    for i, (o, s) in enumerate(zip(own, shown)):
        y = area['top'] + (i + 0.5) * area['cell_height']
        solid = colour[plots.CHOSEN if i == 0 else plots.BAR]
        if s > 0.02: assert pixel(tab, at(s) - 3, y)[:3] == solid, tokens[i]
        if s == 0: assert pixel(tab, at(o / 2), y)[:3] == colour[plots.GHOST], tokens[i]    # the model's own, behind
        assert pixel(tab, at(max(o, s)) + 40, y)[3] == 0 or i == 0, tokens[i]    # nothing after the bar but its label


def test_a_message_is_written_in_the_middle(tab):
    figure = plots.message_figure('Type a prefix to see what the model expects next')      # two lines
    tab.evaluate(DRAW, [figure, 400])
    assert tab.get_attribute('canvas', 'aria-label') == 'Type a prefix to see what the model expects next'
    left, top, right, bottom = tab.evaluate('window.lmInked()')
    assert abs((left + right) / 2 - 200) <= 4 and abs((top + bottom) / 2 - 110) <= 4      # plotly.js's margins
    assert 100 < right - left < 400 and 20 < bottom - top < 60


def test_a_figure_drawn_while_hidden_is_drawn_again_once_shown(tab):
    figure = plots.states_figure(['one', '.'], two_layers(random.Random(3)))
    tab.evaluate(DRAW, [figure, 600])
    tab.evaluate('''async ([figure]) => {
      const canvas = await import('/static/canvas.js'), element = document.querySelector('body > div');
      element.style.display = 'none';                         // presentation mode hides the display
      canvas.draw(element, figure);
      await new Promise(r => new ResizeObserver((seen, observer) => {   // once the page has laid it out hidden
        if (!seen[0].contentRect.width) { observer.disconnect(); r(); }
      }).observe(element));
      element.style.display = '';
    }''', [figure])
    tab.wait_for_function('() => document.querySelector("body > div > canvas").width >= 600 * devicePixelRatio')


def test_it_draws_the_keystroke_figures_and_leaves_the_others_to_plotly(tab):
    layers = two_layers(random.Random(2))
    mine = [plots.message_figure('empty'), plots.states_figure(['one', '.'], layers),
            plots.distribution_figure(['one', '.'], [0.9, 0.1]),
            plots.attention_figure(['one', '.'], torch.full((2, 3), 1 / 3), 'sentinel', ('copied', 'after'))]
    theirs = [plots.votes_figure(['unit 1', 'unit 2'], [0.5, -0.2], 'push'),
              plots.accuracy_figure(['a', 'b'], [0.5, 0.9], [10, 20], 'accuracy'),
              plots.accuracy_figure(['a', 'b'], [0.5, 0.9], [10, 20], 'accuracy', horizontal=False),
              plots.curves_figure([1, 2], [('train', [2.0, 1.0], 'loss')], ('epoch', 'loss', 'accuracy'))]
    drawable = tab.evaluate('''async (figures) => {
      const canvas = await import('/static/canvas.js');
      return figures.map(f => canvas.drawable(f));
    }''', mine + theirs)
    assert drawable == [True] * len(mine) + [False] * len(theirs)
