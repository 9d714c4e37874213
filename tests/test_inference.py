"""Inference: step-by-step states equal what the models, nn.RNN, nn.LSTM and nn.GRU compute; generation and counting."""
import pytest
import torch
from torch import nn

from lm import checkpoints
from lm.data import corpus
from lm.inference import (
    context,
    counting_continuation,
    fixed_range,
    generate,
    layout,
    matched,
    next_token_logits,
    probabilities,
    ranked,
    text_states,
    trace,
    typical_range,
    validation_predictions,
)
from lm.models import VARIANTS
from lm.prefix import PrefixError

C = corpus()
IDS = C.nums[40000:40021].tolist()                  # 21 tokens from the middle of the text


def random_model(v, seed=0):
    torch.manual_seed(seed)
    return v.build(30).eval()


@pytest.mark.parametrize('v', VARIANTS.values(), ids=lambda v: v.id)
def test_trace_predicts_what_the_model_predicts(v):
    model = random_model(v)
    t = trace(model, v, IDS)
    assert torch.allclose(t.logits, next_token_logits(model, v, IDS), atol=1e-5)
    assert t.ids == (IDS[-v.reads_last:] if v.reads_last else IDS)
    assert all(s.values.shape == (len(t.ids), 64) for s in t.states)


@pytest.mark.parametrize('v', VARIANTS.values(), ids=lambda v: v.id)
def test_layout_names_the_layers_and_quantities_that_trace_returns(v):
    model = random_model(v)
    n_layers, quantities = layout(model, v)
    assert [(s.layer, s.quantity) for s in trace(model, v, IDS).states] == \
        [(n, q) for n in range(1, n_layers + 1) for q in quantities]
    assert (n_layers, len(quantities)) == {'LMModel5': (2, 1), 'LMModel6': (2, 6), 'LMModel7': (2, 6),
                                           'LMModel8': (2, 6), 'LMModel9': (2, 3)}.get(v.id, (1, 1))


@pytest.mark.parametrize('vid', ['LMModel3', 'LMModel4'])
def test_relu_rnn_states_are_the_models_hidden_state(vid):
    v = VARIANTS[vid]
    model = random_model(v)
    output, h = model(torch.tensor([IDS]))
    [states] = trace(model, v, IDS).states
    assert torch.allclose(states.values[-1], h[0], atol=1e-5)
    if vid == 'LMModel4':                            # it predicts after every token: h_o of every state
        assert torch.allclose(model.h_o(states.values.clone()), output[0], atol=1e-5)


def test_tanh_rnn_layers_equal_nn_rnn():
    v = VARIANTS['LMModel5']
    model = random_model(v)
    emb = model.i_h(torch.tensor([IDS]))
    out, h_n = model.rnn(emb)
    layer1, layer2 = trace(model, v, IDS).states
    assert torch.allclose(layer2.values, out[0], atol=1e-5)
    assert torch.allclose(torch.stack([layer1.values[-1], layer2.values[-1]]), h_n[:, 0], atol=1e-5)
    first = nn.RNN(64, 64, 1, batch_first=True)      # the first layer alone, with the first layer's weights
    first.load_state_dict({k: w for k, w in model.rnn.state_dict().items() if k.endswith('_l0')})
    assert torch.allclose(layer1.values, first(emb)[0][0], atol=1e-5)


@pytest.mark.parametrize('vid', ['LMModel6', 'LMModel7'])
def test_lstm_states_and_gates_equal_nn_lstm(vid):
    v = VARIANTS[vid]
    model = random_model(v)
    emb = model.i_h(torch.tensor([IDS]))
    out, (h_n, c_n) = model.rnn(emb)
    states = {s.name: s.values for s in trace(model, v, IDS).states}
    assert torch.allclose(states['layer 2 h'], out[0], atol=1e-5)
    for n in (1, 2):
        assert torch.allclose(states[f'layer {n} h'][-1], h_n[n - 1, 0], atol=1e-5)
        assert torch.allclose(states[f'layer {n} c'][-1], c_n[n - 1, 0], atol=1e-5)
    # every step of layer 1, from nn.LSTM run as one layer with the first layer's weights
    first = nn.LSTM(64, 64, 1, batch_first=True)
    first.load_state_dict({k: w for k, w in model.rnn.state_dict().items() if k.endswith('_l0')})
    h_seq = first(emb)[0][0]
    assert torch.allclose(states['layer 1 h'], h_seq, atol=1e-5)
    # the gates, computed the notebook's way (one matrix product for all four) from nn.LSTM's own h
    h_prev = torch.cat([torch.zeros(1, 64), h_seq[:-1]])
    gates = emb[0] @ first.weight_ih_l0.T + first.bias_ih_l0 + h_prev @ first.weight_hh_l0.T + first.bias_hh_l0
    i, f, g, o = gates.chunk(4, dim=1)
    for name, expected in [('input gate', i.sigmoid()), ('forget gate', f.sigmoid()), ('cell gate', g.tanh()),
                           ('output gate', o.sigmoid())]:
        assert torch.allclose(states[f'layer 1 {name}'], expected, atol=1e-5), name
    assert torch.allclose(states['layer 1 output gate'] * states['layer 1 c'].tanh(), h_seq, atol=1e-5)


