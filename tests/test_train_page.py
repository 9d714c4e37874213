"""Training in the page and through /train: streamed into the tab, stoppable, one at a time, and the model it gives
explorable in every view, replayable epoch by epoch, downloadable, and gone with the page."""
import hashlib
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import orjson
import pytest
import torch
from gradio_client import Client

from benchmarks.launching import ROOT
from lm import checkpoints
from lm.checkpoints import CHECKPOINT_DIR, Checkpoint
from lm.data import TRAIN_SHARE
from lm.explorer import Explorer, TrainedModels
from lm.live import Result, Trainer
from ui.page import Page
from ui.words import say

SESSION = SimpleNamespace(session_hash='a student')


@pytest.fixture(scope='module')
def page():
    page = Page(Explorer(), Trainer())
    yield page
    page.trainer.close()


@pytest.fixture(scope='module')
def trained(page):
    "LMModel4 trained for 3 epochs from the Train tab: every update the tab received."
    values = page.values(train__variant='LMModel4', epochs=3)
    return list(page.training.run(values, SESSION))


def mine(page, trained) -> str: return trained[-1][page.training.mine]


def points(plot: dict) -> int: return len(orjson.loads(plot['plot'])['data'][0]['x'])


def test_a_training_streams_the_bar_the_table_and_the_curves_and_ends_with_a_model(page, trained):
    t = page.training
    bars = [u[t.progress] for u in trained if u.get(t.progress)]
    assert len(bars) >= 3 and 'aria-valuenow="100"' in bars[-1]
    curves = [points(u[t.curves]) for u in trained if u.get(t.curves)]
    assert curves == [1, 2, 3]                                           # a point more after each epoch
    table = [u[t.table] for u in trained if u.get(t.table)][-1]
    assert table.splitlines()[0] == '| epoch | train_loss | valid_loss | accuracy | time |'
    assert len(table.splitlines()) == 5
    end = trained[-1]
    model_id = end[t.mine]
    assert model_id.startswith('LMModel4-mine-') and model_id in page.explorer.trained
    assert page.explorer.checkpoint(model_id).accuracy > 0.35             # always 'thousand' scores 0.152
    assert model_id in end[t.status] and 'nine' in end[t.status]
    assert model_id in [value for _, value in end[page.prediction.model].choices]


def test_my_model_is_explorable_in_every_view(page, trained):
    model_id, text = mine(page, trained), 'eight thousand one hundred twelve . eight thousand one hundred'
    opened = page.on_explore(page.values(prefix=text) | {page.training.mine: model_id})
    assert opened[page.active] == 'compare' and opened[page.prediction.model] == model_id
    assert (opened[page.compare.left], opened[page.compare.right]) == ('LMModel4', model_id)
    assert f'| {model_id} |' in opened[page.display.text]               # its row among the shipped ones
    assert 'yours, trained in this page for 3 epochs' in opened[page.prediction.info]
    values = page.values(prefix=text, model=model_id, left='LMModel4', right=model_id) | {
        page.training.mine: model_id, page.shown: opened[page.shown]}
    for view in page.views:
        out = page.on_tab(view)(values)
        drawn = any(out[part] for part in page.display.outputs())
        assert out[page.active] == view.name and (drawn or view in (page.continuation, page.export)), view.name
    written = page.on_control(page.continuation, page.continuation.controls()[0])(values)
    assert model_id in written[page.continuation.continuation]


def test_the_replay_goes_from_random_weights_to_the_trained_model(page, trained):
    model_id = mine(page, trained)
    values = page.values(prefix='one . two . three .', active='train', model=model_id) | {page.training.mine: model_id}
    values[page.shown] = page.on_text(values)[page.shown]
    before = page.on_control(page.training)(values | {page.training.replay: 0})
    after = page.on_control(page.training)(values | {page.training.replay: 3})
    assert 'after **0** of 3 epochs' in before[page.display.text] and 'random weights' in before[page.display.text]
    assert 'after **3** of 3 epochs' in after[page.display.text]
    assert before[page.display.plot] != after[page.display.plot]                       # the prediction moved
    assert before[page.display.more_plot] != after[page.display.more_plot]             # and the hidden states


def test_the_download_is_the_two_files_train_py_writes_and_the_shipped_ones_stay(page, trained, tmp_path):
    shipped = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in CHECKPOINT_DIR.iterdir()}
    model_id = mine(page, trained)
    assert page.training.download_files({page.training.mine: model_id})[page.training.files].visible
    files = page.explorer.trained.files(model_id)
    assert files == page.export.checkpoint_files(model_id)             # the Export tab gives the same two files
    assert sorted(p.rsplit('/', 1)[-1] for p in files) == ['LMModel4.json', 'LMModel4.safetensors']
    loaded = checkpoints.load('LMModel4', files[0].rsplit('/', 1)[0])
    ours = page.explorer.checkpoint(model_id).model.state_dict()
    assert all(torch.equal(ours[k], t) for k, t in loaded.model.state_dict().items())
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in CHECKPOINT_DIR.iterdir()} == shipped


