"""The notebook's two hand-written LSTMCells (lm.models): LMModel6 with its nn.LSTM replaced by lm.models.LSTM on
either cell, nn.LSTM's weights mapped into the cells, computes what LMModel6 computes, at every position of a long
prefix, and carries the same state. And the chapter's GRU exercise: LMModel9's GRU from scratch computes what
PyTorch's nn.GRU computes with the same weights."""
import copy

import pytest
import torch

from lm.models import LSTM, LSTMCell, LSTMCellFourLinears


@pytest.fixture(scope='module')
def long_prefix(explorer):
    text = ' . '.join(str(n) for n in range(4090, 4150)) + ' .'
    return torch.tensor([explorer.corpus.encode(explorer.read(text).tokens)])


def by_hand(lmmodel6, cell):
    "LMModel6 on the notebook's cell: a copy, its rnn written by hand."
    model = copy.deepcopy(lmmodel6)
    model.rnn = LSTM.from_lstm(lmmodel6.rnn, cell)
    return model.eval()


@pytest.mark.parametrize('cell', [LSTMCellFourLinears, LSTMCell])
def test_lmmodel6_on_the_notebooks_cells_computes_what_it_computes(explorer, long_prefix, cell):
    lmmodel6 = copy.deepcopy(explorer.checkpoint('LMModel6').model)           # run in float64 too: a copy
    assert long_prefix.shape[1] > 300
    model = by_hand(lmmodel6, cell)
    with torch.no_grad():
        # in float64, the same maths give the same numbers but for rounding; in float32, as the models run
        for dtype, bound in ((torch.float64, 1e-5), (torch.float32, 1e-4)):
            expected, (h, c) = lmmodel6.to(dtype)(long_prefix)
            out, (h2, c2) = model.to(dtype)(long_prefix)
            assert out.shape == expected.shape
            assert (out - expected).abs().max() <= bound
            assert max((h2 - h).abs().max(), (c2 - c).abs().max()) <= bound
            half = long_prefix.shape[1] // 2                  # the state carried from one call to the next
            first, state = model(long_prefix[:, :half])
            second, _ = model(long_prefix[:, half:], state)
            assert (torch.cat([first, second], 1) - expected).abs().max() <= bound


def test_the_mapping_puts_each_gate_where_the_cell_reads_it(explorer):
    "The one-matmul cell given nn.LSTM's weights in nn.LSTM's own order computes something else: the order matters."
    lmmodel6 = explorer.checkpoint('LMModel6').model
    mapped, unmapped = by_hand(lmmodel6, LSTMCell), by_hand(lmmodel6, LSTMCell)
    for n, cell in enumerate(unmapped.rnn.cells):
        cell.ih.weight.data = getattr(lmmodel6.rnn, f'weight_ih_l{n}').detach().clone()
        cell.hh.weight.data = getattr(lmmodel6.rnn, f'weight_hh_l{n}').detach().clone()
    x = torch.tensor([explorer.corpus.encode(explorer.read('one . two . three .').tokens)])
    with torch.no_grad():
        assert (mapped(x)[0] - lmmodel6(x)[0]).abs().max() <= 1e-4
        assert (unmapped(x)[0] - lmmodel6(x)[0]).abs().max() > 0.1


def test_lmmodel9s_gru_from_scratch_computes_what_nn_gru_computes(explorer, long_prefix):
    lmmodel9 = copy.deepcopy(explorer.checkpoint('LMModel9').model)
    on_nn_gru = copy.deepcopy(lmmodel9)
    on_nn_gru.rnn = lmmodel9.rnn.to_gru()
    assert isinstance(on_nn_gru.rnn, torch.nn.GRU)
    with torch.no_grad():
        for dtype, bound in ((torch.float64, 1e-5), (torch.float32, 1e-4)):
            expected, h = on_nn_gru.to(dtype)(long_prefix)
            out, h2 = lmmodel9.to(dtype)(long_prefix)
            assert (out - expected).abs().max() <= bound and (h2 - h).abs().max() <= bound
            half = long_prefix.shape[1] // 2
            first, state = lmmodel9(long_prefix[:, :half])
            second, _ = lmmodel9(long_prefix[:, half:], state)
            assert (torch.cat([first, second], 1) - expected).abs().max() <= bound
