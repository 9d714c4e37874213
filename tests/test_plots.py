"""Figures: plain data in, valid plotly figures and safe HTML out."""
import plotly.graph_objects as go
import torch

from lm import plots

TOKENS = ['one', '.', 'two', '.']


def valid(fig):
    "Build the figure again with plotly's validation on: raises on any property plotly does not know."
    return go.Figure(fig.to_dict())


def test_distribution_keeps_the_order_and_draws_the_baseline():
    ranked = [('thousand', 0.7), ('.', 0.2), ('one', 0.1)]
    fig = valid(plots.distribution_figure(ranked, 'LMModel7 after ...', ('thousand', 0.1517)))
    bar = fig.data[0]
    assert list(bar.x) == ["'thousand'", "'.'", "'one'"] and list(bar.y) == [0.7, 0.2, 0.1]
    assert fig.layout.shapes[0].y0 == fig.layout.shapes[0].y1 == 0.1517
    assert "15.2%" in fig.layout.annotations[0].text and fig.layout.title.text == 'LMModel7 after ...'


def test_states_heatmaps_are_units_by_tokens_one_per_layer():
    layer1, layer2 = torch.randn(4, 64), torch.rand(4, 64)
    fig = valid(plots.states_figure(TOKENS, [('layer 1 h', layer1), ('layer 2 input gate', layer2)], 't', unit=5))
    assert len(fig.data) == 2
    z = fig.data[0].z
    assert len(z) == 64 and len(z[0]) == 4                       # a row per unit, a column per token
    assert abs(z[7][2] - layer1[2, 7].item()) < 1e-3
    assert fig.data[0].customdata[7][2] == 'two'                 # hovering a cell shows its token...
    assert all(k in fig.data[0].hovertemplate for k in ('%{customdata}', 'unit %{y}', '%{z:.3f}'))   # ...unit, value
    assert list(fig.layout.xaxis2.ticktext) == TOKENS
    assert fig.data[1].zmin == 0 and fig.data[1].zmax == 1       # gates lie in 0..1
    assert [s.y0 for s in fig.layout.shapes] == [4.5, 4.5]       # the chosen unit framed in each layer


def test_message_figure_is_valid():
    valid(plots.message_figure('type something'))


def test_tokens_html_colours_by_sign_and_escapes():
    html = plots.tokens_html(['<b>', 'two'], [1.0, -0.5])
    assert '&lt;b&gt;' in html and '<b>' not in html
    assert 'rgba(214, 39, 40, 1.00)' in html and 'rgba(31, 119, 180, 0.50)' in html


def test_continuation_html_says_where_counting_departs():
    html = plots.continuation_html(['three', '.', 'five'], ['three', '.', 'four'])
    assert "token 3: 'five' where counting says 'four'" in html
    assert html.count(plots.MATCH) == 2 and html.count(plots.DEPART) == 1
    assert 'All 3 tokens follow' in plots.continuation_html(['three', '.', 'four'], ['three', '.', 'four'])
    assert 'nothing to compare' in plots.continuation_html(['.'], None)
    assert 'the end of the text' in plots.continuation_html(['nine', '.', 'one'], ['nine', '.'])