def test_lmmodel1_and_2_read_the_last_three_tokens_only():
    for vid in ('LMModel1', 'LMModel2'):
        v = VARIANTS[vid]
        model = random_model(v)
        assert torch.equal(next_token_logits(model, v, IDS), next_token_logits(model, v, [5, 5] + IDS[-3:]))
        with pytest.raises(PrefixError, match='reads exactly the last 3 tokens'):
            context(v, IDS[:2])


def test_an_empty_prefix_is_refused():
    with pytest.raises(PrefixError, match='empty'):
        context(VARIANTS['LMModel7'], [])


def test_probabilities_temperature_and_top_k():
    logits = torch.tensor([2.0, 1.0, 0.5, -1.0])
    p = probabilities(logits)
    assert torch.isclose(p.sum(), torch.tensor(1.0)) and p.argmax() == 0
    assert probabilities(logits, 0.5)[0] > p[0] > probabilities(logits, 2.0)[0]
    top2 = probabilities(logits, 1.0, top_k=2)
    assert torch.isclose(top2.sum(), torch.tensor(1.0)) and (top2[2:] == 0).all()
    assert probabilities(logits, 0).tolist() == [1, 0, 0, 0]
    assert [t for t, _ in ranked(p, 'abcd')] == ['a', 'b', 'c', 'd']


def test_gru_states_and_gates_equal_nn_gru():
    "LMModel9's h at every step is what nn.GRU computes with its weights; its two gates, computed PyTorch's way."
    v = VARIANTS['LMModel9']
    model = random_model(v)
    emb = model.i_h(torch.tensor([IDS]))
    gru = model.rnn.to_gru()
    out, h_n = gru(emb)
    states = {s.name: s.values for s in trace(model, v, IDS).states}
    assert torch.allclose(states['layer 2 h'], out[0], atol=1e-5)
    for n in (1, 2): assert torch.allclose(states[f'layer {n} h'][-1], h_n[n - 1, 0], atol=1e-5)
    first = nn.GRU(64, 64, 1, batch_first=True)
    first.load_state_dict({k: w for k, w in gru.state_dict().items() if k.endswith('_l0')})
    h_seq = first(emb)[0][0]
    h_prev = torch.cat([torch.zeros(1, 64), h_seq[:-1]])
    i = emb[0] @ first.weight_ih_l0.T + first.bias_ih_l0
    g = h_prev @ first.weight_hh_l0.T + first.bias_hh_l0
    reset, update = (i[:, :64] + g[:, :64]).sigmoid(), (i[:, 64:128] + g[:, 64:128]).sigmoid()
    assert torch.allclose(states['layer 1 reset gate'], reset, atol=1e-5)
    assert torch.allclose(states['layer 1 update gate'], update, atol=1e-5)
    assert fixed_range(v, 'update gate') == (0, 1) and fixed_range(v, 'h') == (-1, 1)


@pytest.mark.parametrize('vid', ['LMModel2', 'LMModel3', 'LMModel7', 'LMModel9'])
def test_greedy_generation_carrying_state_equals_recomputing_from_scratch(vid):
    ck = checkpoints.load(vid)
    prefix = C.encode('seven thousand three hundred twelve .'.split())
    new = generate(ck.model, ck.variant, prefix, 12)
    again = list(prefix)
    for _ in range(12): again.append(int(next_token_logits(ck.model, ck.variant, again).argmax()))
    assert new == again[len(prefix):]


def test_sampling_is_reproducible_with_a_generator_and_follows_temperature():
    ck = checkpoints.load('LMModel7')
    prefix = C.encode('one . two .'.split())
    a = generate(ck.model, ck.variant, prefix, 30, 1.0, generator=torch.Generator().manual_seed(1))
    b = generate(ck.model, ck.variant, prefix, 30, 1.0, generator=torch.Generator().manual_seed(1))
    assert a == b and all(0 <= i < 30 for i in a)
    hot = generate(ck.model, ck.variant, prefix, 30, 50.0, generator=torch.Generator().manual_seed(1))
    assert hot != generate(ck.model, ck.variant, prefix, 30, 0)


@pytest.mark.parametrize('temperature', [0.5, 1.0, 2.0])
def test_sampling_from_the_top_1_is_greedy_at_any_temperature(temperature):
    ck = checkpoints.load('LMModel4')
    prefix = C.encode('seven thousand three hundred twelve .'.split())
    sampled = generate(ck.model, ck.variant, prefix, 30, temperature, top_k=1,
                       generator=torch.Generator().manual_seed(0))
    assert sampled == generate(ck.model, ck.variant, prefix, 30)
    anything = generate(ck.model, ck.variant, prefix, 30, 2.0, generator=torch.Generator().manual_seed(0))
    assert anything != sampled                  # without top-k 1, temperature 2 does wander off


