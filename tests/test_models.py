"""The models: the notebook's maths, any batch size, and state held by the caller."""
import pytest
import torch

from lm.models import BOOK, VARIANTS, logits_of, variant
from tests import notebook_models

V = 30


def build(v, seed=0):
    torch.manual_seed(seed)
    return v.build(V).eval()


def seq_len(v): return 3 if v.data.startswith('three') else 16


@pytest.mark.parametrize('v', VARIANTS.values(), ids=lambda v: v.id)
@pytest.mark.parametrize('bs', [1, 64])
def test_output_shapes(v, bs):
    x = torch.randint(0, V, (bs, seq_len(v)))
    output, state = build(v)(x)
    expected = (bs, V) if v.data.startswith('three') else (bs, seq_len(v), V)
    assert logits_of(output).shape == expected
    if v.id == 'LMModel7': assert [o.shape for o in output[1:]] == [(bs, 16, 64)] * 2   # raw and out
    if not v.stateful: assert state is None
    elif v.id in ('LMModel3', 'LMModel4'): assert state.shape == (bs, 64)
    elif v.id in ('LMModel5', 'LMModel9'): assert state.shape == (2, bs, 64)      # nn.RNN's h, the GRU's h
    elif v.attention: assert [s.shape for s in state] == [(2, bs, 64)] * 2 + [(bs, 32, 64), (bs, 32)]   # + its window
    else: assert [s.shape for s in state] == [(2, bs, 64)] * 2


@pytest.mark.parametrize('v', BOOK, ids=lambda v: v.id)
def test_same_maths_as_the_notebook(v):
    "Same weights in the notebook's class and ours give the same outputs, batch after batch."
    ours = build(v)
    theirs = getattr(notebook_models, v.id)(V, **v.hparams).eval()
    theirs.load_state_dict(ours.state_dict())
    state = None
    for _ in range(3):                               # three batches: the stateful ones carry their state
        x = torch.randint(0, V, (64, seq_len(v)))
        output, state = ours(x, state)
        assert torch.allclose(logits_of(output), logits_of(theirs(x)), atol=1e-6)


@pytest.mark.parametrize('v', [v for v in VARIANTS.values() if v.stateful], ids=lambda v: v.id)
def test_a_sequence_fed_in_pieces_gives_what_it_gives_at_once(v):
    model = build(v)
    x = torch.randint(0, V, (2, 12))
    whole, whole_state = model(x)
    outputs, state = [], None
    for piece in x.split([5, 1, 6], dim=1):
        output, state = model(piece, state)
        outputs.append(logits_of(output))
    if v.id == 'LMModel3':                           # predicts after the last token only
        assert torch.allclose(outputs[-1], whole, atol=1e-6)
    else:
        assert torch.allclose(torch.cat(outputs, dim=1), logits_of(whole), atol=1e-6)
    for a, b in zip(*(s if isinstance(s, tuple) else (s,) for s in (state, whole_state))):
        assert torch.allclose(a, b, atol=1e-6)


def test_two_callers_do_not_share_state():
    "The state lives with the caller: interleaved calls on one model object do not interfere."
    model = build(VARIANTS['LMModel6'])
    a, b = torch.randint(0, V, (1, 8)), torch.randint(0, V, (1, 8))
    alone, _ = model(a)
    state_a = state_b = None
    for i in range(8):
        out_a, state_a = model(a[:, i:i + 1], state_a)
        _, state_b = model(b[:, i:i + 1], state_b)
    assert torch.allclose(out_a[:, 0], alone[:, -1], atol=1e-6)


def test_lmmodel7_ties_input_and_output_weights():
    model = build(VARIANTS['LMModel7'])
    assert model.h_o.weight is model.i_h.weight


def test_variant_lookup_ignores_case_and_names_the_choices():
    assert variant('lmmodel7') is VARIANTS['LMModel7']
    with pytest.raises(KeyError, match='LMModel1, LMModel2'):
        variant('LMModel10')


def test_recipes_are_the_notebooks():
    recipes = {v.id: (v.epochs, v.lr) for v in BOOK}
    assert recipes == {'LMModel1': (4, 1e-3), 'LMModel2': (4, 1e-3), 'LMModel3': (10, 3e-3), 'LMModel4': (15, 3e-3),
                       'LMModel5': (15, 3e-3), 'LMModel6': (15, 1e-2), 'LMModel7': (15, 1e-2)}
    assert list(VARIANTS)[-2:] == ['LMModel8', 'LMModel9'] and VARIANTS['LMModel8'].attention
    assert (VARIANTS['LMModel9'].epochs, VARIANTS['LMModel9'].lr) == (15, 1e-2)            # LMModel6's, on a GRU
    assert VARIANTS['LMModel7'].hparams == dict(n_hidden=64, n_layers=2, p=0.4)
    assert VARIANTS['LMModel7'].regularized and all(VARIANTS[f'LMModel{i}'].stateful for i in range(3, 8))
    assert all(v.description for v in VARIANTS.values())


def test_lmmodel8_points_at_earlier_tokens_and_gives_probabilities():
    model = build(VARIANTS['LMModel8'])
    x = torch.randint(0, V, (3, 16))
    log_p, (h, c, window, tokens) = model(x)
    assert torch.allclose(log_p.exp().sum(-1), torch.ones(3, 16), atol=1e-4)     # a distribution at every position
    assert torch.equal(tokens, x[:, -32:].new_full((3, 32), -1).index_copy(1, torch.arange(16, 32), x))
    assert model.training is False and torch.equal(model(x)[0], log_p)           # no random reset outside training