def test_the_training_share_says_which_numbers_training_reads(page):
    t = page.training
    notebook = t.recipe_of(page.values(train__variant='LMModel7', train_share=TRAIN_SHARE))
    assert notebook[t.epochs] == 15 and notebook[t.lr] == 1e-2
    assert 'numbers 1 to 8024' in notebook[t.coverage] and 'No number of 9000' in notebook[t.coverage]
    more = t.coverage_of('LMModel7', 0.95)
    assert 'reads numbers from 9000 on' in more
    assert 'del 1 al' in t.coverage_of('LMModel7', 0.95, 'es')


@pytest.mark.parametrize('changes, says', [
    (dict(lr=-1), "Cannot train with that Peak learning rate: it must be 0 < lr ≤ 1."),
    (dict(lr=-1, language='es'), "No se puede entrenar con ese valor de Tasa de aprendizaje máxima"),
    (dict(epochs=99), "Cannot train with that Epochs: it must be 1–30."),
])
def test_bad_settings_are_named_in_the_readers_language(page, changes, says):
    out = list(page.training.run(page.values(**changes), SimpleNamespace(session_hash='another')))
    assert len(out) == 1 and out[0][page.training.status].startswith(says)


def test_stop_ends_the_run_after_the_epochs_done_and_keeps_them(page):
    session, updates = SimpleNamespace(session_hash='stops'), []
    run = page.training.run(page.values(train__variant='LMModel7', epochs=15), session)
    for update in run:
        updates.append(update)
        if update.get(page.training.table): break                     # the first epoch is in
    stopped = page.training.stop_run(page.values(), session)
    assert stopped[page.training.status] == 'Stopping after the current batch…'
    updates += list(run)
    end = updates[-1][page.training.status]
    assert end.startswith('Stopped after') and '15 epochs' not in end
    model_id = updates[-1][page.training.mine]
    assert len(page.explorer.checkpoint(model_id).meta['history']) < 15


def test_closing_the_page_forgets_its_model(page):
    session = SimpleNamespace(session_hash='leaves')
    model_id = mine(page, list(page.training.run(page.values(train__variant='LMModel1', epochs=1), session)))
    assert model_id in page.explorer.trained
    page.training.unload(session)
    assert model_id not in page.explorer.trained
    with pytest.raises(ValueError): page.explorer.checkpoint(model_id)


def test_models_of_pages_closed_without_an_unload_are_forgotten_oldest_first(page, monkeypatch):
    monkeypatch.setattr(page.explorer.trained, 'kept', 2)
    trained, files = [], []
    for n in range(3):                                # three visitors who train, download and never unload
        session = SimpleNamespace(session_hash=f'gone {n}')
        trained.append(mine(page, list(page.training.run(page.values(train__variant='LMModel1', epochs=1), session))))
        files.append([Path(f) for f in page.explorer.trained.files(trained[-1])])
    assert trained[0] not in page.explorer.trained
    assert not any(f.exists() for f in files[0]) and not files[0][0].parent.exists()   # its downloads went with it
    assert all(m in page.explorer.trained for m in trained[1:]) and all(f.exists() for f in files[1] + files[2])
    with pytest.raises(ValueError): page.explorer.checkpoint(trained[0])


def result_of(variant_id: str = 'LMModel1') -> Result:
    "What a run learns, made from a shipped checkpoint: for the registry, without training."
    ck = checkpoints.load(variant_id)
    weights, meta = checkpoints.encode(ck.variant, ck.model, ck.recipe, ck.meta['history'])
    return Result(Checkpoint(ck.variant, ck.model, meta), [], weights, {})


def test_the_registry_keeps_each_sessions_latest_model_and_the_most_recent_in_all():
    gone = []
    models = TrainedModels(gone=gone.append, kept=2)
    first = models.add(result_of(), 'a')
    downloaded = [Path(f) for f in models.files(first)]
    second = models.add(result_of(), 'a')                   # the session trains again: its first model goes
    assert first not in models and second in models and gone == [first]
    assert not any(f.exists() for f in downloaded)           # with the files written for its download
    third, fourth = models.add(result_of(), 'b'), models.add(result_of(), 'c')     # three in all: the oldest goes
    assert gone == [first, second] and third in models and fourth in models
    models.forget('b')                                       # b's page closed
    assert gone == [first, second, third] and models.files(third) is None
    models.forget('a')                                       # a's model had gone already
    assert gone == [first, second, third] and fourth in models


