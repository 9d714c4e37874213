"""What units mean: the scores against hand-checked cases, the order, the votes, switching units off, the maps."""
import pytest
import torch

from lm import checkpoints
from lm.data import corpus, kinds, validation_start
from lm.inference import SwitchOff, trace
from lm.models import VARIANTS
from lm.units import PROPERTIES, analyse, auc, average_ranks, order_units, pca, property_masks, votes

C = corpus()


def test_kinds_of_position_name_every_word_of_a_number():
    text = 'seven thousand three hundred twenty one . twelve . twenty . nine hundred five .'.split()
    assert kinds(text) == ['thousands_word', 'thousand', 'hundreds_word', 'hundred', 'tens_word', 'units_word', '.',
                           'units_word', '.', 'tens_word', '.', 'hundreds_word', 'hundred', 'units_word', '.']


def test_property_masks_on_a_hand_checked_text():
    text = 'two thousand one . three hundred .'.split()
    masks = property_masks(text, kinds(text))
    assert set(masks) == set(PROPERTIES)
    assert masks['read_dot'].tolist() == [0, 0, 0, 1, 0, 0, 1]
    assert masks['next_dot'].tolist() == [0, 0, 1, 0, 0, 1, 0]
    assert masks['read_thousand'].tolist() == [0, 1, 0, 0, 0, 0, 0]
    assert masks['thousands_word'].tolist() == [1, 0, 0, 0, 0, 0, 0]
    assert masks['hundreds_word'].tolist() == [0, 0, 0, 0, 1, 0, 0]
    assert masks['units_word'].tolist() == [0, 0, 1, 0, 0, 0, 0]


def test_auc_is_one_for_a_perfect_detector_zero_for_an_inverted_one_and_a_half_for_noise():
    labels = torch.tensor([1, 0, 1, 0, 0, 1, 0, 0], dtype=torch.bool)
    perfect = labels.float() * 2 - 1                       # +1 where it holds, -1 elsewhere
    values = torch.stack([perfect, -perfect, torch.zeros(8), torch.tensor([5., 1, 2, 3, 4, 0, 6, 7])], 1)
    a = auc(values, labels).tolist()
    assert a[0] == 1.0 and a[1] == 0.0 and a[2] == 0.5      # a constant says nothing: all ties
    # hand-counted: yes-values 5, 2, 0 against no-values 1, 3, 4, 6, 7: pairs won 3 + 1 + 0 = 4 of 15
    assert a[3] == pytest.approx(4 / 15)


def test_average_ranks_share_ties():
    assert average_ranks(torch.tensor([[3.], [1.], [3.], [2.]]))[:, 0].tolist() == [3.5, 1.0, 3.5, 2.0]


def test_a_unit_planted_in_a_synthetic_state_is_found_first():
    text = list(C.tokens[validation_start():validation_start() + 2000])
    masks = property_masks(text, kinds(text))
    torch.manual_seed(0)
    values = torch.randn(len(text), 16)
    values[:, 11] = masks['next_dot'].float() + 0.3 * torch.randn(len(text))     # unit 11 tracks "next is '.'"
    values[:, 4] = -masks['read_hundred'].float() * 3 + 0.1 * torch.randn(len(text))  # unit 4 switches off for it
    scores = torch.stack([auc(values, masks[name]) for name in PROPERTIES])
    names = list(PROPERTIES)
    assert scores[names.index('next_dot')].argmax() == 11 and scores[names.index('next_dot'), 11] > 0.9
    assert scores[names.index('read_hundred')].argmin() == 4 and scores[names.index('read_hundred'), 4] < 0.01
    order, labels = order_units(scores)
    assert labels[11] == 'next_dot' and labels[4] == 'read_hundred' and labels[0] is None
    assert order.index(4) < order.index(11) < order.index(0)  # grouped in the order of PROPERTIES, then the rest
    assert sorted(order) == list(range(16))


def test_pca_finds_the_direction_of_most_variance():
    torch.manual_seed(0)
    values = torch.randn(500, 1) * torch.tensor([[0.0, 5.0, 0.0]]) + 0.1 * torch.randn(500, 3)
    m = pca(values)
    assert abs(m.components[0, 1]) > 0.99 and m.explained[0] > 0.95
    assert m.project(values).shape == (500, 2)


@pytest.mark.parametrize('vid', ['LMModel4', 'LMModel5', 'LMModel7'])
def test_the_last_layers_votes_add_up_to_the_logit(vid):
    ck = checkpoints.load(vid)
    t = trace(ck.model, ck.variant, C.encode('seven thousand three hundred twelve .'.split()))
    last = [s for s in t.states if s.quantity == 'h'][-1].values[-1]
    for token in (int(t.logits.argmax()), 3):
        share = votes(last, ck.model.h_o.weight[token])
        assert float(share.sum() + ck.model.h_o.bias[token].detach()) == pytest.approx(float(t.logits[token]), abs=1e-4)


@pytest.mark.parametrize('vid', ['LMModel2', 'LMModel4', 'LMModel5', 'LMModel7'])
def test_switching_a_unit_off_changes_only_what_follows_it(vid):
    ck = checkpoints.load(vid)
    ids = C.encode('seven thousand three hundred twelve . seven thousand three hundred'.split())
    start = len(ids) - 3
    before = trace(ck.model, ck.variant, ids)
    after = trace(ck.model, ck.variant, ids, SwitchOff(1, (5, 9), start))
    offset = len(ids) - len(before.ids)                          # LMModel2 reads the last 3 tokens only
    for b, a in zip(before.states, after.states):
        step = max(start - offset, 0)
        assert torch.equal(b.values[:step], a.values[:step])            # before the switch: untouched
        if (b.layer, b.quantity) == (1, 'h'):
            assert (a.values[step:, [5, 9]] == 0).all() and (b.values[step:, [5, 9]] != 0).any()
    assert not torch.equal(before.logits, after.logits)
    assert torch.equal(trace(ck.model, ck.variant, ids, SwitchOff(1, (), 0)).logits, before.logits)


def test_the_trained_lstm_has_units_that_mean_something():
    ck = checkpoints.load('LMModel7')
    start = validation_start()
    analysis = analyse(ck.model, ck.variant, C.nums[start:].tolist(), list(C.tokens[start:]))
    best = analysis.best('next_dot')[0]
    assert best.auc > 0.99 or best.auc < 0.01                      # "a number ends next", almost perfectly
    for prop in ('read_dot', 'read_hundred'):
        assert abs(analysis.best(prop)[0].auc - 0.5) > 0.48
    for layer, order in analysis.order.items():
        assert sorted(order) == list(range(64))
        labelled = [u for u in order if analysis.labels[layer][u]]
        assert order[:len(labelled)] == labelled                   # the labelled units come first, grouped
    assert analysis.cloud[1].shape == (1500, 2) and len(analysis.cloud_kinds) == 1500
    assert set(analysis.scores) == {(n, q) for n in (1, 2) for q in ('h', 'c', 'input gate', 'forget gate',
                                                                    'cell gate', 'output gate')}


def test_a_model_that_reads_three_tokens_is_analysed_from_its_third_token():
    v = VARIANTS['LMModel1']
    torch.manual_seed(0)
    model = v.build(30).eval()
    analysis = analyse(model, v, C.nums[:300].tolist(), list(C.tokens[:300]))
    assert analysis.scores[(1, 'h')].shape == (len(PROPERTIES), 64)
