"""lm.bundle: a checkpoint's export for the browser is the same bytes every time, and its arrays fill its binary file
exactly, holding the checkpoint's weights."""
import hashlib
import json

import numpy as np
import pytest

from lm import bundle
from lm.checkpoints import paths


@pytest.mark.parametrize('model_id', ['LMModel8'])
def test_the_same_checkpoint_gives_the_same_bytes(explorer, model_id, tmp_path):
    first = bundle.write(explorer, model_id, tmp_path / 'a')
    second = bundle.write(explorer, model_id, tmp_path / 'b')
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


@pytest.mark.parametrize('model_id', ['LMModel7', 'LMModel8'])     # LMModel7: i_h and h_o tied
def test_the_arrays_fill_the_binary_file_and_hold_the_weights(explorer, model_id, tmp_path):
    json_path, bin_path = bundle.write(explorer, model_id, tmp_path)
    meta, data = json.loads(json_path.read_text()), bin_path.read_bytes()
    state = explorer.checkpoint(model_id).model.state_dict()
    end = 0
    for array in meta['arrays']:
        assert array['offset'] == end
        values = np.frombuffer(data, '<f4', count=int(np.prod(array['shape'])), offset=end).reshape(array['shape'])
        assert np.array_equal(values, state[array['name']].numpy())
        end += values.nbytes
    assert end == meta['bytes'] == len(data)
    assert [a['name'] for a in meta['arrays']] == list(state)
    weights_path, _ = paths(model_id, explorer.directory)
    assert meta['weights_sha256'] == hashlib.sha256(weights_path.read_bytes()).hexdigest()
    assert set(meta['ranges']) == set(meta['quantities']) and set(meta['units']) == {'1', '2'}