def test_the_app_imports_no_fastai_until_a_training_starts():
    code = ("import sys, app; from lm.explorer import Explorer; from ui.page import Page; Page(Explorer()); "
            "print('fastai' in sys.modules)")
    assert subprocess.run([sys.executable, '-c', code], cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout.strip() == 'False'


# ----- through the JSON API -----

@pytest.fixture(scope='module')
def client(app_url): return Client(app_url, verbose=False)


def test_train_streams_each_epoch_and_ends_with_the_final_metrics(client):
    job = client.submit('LMModel4', 3, None, 0, None, TRAIN_SHARE, api_name='/train')
    updates = list(job)
    epochs = [u for u in updates if 'epoch' in u]
    assert [u['epoch'] for u in epochs] == [0, 1, 2]
    assert set(epochs[0]) == {'epoch', 'train_loss', 'valid_loss', 'accuracy', 'seconds'}
    end = updates[-1]
    assert end['end'] == 'done' and end['epochs'] == 3 and end['accuracy'] == epochs[-1]['accuracy'] > 0.35


def test_a_cancelled_training_stops_cleanly_and_the_next_one_runs(client):
    job = client.submit('LMModel7', 30, None, 0, None, TRAIN_SHARE, api_name='/train')
    for update in job:
        if 'epoch' in update: break
    job.cancel()
    start = time.monotonic()
    end = client.predict('LMModel4', 1, None, 0, None, TRAIN_SHARE, api_name='/train')
    assert end['end'] == 'done'
    assert time.monotonic() - start < 15                         # not behind the 29 epochs left of the first


def test_two_trainings_asked_at_once_run_one_after_the_other(app_url):
    seen = {}

    def train(name):
        client = Client(app_url, verbose=False)
        seen[name] = [(time.monotonic(), u) for u in client.submit('LMModel4', 2, None, 0, None, TRAIN_SHARE,
                                                                     api_name='/train')]
    threads = [threading.Thread(target=train, args=(name,)) for name in 'ab']
    for thread in threads: thread.start()
    for thread in threads: thread.join(120)
    assert all(updates[-1][1]['end'] == 'done' for updates in seen.values())
    first, second = sorted(seen.values(), key=lambda updates: updates[-1][0])
    epochs_of_second = [at for at, u in second if 'epoch' in u]
    assert min(epochs_of_second) > first[-1][0] - 0.5                  # its epochs come after the first has ended
    assert any('queued' in u for _, u in second)                        # and it was told it waits


@pytest.mark.parametrize('args, message', [
    (('LMModel10', 2, None, 0, None, TRAIN_SHARE), "unknown model 'LMModel10'"),
    (('LMModel4', 0, None, 0, None, TRAIN_SHARE), 'epochs must be a whole number from 1 to 30'),
    (('LMModel4', 2, -0.1, 0, None, TRAIN_SHARE), 'lr must be a positive number'),
    (('LMModel4', 2, None, -1, None, TRAIN_SHARE), 'seed must be a whole number'),
    (('LMModel4', 2, None, 0, 1000, TRAIN_SHARE), 'n_hidden must be a whole number from 4 to 128'),
    (('LMModel4', 2, None, 0, None, 1.5), 'train_share, the share of the text that trains, must be from 0.1'),
])
def test_bad_arguments_get_named_errors(client, args, message):
    with pytest.raises(Exception, match=message): client.predict(*args, api_name='/train')


def test_a_model_trained_past_9000_is_not_told_it_never_saw_9000(page):
    session = SimpleNamespace(session_hash='past 9000')
    model_id = list(page.training.run(page.values(train__variant='LMModel1', epochs=1, train_share=0.95),
                                      session))[-1][page.training.mine]
    values = page.values(prefix='9531 . 9532 .', active='failures', model=model_id)
    values[page.shown] = (model_id, tuple(page.explorer.read('9531 . 9532 .').tokens))
    page.explorer.failures(model_id, wait=True)
    text = page.on_tab(page.failures)(values)[page.display.text]
    assert "At the start of the validation's numbers from 9000 on" in text
    assert 'No number of 9000 or more is in the training part' not in text
    page.training.unload(session)


def test_a_second_click_on_train_while_one_runs_trains_once(page):
    session = SimpleNamespace(session_hash='double click')
    first = page.training.run(page.values(train__variant='LMModel1', epochs=1), session)
    next(first)                                                         # submitted
    second = list(page.training.run(page.values(train__variant='LMModel1', epochs=1), session))
    assert [u[page.training.status] for u in second] == [say('train.already')]
    assert page.training.mine in list(first)[-1]
    page.training.unload(session)


def test_views_of_a_model_gone_meanwhile_draw_nothing_rather_than_fail(page):
    session = SimpleNamespace(session_hash='gone')
    model_id = mine(page, list(page.training.run(page.values(train__variant='LMModel1', epochs=1), session)))
    page.training.unload(session)
    values = page.values(active='train') | {page.shown: (model_id, ('one', '.', 'two', '.'))}
    for drawn in (page.on_tick(values), page.on_control(page.training)(values)):
        assert set(drawn) == page.view_outputs() and not drawn[page.timer].active
        assert all(drawn[part] is None for part in page.display.outputs())
    assert page.display.text in page.on_settings(values)
