"""The app: its JSON API through gradio_client against the launched app, and the app over other checkpoints."""
import json
import shutil
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from gradio_client import Client
from gradio_client.exceptions import AppError

from benchmarks.launching import ROOT, launch
from lm.explorer import Explorer
from lm.models import VARIANTS
from ui.page import Page


@pytest.fixture(scope='module')
def client(app_url):
    return Client(app_url, verbose=False)


def test_next_token(client, explorer):
    r = client.predict('LMModel7', 'Seven thousand three hundred twelve, 7,313 .', api_name='/next_token')
    assert r['variant'] == 'LMModel7'
    assert r['tokens'] == 'seven thousand three hundred twelve . seven thousand three hundred thirteen .'.split()
    assert sorted(n['token'] for n in r['next']) == sorted(explorer.corpus.vocab)
    probs = [n['prob'] for n in r['next']]
    assert probs == sorted(probs, reverse=True) and abs(sum(probs) - 1) < 1e-4
    assert r['next'][0]['token'] == 'seven'


def test_generate_greedy_counts(client):
    r = client.predict('lmmodel7', '7312 . 7313 .', 10, 0, api_name='/generate')
    assert r['tokens'] == 'seven thousand three hundred fourteen . seven thousand three hundred'.split()
    assert r['text'] == ' '.join(r['tokens'])


def test_generate_samples_at_a_temperature_and_top_1_is_greedy(client, explorer):
    r = client.predict('LMModel4', 'one . two .', 25, 1.5, api_name='/generate')
    assert len(r['tokens']) == 25 and set(r['tokens']) <= set(explorer.corpus.vocab)
    greedy = client.predict('LMModel4', 'one . two .', 25, 0, api_name='/generate')
    assert client.predict('LMModel4', 'one . two .', 25, 2.0, 1, api_name='/generate') == greedy


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
    (('LMModel7', 'one . nueve'), '/next_token', "HUMAN_NUMBERS is in English: 'nueve' is 'nine'"),
    (('LMModel10', 'one .'), '/next_token', "unknown model 'LMModel10'"),
    (('LMModel7', ''), '/next_token', 'the prefix is empty'),
    (('LMModel1', 'one .'), '/next_token', 'LMModel1 reads exactly the last 3 tokens, and the prefix has 2 tokens'),
    (('LMModel1', 'one'), '/next_token', 'and the prefix has 1 token'),
    (('LMModel7', 'one . 10000'), '/hidden_states', "'10000' is not a number from 1 to 9999"),
    (('LMModel7', 'one . ' * 1500), '/next_token', 'longer than 2,000 tokens'),
    (('LMModel7', 'one .', 0, 0), '/generate', 'n_tokens must be a whole number from 1 to 500'),
    (('LMModel7', 'one .', 5, -1), '/generate', 'temperature must be a number from 0'),
    (('LMModel7', 'one .', 5, 1, 31), '/generate', 'top_k must be a whole number from 0 (all tokens) to 30'),
])
def test_bad_input_raises_an_error_that_names_the_problem(client, args, api, message):
    with pytest.raises(AppError, match=message.replace('.', r'\.').replace('(', r'\(').replace(')', r'\)')):
        client.predict(*args, api_name=api)
    assert client.predict('LMModel7', 'one .', api_name='/next_token')['next'][0]['token'] == 'two'   # still fine


def rest(app_url, api: str, data: list) -> tuple[str, object]:
    "A plain REST call, as the README's curl example makes it: the event's name and its data."
    event_id = httpx.post(f'{app_url}gradio_api/call/{api}', json={'data': data}, timeout=60).json()['event_id']
    event, data = httpx.get(f'{app_url}gradio_api/call/{api}/{event_id}', timeout=60).text.split('\n')[:2]
    return event.removeprefix('event: '), json.loads(data.removeprefix('data: '))


def test_an_argument_left_out_takes_its_default_and_a_required_one_is_named(app_url):
    assert rest(app_url, 'generate', ['LMModel7', 'one . two .', 3, 0])[1][0]['tokens'] == ['three', '.', 'four']
    event, error = rest(app_url, 'generate', ['LMModel7', 'one . two .'])
    assert event == 'error' and error['error'] == ('/generate needs n_tokens and temperature: its arguments are '
                                                   'variant, text, n_tokens, temperature, top_k, in this order')


