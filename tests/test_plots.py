"""Figures: plain data in, valid plotly figures and safe HTML out, with colours that agree."""
import plotly.graph_objects as go
import torch

from lm import plots
from lm.plots import Scale

TOKENS = ['one', '.', 'two', '.']


def valid(fig: dict) -> go.Figure:
    "Build the figure with plotly's validation on: raises on any property plotly does not know."
    return go.Figure(fig)


def test_distribution_is_most_likely_first_with_the_re_shaped_bars_over_the_models_own():
    fig = valid(plots.distribution_figure(['thousand', '.', 'one'], [0.7, 0.2, 0.1], [0.9, 0.1, 0.0],
                                          names=('own', 'shown')))
    ghost, bars = fig.data
    assert list(bars.y) == ["'thousand'", "'•'", "'one'"] and list(bars.x) == [0.9, 0.1, 0.0]
    assert list(ghost.x) == [0.7, 0.2, 0.1] and (ghost.name, bars.name) == ('own', 'shown')
    assert fig.layout.yaxis.autorange == 'reversed'              # the most likely on top
    assert list(bars.text) == ['90%', '10%', '']


def test_distribution_marks_the_chosen_token_and_never_zooms():
    fig = valid(plots.distribution_figure(['eight', 'nine'], [0.996, 0.004], chosen=0))
    assert len(fig.data) == 1 and list(fig.data[0].marker.color) == [plots.CHOSEN, plots.BAR]
    assert list(fig.data[0].text) == ['99.6%', '']               # not a '100%' that is not true
    assert fig.layout.dragmode is False and fig.layout.xaxis.fixedrange and fig.layout.yaxis.fixedrange


def test_states_heatmaps_are_units_by_tokens_one_per_layer_on_fixed_scales():
    layer1, layer2 = torch.randn(4, 8), torch.rand(4, 8)
    h, gate = Scale.for_range(-1, 1), Scale.for_range(0, 1, gate=True)
    order = [3, 0, 1, 2, 4, 5, 6, 7]
    names = [f'unit {u}' for u in range(8)]
    fig = valid(plots.states_figure(TOKENS, [
        plots.HeatmapLayer('layer 1 h', layer1, h, order, names, groups=[("next is '.'", 0, 1)], marked=(0,)),
        plots.HeatmapLayer('layer 2 input gate', layer2, gate, list(range(8)), names)], selected=(0, 5)))
    assert len(fig.data) == 2
    z = fig.data[0].z
    assert len(z) == 8 and len(z[0]) == 4                        # a row per unit, a column per token
    assert list(fig.data[0].y[:2]) == ['unit 3', 'unit 0']        # rows in the given order, named by their own number
    assert abs(z[0][2] - layer1[2, 3].item()) < 0.006             # row 0 is unit 3 (2 decimals)
    assert list(fig.data[0].x) == ['0: one', '1: •', '2: two', '3: •']     # hovering names position and token
    assert all(k in fig.data[0].hovertemplate for k in ('position %{x}', '%{y}', '%{z:.2f}'))
    assert list(fig.layout.xaxis2.ticktext) == ['one', '•', 'two', '•']
    assert (fig.data[0].zmin, fig.data[0].zmax) == (-1, 1) and (fig.data[1].zmin, fig.data[1].zmax) == (0, 1)
    assert fig.data[1].colorscale[0][1] == gate.css(0)           # a closed gate is light
    notes = [a.text for a in fig.layout.annotations]
    assert "next is '.'" in notes and 'layer 1 h' in notes and 'layer 2 input gate' in notes
    frames = {(s.yref, s.y0, s.line.color) for s in fig.layout.shapes if s.type == 'rect'}
    assert frames == {('y', 0.5, plots.CHOSEN), ('y', 4.5, '#111')}   # unit 0 (row 1) marked, unit 5 (row 5) chosen


def test_scales_are_light_at_zero_and_dark_at_the_ends():
    def lightness(rgb): return sum(rgb)
    for scale in (Scale.for_range(-1, 1), Scale.for_range(0, 5), Scale.for_range(0, 1, gate=True)):
        zero = lightness(scale.rgb(0))
        assert zero > 700 and lightness(scale.rgb(scale.hi)) < zero - 200
    diverging = Scale.for_range(-2, 2)
    assert diverging.rgb(-2)[2] > diverging.rgb(-2)[0] and diverging.rgb(2)[0] > diverging.rgb(2)[2]   # blue, red
    assert diverging.rgb(5) == diverging.rgb(2)                  # out of range: the end colour


def test_the_relu_scale_has_no_negative_half():
    scale = Scale.for_range(0, 4.7)
    assert scale.stops == plots.POSITIVE and valid({'data': [dict(type='heatmap', z=[[1]], colorscale=scale.plotly())]})


