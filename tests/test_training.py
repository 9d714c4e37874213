"""Training: the notebook's batches, made fast, and a short run that learns."""
from dataclasses import replace

import pytest
import torch
from fastai.data.core import DataLoaders
from fastcore.foundation import L

from lm.data import corpus
from lm.models import variant
from lm.training import Stateful, dataloaders, train


def notebook_dataloaders(data):
    "The notebook's DataLoaders, built from lists of per-item tensors as it builds them (In[9] to In[21])."
    nums = L(corpus().nums.tolist())
    if data.startswith('three'):
        seqs = L((torch.tensor(nums[i:i + 3]), nums[i + 3]) for i in range(0, len(nums) - 4, 3))
    else:
        seqs = L((torch.tensor(nums[i:i + 16]), torch.tensor(nums[i + 1:i + 17])) for i in range(0, len(nums) - 17, 16))
    cut = int(len(seqs) * 0.8)                       # the notebook's own line, its 80/20 written out
    if data == 'three': return DataLoaders.from_dsets(seqs[:cut], seqs[cut:], bs=64, shuffle=False)

    def group(ds):                                   # the notebook's group_chunks
        m = len(ds) // 64
        return L(ds[i + m * j] for i in range(m) for j in range(64))
    return DataLoaders.from_dsets(group(seqs[:cut]), group(seqs[cut:]), bs=64, drop_last=True, shuffle=False)


@pytest.mark.parametrize('data', ['three', 'three in order', 'sequences'])
def test_batches_are_the_notebooks(data):
    ours, theirs = dataloaders(data), notebook_dataloaders(data)
    for a, b in zip((ours.train, ours.valid), (theirs.train, theirs.valid)):
        assert len(a) == len(b) and a.drop_last == b.drop_last
        ours_batches, their_batches = list(a), list(b)
        for (x1, y1), (x2, y2) in zip(ours_batches[:3] + ours_batches[-2:], their_batches[:3] + their_batches[-2:]):
            assert torch.equal(x1, x2) and torch.equal(y1, y2)


def test_stateful_carries_detached_state_and_resets():
    model = Stateful(variant('LMModel3').build(30))
    x = torch.randint(0, 30, (4, 3))
    model(x)
    assert model.state is not None and not model.state.requires_grad
    first_again = model.model(x)[0]
    assert not torch.allclose(model(x), first_again)    # the second batch starts from the carried state
    model.reset()
    assert torch.allclose(model(x), first_again)


def test_a_short_training_run_learns():
    v = variant('LMModel4')
    t = train(v, replace(v.recipe, epochs=3, lr=3e-3), progress=False)
    assert len(t.history) == 3 and all(h['seconds'] > 0 for h in t.history)
    assert t.history[-1]['accuracy'] > 0.35              # 'thousand' every time would score 0.152
    assert t.history[-1]['valid_loss'] < t.history[0]['valid_loss']
