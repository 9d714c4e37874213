"""Live training through the service the app uses: streamed, stoppable, queued, bounded, and the same training."""
import math
import subprocess
import sys
import threading
import time
from dataclasses import replace

import pytest
import torch

from benchmarks.launching import ROOT
from lm import checkpoints
from lm.checkpoints import CHECKPOINT_DIR
from lm.data import TRAIN_SHARE
from lm.live import BadArgument, Done, Epoch, Failed, Progress, Queued, Started, Stopped, Trainer, asked, is_whole
from lm.models import logits_of, variant


@pytest.fixture(scope='module')
def trainer():
    "One service for the whole module: its worker process starts once and serves every test, as in the app."
    trainer = Trainer()
    yield trainer
    trainer.close()


@pytest.fixture(scope='module')
def short(trainer):
    "LMModel4, 3 epochs of its recipe: the run and its updates."
    run = trainer.submit(*asked('LMModel4', epochs=3))
    return run, list(run.updates())


def timed(run) -> list[tuple[float, object]]:
    return [(time.monotonic(), update) for update in run.updates()]


def test_a_short_training_streams_every_epoch_and_learns(short):
    run, updates = short
    epochs = [u for u in updates if isinstance(u, Epoch)]
    assert [e.epoch for e in epochs] == [0, 1, 2] and all(e.seconds > 0 for e in epochs)
    assert isinstance(updates[0], Started)
    assert isinstance(updates[1], Progress) and updates[1].batches == 49
    done = updates[-1]
    assert isinstance(done, Done) and done.epochs == 3
    assert done.accuracy == epochs[-1].accuracy > 0.35                     # always 'thousand' scores 0.152
    assert run.result.checkpoint.meta['history'] == [
        dict(train_loss=e.train_loss, valid_loss=e.valid_loss, accuracy=e.accuracy, seconds=e.seconds) for e in epochs]


def test_the_weights_are_those_of_the_one_training_function(short, tmp_path):
    from lm.training import train
    run, _ = short
    started = []
    v = variant('LMModel4')
    theirs = train(v, replace(v.recipe, epochs=3), progress=False, on_start=started.append)
    ours = run.result.checkpoint.model.state_dict()
    assert all(torch.equal(ours[k], t) for k, t in theirs.model.state_dict().items())
    assert all(torch.equal(a[k], b[k]) for a, b in zip(run.result.snapshots, theirs.snapshots) for k in a)
    # the replay: the random weights it started from, then the model after each epoch
    assert all(torch.equal(run.result.model_at(0).state_dict()[k], t) for k, t in started[0].items())
    assert not torch.equal(started[0]['i_h.weight'], ours['i_h.weight'])
    assert all(torch.equal(run.result.model_at(3).state_dict()[k], t) for k, t in ours.items())
    # the download is the two files train.py writes, and loads as a checkpoint
    weights_path, meta_path = run.result.save(tmp_path)
    loaded = checkpoints.load('LMModel4', tmp_path)
    assert all(torch.equal(ours[k], t) for k, t in loaded.model.state_dict().items())
    assert loaded.meta['recipe'] == dict(data='sequences', epochs=3, lr=3e-3, train_share=TRAIN_SHARE, stateful=True,
                                         regularized=False)
    assert loaded.recipe == replace(variant('LMModel4').recipe, epochs=3)
    with pytest.raises(ValueError, match='shipped checkpoints'):
        run.result.save(CHECKPOINT_DIR)


def test_stop_ends_the_run_keeping_the_whole_epochs_done(trainer):
    run = trainer.submit(*asked('LMModel4', epochs=15))
    updates = []
    for update in run.updates():
        updates.append(update)
        if isinstance(update, Epoch) and update.epoch == 1: run.stop()
    end = updates[-1]
    assert isinstance(end, Stopped) and end.reason == 'stopped' and 2 <= end.epochs < 15
    result = run.result
    assert len(result.checkpoint.meta['history']) == len(result.snapshots) == end.epochs
    assert result.checkpoint.accuracy == end.accuracy
    model = result.checkpoint.model
    assert all(torch.equal(t, result.snapshots[-1][k]) for k, t in model.state_dict().items())
    assert torch.isfinite(logits_of(model(torch.randint(0, 30, (2, 16)))[0])).all()


def test_the_time_limit_stops_a_run_cleanly(trainer, monkeypatch):
    monkeypatch.setattr(trainer, 'max_seconds', 1.0)
    run = trainer.submit(*asked('LMModel4', epochs=30))
    end = list(run.updates())[-1]
    assert isinstance(end, Stopped) and end.reason == 'time limit' and end.seconds < 3
    assert end.epochs == 0 or run.result.checkpoint.meta['history'][-1]['accuracy'] == end.accuracy