def test_tokens_html_uses_the_heatmaps_scale_readable_text_and_a_legend():
    scale = Scale.for_range(-1, 1)
    html = plots.tokens_html(['<b>', '.', 'two'], [1.0, 0.0, -1.0], scale, 'layer 1 h, unit 3:')
    assert '&lt;b&gt;' in html and '<b>' not in html
    assert f'background:{scale.css(1.0)};color:#fff' in html    # dark red: white text
    assert f'background:{scale.css(0.0)};color:#000' in html    # near white: black text
    assert 'lm-dot' in html and '•' in html                      # '.' drawn so that it shows
    assert 'layer 1 h, unit 3:' in html and 'linear-gradient' in html


def test_text_colour_keeps_contrast():
    assert plots.text_colour((255, 255, 255)) == '#000' and plots.text_colour((20, 20, 120)) == '#fff'


def test_continuation_html_colours_where_counting_departs():
    html = plots.continuation_html(['three', '.', 'five', '.'], 2, 'LMModel7, greedy', 'departs at token 3')
    assert html.count(plots.MATCH) == 2 and html.count(plots.DEPART) == 1 and html.count(plots.AFTER) == 1
    assert 'LMModel7, greedy' in html and 'departs at token 3' in html
    assert plots.continuation_html(['three', '.'], 2, '', '').count(plots.MATCH) == 2
    assert plots.continuation_html(['three', '.'], None, '', '').count(plots.AFTER) == 2


def test_message_figure_is_valid():
    valid(plots.message_figure('type something'))


def test_a_message_is_cut_into_the_fewest_lines_that_fit_a_phone_each_as_short_as_they_can_be():
    from ui.words import LANGUAGES, say
    for text in [say(key, lang) for lang in LANGUAGES for key in ('next.unreadable', 'next.empty', 'states.empty')]:
        lines = plots.wrapped(text).split('<br>')
        assert ' '.join(lines) == text and all(len(line) <= plots.MESSAGE_LINE for line in lines)
        fewest = -(-len(text) // plots.MESSAGE_LINE)
        assert len(lines) <= fewest + 1 and max(map(len, lines)) - min(map(len, lines[:-1]), default=0) < 20
    assert plots.wrapped('Type a prefix to see what the model expects next') == \
        'Type a prefix to see what<br>the model expects next'                  # two of 25 and 22, not 35 and 12
    assert plots.wrapped('a' * 50 + ' b') == 'a' * 50 + '<br>b'              # a longer word: a line of its own
    assert plots.wrapped('short') == 'short' and plots.wrapped('') == ''
    assert plots.message_figure('x ' * 30)['layout']['annotations'][0]['text'].count('<br>') == 1


def test_votes_and_path_figures_are_valid():
    valid(plots.votes_figure(['unit 3', 'unit 1'], [0.5, 0.2], 'share'))
    fig = valid(plots.path_figure(torch.randn(10, 2), ['.'] * 5 + ['thousand'] * 5, {'.': "'.'", 'thousand': 'th'},
                                  torch.randn(3, 2), ['one', '.', 'two'], ('a', 'b')))
    assert [d.name for d in fig.data[:2]] == ["'.'", 'th'] and list(fig.data[-1].text) == ['one', '•', 'two']


def test_the_group_labels_of_a_heatmap_neither_overlap_nor_run_off_the_figure():
    # LMModel8's layer 1: three groups of one unit in a row, then LMModel1's last two, for each layer of two
    groups = [("just read '.'", 0, 10), ("just read 'thousand'", 11, 15), ("just read 'hundred'", 16, 18),
              ("next is '.'", 19, 19), ('thousands word', 20, 20), ('hundreds word', 21, 21), ('tens word', 22, 31),
              ('units word', 62, 62), ('acaba de leer «thousand»', 63, 63)]
    names = [f'unit {u}' for u in range(64)]
    for n in (1, 2):
        layers = [plots.HeatmapLayer(f'layer {i}', torch.rand(4, 64), Scale.for_range(0, 1), list(range(64)), names,
                                     groups=groups) for i in range(n)]
        fig = valid(plots.states_figure(TOKENS, layers))
        height, margin = fig.layout.height, fig.layout.margin
        for i in range(n):
            domain = fig.layout[f"yaxis{i + 1 if i else ''}"].domain
            row = (height - margin.t - margin.b) * (domain[1] - domain[0]) / 64
            labels = [a for a in fig.layout.annotations if a.yref == f"y{i + 1 if i else ''}"]
            ys = sorted(a.y * row for a in labels)
            assert len(ys) == len(groups) and all(b - a >= 1.25 * 11 for a, b in zip(ys, ys[1:]))   # 11 px lines
            assert -0.5 * row <= ys[0] and ys[-1] <= 63.5 * row                  # within their layer
            assert all(0.55 * a.font.size * len(a.text) < margin.l - 8 for a in labels)     # inside the margin