def test_hidden_states_answer_the_last_100_tokens_or_as_many_as_asked_up_to_300(client, explorer):
    text = ' . '.join(str(n) for n in range(7121, 7150)) + ' .'
    n = len(explorer.read(text).tokens)
    assert 200 < n < 300
    r = client.predict('LMModel8', text, api_name='/hidden_states')
    assert len(r['tokens']) == 100 and r['tokens'][-1] == '.'
    assert all(len(layer['values']) == 100 for layer in r['layers'])
    assert all(v == round(v, 4) for v in r['layers'][0]['values'][-1])
    assert len(client.predict('LMModel8', text, n, api_name='/hidden_states')['tokens']) == n
    with pytest.raises(AppError, match='last must be a whole number of tokens from 1 to 300, not 301'):
        client.predict('LMModel8', text, 301, api_name='/hidden_states')


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
        # the browser's files of these checkpoints beside them, not over the shipped ones' (an app on them reads those)
        facts = json.loads((tmp_path / 'bundles' / 'facts.json').read_text())
        assert 'LMModel3' not in facts['models'] and 'LMModel5' not in facts['models'] and 'LMModel8' in facts['models']
        shipped = ROOT / 'bundles' / 'facts.json'
        assert not shipped.exists() or len(json.loads(shipped.read_text())['models']) == len(VARIANTS)
    finally:
        proc.terminate()
        proc.wait(10)


def test_the_page_over_other_checkpoints_marks_the_missing_model(tmp_path):
    shutil.copytree(ROOT / 'checkpoints', tmp_path, dirs_exist_ok=True)
    (tmp_path / 'LMModel5.json').unlink()
    page = Page(Explorer(tmp_path))
    assert ('LMModel5: ✗', 'LMModel5') in page.prediction.model.choices
    out = page.on_model(page.values(model='LMModel5'))
    assert 'LMModel5** is unavailable' in out[page.prediction.info]
    assert 'LMModel5.json is missing' in out[page.prediction.status]


def test_units_endpoint_ranks_every_unit_of_every_layer_and_quantity(client):
    r = client.predict('LMModel7', 'next_dot', api_name='/units')
    assert r['variant'] == 'LMModel7' and 'a number ends next' in r['description']
    assert len(r['layers']) == 12 and all(len(layer['units']) == 64 for layer in r['layers'])
    best = max((u for layer in r['layers'] if layer['quantity'] == 'h' for u in layer['units']),
               key=lambda u: abs(u['auc'] - 0.5))
    assert abs(best['auc'] - 0.5) > 0.49 and best['fires'] in ('higher', 'lower')
    with pytest.raises(AppError, match="unknown property 'nothing'"):
        client.predict('LMModel7', 'nothing', api_name='/units')


def test_compare_endpoint_scores_every_variant_against_true_counting(client):
    r = client.predict('8998 . 8999 .', api_name='/compare')
    assert r['true_next'] == 'nine' and [v['variant'] for v in r['variants']] == list(VARIANTS)
    seven = r['variants'][6]
    assert seven['top'][0]['token'] == 'eight' and seven['right'] is False and 0 < seven['true_prob'] < 0.5
    short = client.predict('one .', api_name='/compare')
    assert 'reads exactly the last 3 tokens' in short['variants'][0]['problem']
    assert short['variants'][6]['top'][0]['token'] == 'two' and short['variants'][6]['right'] is True
    with pytest.raises(AppError, match='the prefix is empty'):
        client.predict('', api_name='/compare')


def test_guesses_endpoint_gives_the_top_3_before_each_token(client):
    r = client.predict('LMModel7', '8998 . 8999 . 9000 .', api_name='/guesses')
    assert [p['position'] for p in r['positions']] == list(range(1, len(r['tokens'])))
    assert all(len(p['guesses']) == 3 for p in r['positions']) and r['right'] == sum(p['right'] for p in r['positions'])
    nine = next(p for p in r['positions'] if p['token'] == 'nine' and p['position'] > 7)     # the start of 9000
    assert nine['right'] is False


def test_error_analysis_endpoint_names_the_nine_thousand_failure(client):
    r = client.predict('LMModel7', api_name='/error_analysis')
    assert r['accuracy'] == pytest.approx(0.8897, abs=1e-4) and r['count'] == 12288
    assert [k['kind'] for k in r['kinds']][:2] == ['thousands_word', 'thousand']
    assert r['nine_thousand'] == {'count': 951, 'wrong': 848}
    assert r['thousand_after_nine'] == {'count': 951, 'wrong': 27}
    with pytest.raises(AppError, match="unknown model 'LMModel10'"):
        client.predict('LMModel10', api_name='/error_analysis')
