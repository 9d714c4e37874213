"""Checkpoints: a faithful round trip, atomic writes, and clear errors for broken or mismatched files."""
import json
import shutil
from dataclasses import replace

import pytest
import torch

from lm import checkpoints
from lm.checkpoints import CheckpointError, load, save
from lm.models import VARIANTS, logits_of

HISTORY = [dict(train_loss=2.0, valid_loss=1.9, accuracy=0.5, seconds=0.1)]


def saved(tmp_path, variant_id='LMModel7', seed=0):
    v = VARIANTS[variant_id]
    torch.manual_seed(seed)
    model = v.build(30).eval()
    save(v, model, replace(v.recipe, epochs=1, lr=1e-2, seed=seed), HISTORY, tmp_path)
    return model


@pytest.mark.parametrize('variant_id', VARIANTS)
def test_round_trip_gives_identical_logits(tmp_path, variant_id):
    model = saved(tmp_path, variant_id)
    loaded = load(variant_id, tmp_path)
    x = torch.randint(0, 30, (2, 16))
    assert torch.equal(logits_of(loaded.model(x)[0]), logits_of(model(x)[0]))
    assert loaded.accuracy == 0.5 and not loaded.model.training


def test_metadata_describes_the_checkpoint(tmp_path):
    saved(tmp_path)
    meta = json.loads((tmp_path / 'LMModel7.json').read_text())
    assert meta['variant'] == 'LMModel7' and meta['seed'] == 0
    assert meta['model_args'] == dict(vocab_sz=30, n_hidden=64, n_layers=2, p=0.4)
    assert meta['recipe']['epochs'] == 1 and meta['recipe']['lr'] == 1e-2
    assert meta['vocab'][:4] == ['one', '.', 'two', 'three'] and len(meta['vocab']) == 30
    assert meta['dataset'] == dict(lines=9998, tokens=63095, vocab_size=30)
    assert meta['history'] == HISTORY
    assert set(meta['versions']) == {'torch', 'fastai'}


def test_weights_keep_the_notebooks_names_and_load_without_pickle(tmp_path):
    from safetensors.torch import load_file
    saved(tmp_path)
    names = set(load_file(tmp_path / 'LMModel7.safetensors'))
    assert {'i_h.weight', 'h_o.weight', 'h_o.bias', 'rnn.weight_ih_l0', 'rnn.weight_hh_l1'} <= names


def test_a_write_that_dies_half_way_leaves_the_previous_checkpoint(tmp_path, monkeypatch):
    before = saved(tmp_path, seed=0)
    def die(path, data):
        path.with_name(path.name + '.tmp').write_bytes(data[:10])     # half a file, then the process dies
        raise KeyboardInterrupt
    monkeypatch.setattr(checkpoints, 'write_atomically', die)
    with pytest.raises(KeyboardInterrupt):
        saved(tmp_path, seed=1)
    x = torch.randint(0, 30, (1, 5))
    assert torch.equal(logits_of(load('LMModel7', tmp_path).model(x)[0]), logits_of(before(x)[0]))


def test_missing_file(tmp_path):
    saved(tmp_path)
    (tmp_path / 'LMModel7.safetensors').unlink()
    with pytest.raises(CheckpointError, match='LMModel7.safetensors is missing.*train.py LMModel7'):
        load('LMModel7', tmp_path)


def test_corrupted_weights(tmp_path):
    saved(tmp_path)
    path = tmp_path / 'LMModel7.safetensors'
    data = bytearray(path.read_bytes())
    data[-100] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(CheckpointError, match='damaged or from another training'):
        load('LMModel7', tmp_path)


def test_garbage_that_matches_its_hash_is_still_refused(tmp_path):
    import hashlib
    saved(tmp_path)
    garbage = b'not a safetensors file at all'
    (tmp_path / 'LMModel7.safetensors').write_bytes(garbage)
    meta = json.loads((tmp_path / 'LMModel7.json').read_text())
    meta['weights_sha256'] = hashlib.sha256(garbage).hexdigest()
    (tmp_path / 'LMModel7.json').write_text(json.dumps(meta))
    with pytest.raises(CheckpointError, match='not a safetensors file'):
        load('LMModel7', tmp_path)


def test_corrupted_metadata(tmp_path):
    saved(tmp_path)
    (tmp_path / 'LMModel7.json').write_text('{"variant": "LMMo')
    with pytest.raises(CheckpointError, match='LMModel7.json is not valid JSON'):
        load('LMModel7', tmp_path)


def test_files_of_another_variant(tmp_path):
    saved(tmp_path, 'LMModel6')
    for ext in ('safetensors', 'json'):
        shutil.copy(tmp_path / f'LMModel6.{ext}', tmp_path / f'LMModel7.{ext}')
    with pytest.raises(CheckpointError, match="describes 'LMModel6', not LMModel7"):
        load('LMModel7', tmp_path)


def test_weights_of_another_shape(tmp_path):
    saved(tmp_path, 'LMModel6')
    saved(tmp_path, 'LMModel5')
    meta = json.loads((tmp_path / 'LMModel5.json').read_text())
    shutil.copy(tmp_path / 'LMModel5.safetensors', tmp_path / 'LMModel6.safetensors')
    meta6 = json.loads((tmp_path / 'LMModel6.json').read_text())
    meta6['weights_sha256'] = meta['weights_sha256']
    (tmp_path / 'LMModel6.json').write_text(json.dumps(meta6))
    with pytest.raises(CheckpointError,
                       match=r'does not fit LMModel6: .*rnn.weight_hh_l0 is \(64, 64\), expected \(256, 64\)'):
        load('LMModel6', tmp_path)


def test_a_checkpoint_without_its_seed_or_recipe_is_refused_with_what_it_lacks(tmp_path):
    # the analyses and the Failures tab read how it trained: a KeyError there would break them, not its loading
    saved(tmp_path)
    meta = json.loads((tmp_path / 'LMModel7.json').read_text())
    del meta['seed']
    (tmp_path / 'LMModel7.json').write_text(json.dumps(meta))
    with pytest.raises(CheckpointError, match='LMModel7.json lacks its seed: how it was trained'):
        load('LMModel7', tmp_path)


def test_another_vocabulary(tmp_path):
    saved(tmp_path)
    meta = json.loads((tmp_path / 'LMModel7.json').read_text())
    meta['vocab'][0], meta['vocab'][1] = meta['vocab'][1], meta['vocab'][0]
    (tmp_path / 'LMModel7.json').write_text(json.dumps(meta))
    with pytest.raises(CheckpointError, match='another vocabulary'):
        load('LMModel7', tmp_path)


@pytest.mark.parametrize('variant_id', VARIANTS)
def test_shipped_checkpoints_load_and_were_trained_with_the_notebooks_recipe(variant_id):
    c = load(variant_id)
    v = VARIANTS[variant_id]
    assert c.recipe == v.recipe                 # the seven written before a share could be chosen read the notebook's
    assert len(c.meta['history']) == v.epochs and c.meta['seed'] == 0
