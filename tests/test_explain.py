"""Why models predict what they do: guesses, saliency, the logit lens, and where they fail on the validation set."""
import pytest
import torch
import torch.nn.functional as F

from lm import checkpoints
from lm.data import corpus, numbers
from lm.explain import guesses, logit_lens, position_logits, saliency
from lm.failures import by_range, failures, target_places
from lm.inference import next_token_logits, text_states, trace, validation_predictions
from lm.models import VARIANTS, logits_of

C = corpus()
IDS = C.encode('seven thousand three hundred twelve . seven thousand three hundred thirteen .'.split())


def test_numbers_name_the_number_each_token_belongs_to():
    assert numbers('one . two . seven thousand three'.split()) == [1, 1, 2, 2, 7003, 7003, 7003]
    assert numbers('hundred twelve . nine'.split()) == [0, 0, 0, 9]          # cut off at the start


@pytest.mark.parametrize('vid', ['LMModel1', 'LMModel3', 'LMModel4', 'LMModel7'])
def test_the_guess_at_each_position_is_the_prediction_from_the_prefix_before_it(vid):
    ck = checkpoints.load(vid)
    found = guesses(ck.model, ck.variant, IDS)
    first = ck.variant.reads_last or 1
    assert [g.position for g in found] == list(range(first, len(IDS)))
    for g in found[::4]:
        logits = next_token_logits(ck.model, ck.variant, IDS[:g.position])
        assert g.top[0][0] == int(logits.argmax()) and g.token == IDS[g.position]
        assert g.top[0][1] == pytest.approx(float(F.softmax(logits, -1).max()), abs=1e-5)
        assert g.right == (g.top[0][0] == g.token)
    # from the states the caller has already, the same guesses
    assert guesses(ck.model, ck.variant, IDS, text_states(ck.model, ck.variant, IDS)) == found


def test_position_logits_are_the_models_own_outputs_at_every_position():
    ck = checkpoints.load('LMModel6')
    first, logits = position_logits(ck.model, ck.variant, IDS)
    output, _ = ck.model(torch.tensor([IDS]))
    assert first == 0 and torch.allclose(logits, logits_of(output)[0], atol=1e-4)


@pytest.mark.parametrize('vid', ['LMModel2', 'LMModel4', 'LMModel7'])
def test_saliency_is_the_gradient_of_the_models_own_forward_pass(vid):
    ck = checkpoints.load(vid)
    token, norms = saliency(ck.model, ck.variant, IDS)
    assert all(p.grad is None for p in ck.model.parameters())     # the model, shared by every user, is left as it was
    captured = []                              # the embeddings the model reads: all at once, or one step at a time
    def keep(module, inputs, output):
        output.retain_grad()
        captured.append(output)
    handle = ck.model.i_h.register_forward_hook(keep)
    try:
        context = IDS[-ck.variant.reads_last:] if ck.variant.reads_last else IDS
        output, _ = ck.model(torch.tensor([context]))
        logits = logits_of(output)
        last = logits[0, -1] if logits.dim() == 3 else logits[0]
        F.log_softmax(last, -1)[token].backward()
    finally: handle.remove()
    grads = [e.grad for e in captured]
    expected = (grads[0][0] if grads[0].dim() == 3 else torch.stack([g[0] for g in grads])).norm(dim=1)
    assert token == int(last.argmax())
    assert torch.allclose(norms[-len(context):], expected, atol=1e-5)
    assert (norms[:-len(context)] == 0).all()                   # tokens the model does not read do not matter


def test_the_logit_lens_ends_with_the_models_prediction():
    ck = checkpoints.load('LMModel7')
    layers = logit_lens(ck.model, trace(ck.model, ck.variant, IDS))
    assert len(layers) == 2
    assert torch.allclose(layers[-1], F.softmax(trace(ck.model, ck.variant, IDS).logits, -1), atol=1e-6)
    ck4 = checkpoints.load('LMModel4')
    assert len(logit_lens(ck4.model, trace(ck4.model, ck4.variant, IDS))) == 1


@pytest.mark.parametrize('vid', VARIANTS)
def test_error_analysis_adds_up_to_the_recorded_accuracy(vid):
    ck = checkpoints.load(vid)
    f = failures(ck.model, ck.variant)
    assert sum(k.count for k in f.kinds) == f.count and sum(k.correct for k in f.kinds) == f.correct
    assert f.accuracy == pytest.approx(ck.accuracy, abs=1e-4)
    assert sum(n for _, n, _ in f.by_hundred) == f.count and sum(c for _, _, c in f.by_thousand) == f.correct
    for k in f.kinds:
        assert sum(n for *_, n in k.confusions) <= k.count - k.correct
        assert all(t != p for t, p, _ in k.confusions)


def test_targets_are_traced_back_to_their_place_in_the_text():
    for vid in ('LMModel1', 'LMModel3', 'LMModel7'):
        v = VARIANTS[vid]
        _, targets = validation_predictions(checkpoints.load(vid).model, v)
        assert torch.equal(C.nums[target_places(v)], targets.flatten())


def test_lmmodel7_cannot_start_nine_thousand_but_knows_thousand_follows():
    f = failures(checkpoints.load('LMModel7').model, VARIANTS['LMModel7'])
    assert f.nine_thousand == (951, 848) and f.thousand_after_nine == (951, 27)
    thousands = next(k for k in f.kinds if k.kind == 'thousands_word')
    assert thousands.confusions[0][0] == 'nine'                 # its most frequent mistake: the 'nine' it never saw


def test_by_range_groups_targets_by_their_number():
    numbers_of = torch.tensor([8001, 8002, 8150, 9001])
    right = torch.tensor([True, False, True, True])
    assert by_range(numbers_of, right, 100) == [(8000, 2, 1), (8100, 1, 1), (9000, 1, 1)]
    assert by_range(numbers_of, right, 1000) == [(8000, 3, 2), (9000, 1, 1)]
