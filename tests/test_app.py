"""The app: its JSON API through gradio_client against the launched app, and what a keystroke updates."""
import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest
from gradio_client import Client
from gradio_client.exceptions import AppError

import app
from conftest import ROOT, launch
from lm.data import corpus

VOCAB = corpus().vocab


@pytest.fixture(scope='module')
def client(app_url):
    return Client(app_url, verbose=False)


def test_next_token(client):
    r = client.predict('LMModel7', 'Seven thousand three hundred twelve, 7313 .', api_name='/next_token')
    assert r['variant'] == 'LMModel7'
    assert r['tokens'] == 'seven thousand three hundred twelve . seven thousand three hundred thirteen .'.split()
    assert sorted(n['token'] for n in r['next']) == sorted(VOCAB)
    probs = [n['prob'] for n in r['next']]
    assert probs == sorted(probs, reverse=True) and abs(sum(probs) - 1) < 1e-4
    assert r['next'][0]['token'] == 'seven'


def test_generate_greedy_counts(client):
    r = client.predict('lmmodel7', '7312 . 7313 .', 10, 0, api_name='/generate')
    assert r['tokens'] == 'seven thousand three hundred fourteen . seven thousand three hundred'.split()
    assert r['text'] == ' '.join(r['tokens'])


def test_generate_samples_at_a_temperature(client):
    r = client.predict('LMModel4', 'one . two .', 25, 1.5, api_name='/generate')
    assert len(r['tokens']) == 25 and set(r['tokens']) <= set(VOCAB)


def test_hidden_states(client):
    r = client.predict('LMModel6', 'one . two .', api_name='/hidden_states')
    assert r['tokens'] == ['one', '.', 'two', '.']
    names = [layer['name'] for layer in r['layers']]
    assert names[:6] == ['layer 1 h', 'layer 1 c', 'layer 1 input gate', 'layer 1 forget gate', 'layer 1 cell gate',
                         'layer 1 output gate'] and len(names) == 12
    values = r['layers'][0]['values']
    assert len(values) == 4 and len(values[0]) == 64                 # [time][unit]
    assert [layer['name'] for layer in client.predict('LMModel1', 'one . two', api_name='/hidden_states')['layers']] \
        == ['layer 1 h']


@pytest.mark.parametrize('args, api, message', [
    (('LMModel7', 'one . fourty .'), '/next_token', "'fourty' is not a word of the vocabulary: did you mean 'forty'"),
    (('LMModel8', 'one .'), '/next_token', "unknown model 'LMModel8'"),
    (('LMModel7', ''), '/next_token', 'the prefix is empty'),
    (('LMModel1', 'one .'), '/next_token', 'LMModel1 reads exactly the last 3 tokens'),
    (('LMModel7', 'one . 10000'), '/hidden_states', "'10000' is not a number from 1 to 9999"),
    (('LMModel7', 'one . ' * 1500), '/next_token', 'longer than 2,000 tokens'),
    (('LMModel7', 'one .', 0, 0), '/generate', 'n_tokens must be a whole number from 1 to 500'),
    (('LMModel7', 'one .', 5, -1), '/generate', 'temperature must be a number from 0'),
])
def test_bad_input_raises_an_error_that_names_the_problem(client, args, api, message):
    with pytest.raises(AppError, match=message.replace('.', r'\.').replace('(', r'\(')):
        client.predict(*args, api_name=api)
    assert client.predict('LMModel7', 'one .', api_name='/next_token')['next'][0]['token'] == 'two'   # still fine


def test_concurrent_clients_get_the_answers_they_would_get_alone(app_url):
    requests = [(vid, prefix) for vid in ('LMModel3', 'LMModel5', 'LMModel6', 'LMModel7')
                for prefix in ('one . two .', '7312 . 7313 .', 'eight thousand one . eight thousand two',
                               'nineteen . twenty . twenty one')]
    client = Client(app_url, verbose=False)
    alone = [(client.predict(*r, api_name='/next_token'), client.predict(*r, api_name='/hidden_states'))
             for r in requests]

    def user(i):                                          # 16 users, each with a client, in another order
        c = Client(app_url, verbose=False)
        order = requests[i:] + requests[:i]
        return i, [(c.predict(*r, api_name='/next_token'), c.predict(*r, api_name='/hidden_states')) for r in order]

    with ThreadPoolExecutor(16) as pool:
        for i, answers in pool.map(user, range(16)):
            assert answers == alone[i:] + alone[:i]