def test_matched_counts_the_tokens_that_follow_counting():
    assert matched(['three', '.', 'five'], ['three', '.', 'four']) == 2
    assert matched(['three', '.'], ['three', '.', 'four']) == 2
    assert matched(['nine', '.', 'one'], ['nine', '.']) == 2              # the text ended at 9999


def test_colour_ranges_are_fixed_by_the_maths_or_typical_of_the_values():
    lstm, relu, tanh = VARIANTS['LMModel7'], VARIANTS['LMModel4'], VARIANTS['LMModel5']
    assert fixed_range(lstm, 'forget gate') == (0, 1) and fixed_range(lstm, 'cell gate') == (-1, 1)
    assert fixed_range(lstm, 'h') == fixed_range(tanh, 'h') == (-1, 1)
    assert fixed_range(relu, 'h') is None and fixed_range(lstm, 'c') is None
    values = torch.cat([torch.linspace(0, 2, 1000), torch.tensor([500.0])])      # one outlier
    assert typical_range(values, signed=False) == (0, 2.0)
    assert typical_range(-values, signed=True) == (-2.0, 2.0)


@pytest.mark.parametrize('vid', ['LMModel1', 'LMModel4', 'LMModel7'])
def test_text_states_are_what_a_prefix_ending_there_shows(vid):
    v = VARIANTS[vid]
    model = random_model(v)
    states = text_states(model, v, IDS)
    first = v.reads_last or 1
    for end in (first, len(IDS) // 2, len(IDS)):
        at_end = trace(model, v, IDS[:end]).states
        for s, expected in zip(states, at_end):
            assert torch.allclose(s.values[end - first], expected.values[-1], atol=1e-5)


def test_counting_continuation():
    assert counting_continuation('one . two .'.split(), 4) == ['three', '.', 'four', '.']
    assert counting_continuation('one . two . thr'.split(), 3) is None          # not a token
    assert counting_continuation('nineteen . twenty'.split(), 3) == ['.', 'twenty', 'one']
    assert counting_continuation('seven thousand three hundred twelve .'.split(), 5) == \
        ['seven', 'thousand', 'three', 'hundred', 'thirteen']
    assert counting_continuation('nine thousand nine hundred ninety eight .'.split(), 10) == \
        'nine thousand nine hundred ninety nine .'.split()                        # the text ends at 9999
    assert counting_continuation('one . three'.split(), 2) is None               # not counting
    assert counting_continuation('seven thousand'.split(), 2) is None           # no complete number yet


@pytest.mark.parametrize('vid', VARIANTS)
def test_shipped_checkpoints_reach_the_accuracy_they_record(vid):
    ck = checkpoints.load(vid)
    preds, targets = validation_predictions(ck.model, ck.variant)
    assert (preds == targets).float().mean().item() == pytest.approx(ck.accuracy, abs=1e-4)


def test_lmmodel8s_trace_attention_and_guesses_equal_its_own_forward_pass():
    from lm.explain import position_logits
    from lm.inference import ATTENDED, extend, pointing
    ck = checkpoints.load('LMModel8')
    ids = C.nums[50000:50070].tolist()                      # longer than its window of 32
    output, _ = ck.model(torch.tensor([ids]))
    t = trace(ck.model, ck.variant, ids)
    assert torch.allclose(t.logits, output[0, -1], atol=1e-5)
    assert torch.allclose(position_logits(ck.model, ck.variant, ids)[1], output[0], atol=1e-5)
    top = [s for s in t.states if s.quantity == 'h'][-1].values
    with torch.no_grad(): log_p, attention = pointing(ck.model, ids, top)              # at every position
    assert torch.allclose(log_p, output[0], atol=1e-5)
    assert torch.allclose(attention.sum(-1), torch.ones(len(ids)), atol=1e-5)         # tokens + sentinel: all of it
    assert (attention[:, :-1].triu(1) == 0).all()                                     # never a token not read yet
    assert (attention[40, :40 - 32 + 1] == 0).all()                                   # nor one out of its window
    # the trace keeps the last ATTENDED positions, on the last ATTENDED tokens: the same as computed for all
    n = ATTENDED
    assert t.attention.shape == (n, n + 1)
    assert torch.allclose(t.attention, torch.cat([attention[-n:, -n - 1:-1], attention[-n:, -1:]], 1), atol=1e-6)
    state, steps = None, []
    for i in range(len(ids)):                               # token by token, the window carried as its state
        out, state = ck.model(torch.tensor([ids[i:i + 1]]), state)
        steps.append(out[0, -1])
    assert torch.allclose(torch.stack(steps), output[0], atol=1e-5)
    assert torch.equal(extend(ck.model, ck.variant, trace(ck.model, ck.variant, ids[:60]), 60, ids).logits, t.logits)