def test_trainings_asked_at_once_run_one_after_the_other(trainer):
    runs = [trainer.submit(*asked('LMModel1', epochs=1)) for _ in range(3)]
    seen = [None] * 3

    def follow(i): seen[i] = timed(runs[i])
    threads = [threading.Thread(target=follow, args=(i,)) for i in range(3)]
    for t in threads: t.start()
    for t in threads: t.join(60)
    kinds = [[u for _, u in s] for s in seen]
    assert not any(isinstance(u, Queued) for u in kinds[0])
    assert [u.position for u in kinds[1] if isinstance(u, Queued)] == [1]
    assert [u.position for u in kinds[2] if isinstance(u, Queued)] == [2, 1]
    assert all(isinstance(k[-1], Done) for k in kinds)
    for before, after in zip(seen, seen[1:]):                   # each starts once the one before has ended
        started = next(at for at, u in after if isinstance(u, Progress))
        assert started >= before[-1][0]


def test_a_waiting_run_can_be_cancelled(trainer):
    first, second = trainer.submit(*asked('LMModel4', epochs=2)), trainer.submit(*asked('LMModel1', epochs=1))
    second.stop()
    assert list(second.updates()) == [Queued(1), Stopped('cancelled', 0, None, None, 0.0)]
    assert second.result is None and isinstance(list(first.updates())[-1], Done)


def test_a_larger_training_share_trains_on_more_of_the_count(trainer):
    run = trainer.submit(*asked('LMModel4', epochs=1, train_share=0.92))
    updates = list(run.updates())
    assert updates[1].batches == 56                             # 49 at the notebook's 0.8
    assert run.result.checkpoint.meta['recipe']['train_share'] == 0.92


def test_a_smaller_model_can_be_asked_for(trainer):
    run = trainer.submit(*asked('lmmodel7', epochs=1, lr=5e-3, seed=3, n_hidden=16))
    assert isinstance(list(run.updates())[-1], Done)
    meta = run.result.checkpoint.meta
    assert meta['model_args'] == dict(vocab_sz=30, n_hidden=16, n_layers=2, p=0.4)
    assert (meta['recipe']['lr'], meta['seed']) == (5e-3, 3)
    assert run.result.checkpoint.model.i_h.weight.shape == (30, 16)


@pytest.mark.parametrize('args, argument, message', [
    (dict(variant_id='LMModel10'), 'variant', "unknown model 'LMModel10'"),
    (dict(epochs=0), 'epochs', 'epochs must be a whole number from 1 to 30, not 0'),
    (dict(epochs=31), 'epochs', 'from 1 to 30, not 31'),
    (dict(epochs=2.5), 'epochs', 'whole number'),
    (dict(lr=0), 'lr', 'lr must be a positive number'),
    (dict(lr=-1e-3), 'lr', 'positive'),
    (dict(lr=math.nan), 'lr', 'positive'),
    (dict(lr='fast'), 'lr', 'positive'),
    (dict(seed=-1), 'seed', 'seed must be a whole number'),
    (dict(n_hidden=1000), 'n_hidden', 'n_hidden must be a whole number from 4 to 128, not 1000'),
    (dict(train_share=1.0), 'train_share', 'must be from 0.1 to 0.95, not 1.0'),
    (dict(train_share=None), 'train_share', 'train_share'),
])
def test_bad_arguments_are_refused_naming_the_problem(trainer, args, argument, message):
    with pytest.raises(BadArgument, match=message) as refused:
        trainer.submit(*asked(**dict(variant_id='LMModel4') | args))
    assert refused.value.argument == argument and isinstance(refused.value, ValueError)


def test_a_recipe_is_checked_however_it_was_made(trainer):
    with pytest.raises(BadArgument, match='epochs must be a whole number from 1 to 30, not 31'):
        trainer.submit(variant('LMModel4'), replace(variant('LMModel4').recipe, epochs=31))
    assert asked('LMModel8') == (variant('LMModel8'), variant('LMModel8').recipe)
    assert [is_whole(x, range(1, 4)) for x in (3, 3.0, 2.5, 4, math.nan, math.inf, '3', True)] == \
        [True, True, False, False, False, False, False, False]


def test_a_worker_ended_mid_run_fails_its_run_and_the_next_run_gets_a_new_one(trainer):
    run = trainer.submit(*asked('LMModel4', epochs=15))
    for update in run.updates():
        if isinstance(update, Epoch) and update.epoch == 0: trainer.close()
    assert isinstance(update, Failed) and 'ended unexpectedly' in update.message
    run = trainer.submit(*asked('LMModel1', epochs=1))
    assert isinstance(list(run.updates())[-1], Done)


def test_the_service_imports_no_fastai_until_the_worker_does():
    code = "import sys, lm.live; print(any(m.split('.')[0] == 'fastai' for m in sys.modules))"
    done = subprocess.run([sys.executable, '-c', code], cwd=ROOT, capture_output=True, text=True)
    assert done.stdout.strip() == 'False', done.stderr