def test_a_broken_or_missing_checkpoint_disables_only_its_variant(tmp_path):
    shutil.copytree(ROOT / 'checkpoints', tmp_path, dirs_exist_ok=True)
    (tmp_path / 'LMModel3.safetensors').write_bytes(b'broken')
    (tmp_path / 'LMModel5.json').unlink()
    proc, url = launch(LM_CHECKPOINTS=str(tmp_path))
    try:
        client = Client(url, verbose=False)
        with pytest.raises(AppError, match='LMModel3 is unavailable: LMModel3.safetensors does not match'):
            client.predict('LMModel3', 'one . two .', api_name='/next_token')
        with pytest.raises(AppError, match='LMModel5 is unavailable: LMModel5.json is missing'):
            client.predict('LMModel5', 'one . two .', api_name='/next_token')
        for vid in ('LMModel1', 'LMModel2', 'LMModel4', 'LMModel6', 'LMModel7'):
            assert client.predict(vid, 'one . two .', api_name='/next_token')['variant'] == vid
    finally:
        proc.terminate()
        proc.wait(10)


# ----- What a keystroke updates, called directly -----

def keystroke(text, vid='LMModel7', quantity='h'):
    return app.analyse(vid, text, 1.0, 30, quantity, 1, 0)


def test_a_keystroke_updates_status_model_chart_and_heatmaps():
    status, info, chart, top, heatmaps, unit_tokens, cache = keystroke('one . two . three .')
    assert status == '' and 'LMModel7' in info and 'all 6 tokens' in info
    assert chart.data[0].x[0] == "'four'" and "'four'" in top and 'True counting agrees' in top
    assert len(heatmaps.data) == 2 and 'three' in unit_tokens
    assert cache['tokens'] == ['one', '.', 'two', '.', 'three', '.']


def test_empty_text_shows_a_starting_state():
    status, info, chart, top, heatmaps, unit_tokens, cache = keystroke('')
    assert status == app.STARTING and cache is None
    assert 'Type a prefix' in chart.layout.annotations[0].text


def test_an_unfinished_word_predicts_from_the_complete_tokens():
    status, *_, cache = keystroke('one . two . thr')
    assert "'thr' is being typed" in status and 'three' in status
    assert cache['tokens'] == ['one', '.', 'two', '.']


def test_an_error_replaces_the_message_and_keeps_the_figures():
    status, *rest = keystroke('one . fourty')
    assert status.startswith('⚠️') and "'forty'" in status
    assert all(r == app.gr.skip() for r in rest)


def test_the_model_says_how_it_reads_the_prefix():
    assert 'only the last 3 tokens' in keystroke('one . two .', 'LMModel1')[1]
    assert 'not a multiple of 3' in keystroke('one . two .', 'LMModel3')[1]
    assert 'a multiple of 3, as in training' in keystroke('one . two', 'LMModel3')[1]
    assert 'LMModel1 reads exactly the last 3 tokens' in keystroke('one .', 'LMModel1')[0]


def test_the_lstm_gates_are_shown_and_other_models_fall_back_to_h():
    *_, heatmaps, _, _ = keystroke('one . two .', 'LMModel6', quantity='forget gate')
    assert 'forget gate' in heatmaps.layout.title.text
    *_, heatmaps, _, _ = keystroke('one . two .', 'LMModel5', quantity='forget gate')
    assert 'h after each token' in heatmaps.layout.title.text


def test_temperature_and_top_k_rerank_without_the_model(monkeypatch):
    cache = keystroke('one . two . three .')[-1]
    monkeypatch.setattr(app, 'trace', None)             # the model must not run again
    chart, top = app.distribution_view(cache, 0.5, 3)
    assert len(chart.data[0].x) == 3 and abs(sum(chart.data[0].y) - 1) < 1e-5


def test_keep_counting_shows_where_the_continuation_departs():
    html = app.keep_counting('LMModel7', '8997 . 8998 . 8999 .', 10, 'greedy', 1.0)
    assert 'Departs from counting at token 1' in html and "counting says 'nine'" in html
    assert 'All 10 tokens follow' in app.keep_counting('LMModel7', '7312 . 7313 .', 10, 'greedy', 1.0)
