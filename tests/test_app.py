"""The app: its JSON API through gradio_client against the launched app, and what the page's events update,
called as the page calls them."""
import inspect
import json
import re
import shutil
from concurrent.futures import ThreadPoolExecutor

import gradio as gr
import httpx
import pytest
import torch
from gradio_client import Client
from gradio_client.exceptions import AppError

import lm.explorer
from lm.explorer import Explorer
from tests.helpers import ROOT, launch
from ui.lessons import LESSONS
from ui.page import Page
from ui.words import say

EXPLORER = Explorer()
VOCAB = EXPLORER.corpus.vocab


@pytest.fixture(scope='module')
def client(app_url):
    return Client(app_url, verbose=False)


def test_next_token(client):
    r = client.predict('LMModel7', 'Seven thousand three hundred twelve, 7,313 .', api_name='/next_token')
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


def test_generate_samples_at_a_temperature_and_top_1_is_greedy(client):
    r = client.predict('LMModel4', 'one . two .', 25, 1.5, api_name='/generate')
    assert len(r['tokens']) == 25 and set(r['tokens']) <= set(VOCAB)
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
    (('LMModel9', 'one .'), '/next_token', "unknown model 'LMModel9'"),
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


def test_hidden_states_answer_the_last_100_tokens_or_as_many_as_asked_up_to_300(client):
    text = ' . '.join(str(n) for n in range(7121, 7150)) + ' .'
    n = len(EXPLORER.read(text).tokens)
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


# ----- What the page's events update, called as the page calls them -----

PAGE = Page(EXPLORER)
P, S, C, V = PAGE.prediction, PAGE.states, PAGE.continuation, PAGE.display


def figure(plot_data) -> dict: return json.loads(plot_data['plot'])


def keystroke(text, variant='LMModel7', **changes):
    return PAGE.on_model(PAGE.values(prefix=text, model=variant, **changes))


def test_a_keystroke_updates_status_model_chart_and_heatmaps():
    out = keystroke('one . two . three .')
    assert out[P.status] == '' and 'LMModel7' in out[P.info] and 'validation accuracy' in out[P.info]
    bars = figure(out[P.chart])['data'][-1]
    assert bars['y'][0] == "'four'" and abs(sum(bars['x']) - 1) < 1e-5
    assert "'four'" in out[P.heading] and 'True counting agrees' in out[P.heading]
    assert "after 'one . two . three .'" in out[P.heading]
    assert len(figure(out[V.plot])['data']) == 2 and 'three' in out[V.html]        # Hidden states is in view
    assert out[PAGE.shown] == ('LMModel7', ('one', '.', 'two', '.', 'three', '.'))


def test_empty_text_shows_a_starting_state():
    out = keystroke('')
    assert out[P.status] == say('status.start') and out[PAGE.shown] == ('LMModel7', ())
    assert 'Type a prefix' in figure(out[P.chart])['layout']['annotations'][0]['text']


def test_an_unfinished_word_predicts_from_the_complete_tokens():
    out = keystroke('one . two . thr')
    assert "'thr' is being typed" in out[P.status] and 'three' in out[P.status]
    assert out[PAGE.shown][1] == ('one', '.', 'two', '.')


@pytest.mark.parametrize('text, says', [
    ('one . fourty', "did you mean 'forty'"),
    ('9998 . 9999 . 10000 .', "'10000' is not a number from 1 to 9999"),
    ('one . two . e . four .', "✍️ 'e' is being typed (it could become eight, eighteen, eighty, eleven)"),
    ('one . ' * 4000, 'the text is 24,000 characters long, more than the 20,000 allowed'),
])
def test_while_the_text_cannot_be_read_the_figures_are_marked_as_the_last_good_prefix(text, says):
    shown = ('LMModel7', tuple('nine thousand nine hundred ninety nine .'.split()))
    out = PAGE.on_text(PAGE.values(prefix=text, shown=shown))
    assert says in out[P.status]
    assert '<div class="lm-stale">' in out[P.status] and "'nine thousand nine hundred ninety nine .'" in out[P.status]
    kept = {P.chart, P.heading, *V.outputs()}
    assert all(out[c] == gr.skip() for c in kept | {PAGE.shown})                                # kept as they were
    assert P.info not in out                           # what the model is does not depend on the text


def test_a_problem_with_nothing_shown_yet_says_the_figures_are_empty():
    out = PAGE.on_text(PAGE.values(prefix='fourty'))
    assert say('status.stale_empty') in out[P.status]


def test_the_model_says_how_it_reads_the_prefix():
    assert 'only the last 3 tokens' in keystroke('one . two .', 'LMModel1')[P.info]
    assert 'every third token' in keystroke('one . two .', 'LMModel3')[P.info]
    assert 'This prefix has 4 tokens: not a multiple of 3' in keystroke('one . two .', 'LMModel3')[P.heading]
    assert 'a multiple of 3, as in training' in keystroke('one . two', 'LMModel3')[P.heading]
    assert 'This prefix has 1 token:' in keystroke('one', 'LMModel3')[P.heading]
    assert ('LMModel1 reads exactly the last 3 tokens, and the prefix has 2 tokens'
            in keystroke('one .', 'LMModel1')[P.status])
    assert 'validation accuracy' in keystroke('one', 'LMModel4')[P.info]


def test_the_lstm_gates_are_shown_and_other_models_fall_back_to_h():
    out = keystroke('one . two .', 'LMModel6')
    assert out[S.quantity]['choices'][3][1] == 'forget gate'
    out = PAGE.on_text(PAGE.values(prefix='one . two .', model='LMModel6', quantity='forget gate'))
    heatmap = figure(out[V.plot])['data'][0]
    assert heatmap['hovertemplate'].endswith('layer 1 forget gate</extra>')
    assert (heatmap['zmin'], heatmap['zmax']) == (0, 1)
    out = PAGE.on_text(PAGE.values(prefix='one . two .', model='LMModel5', quantity='forget gate'))
    assert figure(out[V.plot])['data'][0]['hovertemplate'].endswith('layer 1 h</extra>')


def test_temperature_zero_shows_the_models_own_distribution_with_the_greedy_choice_marked():
    out = keystroke('8998 . 8999 .', temperature=0)
    bars = figure(out[P.chart])['data'][0]
    assert 0.3 < bars['x'][0] < 0.99 and abs(sum(bars['x']) - 1) < 1e-5      # the model's own, not 100%
    assert bars['marker']['color'][0] == '#e8710a' and set(bars['marker']['color'][1:]) == {'#3b6fb6'}
    assert 'Temperature 0 always picks the most likely token' in out[P.heading]


def test_re_shaped_bars_say_so_and_keep_the_models_own_behind_them():
    out = keystroke('8998 . 8999 .', temperature=0.5, top_k=3)
    own, shown = figure(out[P.chart])['data']
    assert sum(x > 0 for x in shown['x']) == 3 and sum(x > 0 for x in own['x']) == 30
    assert 're-shaped by temperature 0.5 and top-k 3' in out[P.heading]
    assert 're-shaped' not in keystroke('8998 . 8999 .')[P.heading]


def test_temperature_and_top_k_re_rank_without_running_the_model(monkeypatch):
    keystroke('one . two . three .')
    monkeypatch.setattr(lm.explorer, 'trace', None)          # a new model run would fail
    out = PAGE.on_settings(PAGE.values(shown=('LMModel7', ('one', '.', 'two', '.', 'three', '.')), top_k=3))
    assert sum(x > 0 for x in figure(out[P.chart])['data'][-1]['x']) == 3


@pytest.mark.parametrize('changes, fixed, note', [
    (dict(top_k=0), {'top_k': 1}, 'Top-k goes from 1 to 30: 0 was set to 1.'),
    (dict(temperature=7), {'temperature': 2}, 'Temperature goes from 0 to 2: 7 was set to 2.'),
    (dict(temperature=None), {'temperature': 1}, 'Temperature needs a number from 0 to 2: it was set to 1.'),
])
def test_numbers_out_of_range_are_clamped_with_a_note(changes, fixed, note):
    out = PAGE.on_settings(PAGE.values(shown=('LMModel7', ('one', '.')), **changes))
    control = {'top_k': P.top_k, 'temperature': P.temperature}
    assert {name: out[control[name]] for name in fixed} == fixed and note in out[P.settings_note]
    in_range = PAGE.on_settings(PAGE.values(shown=('LMModel7', ('one', '.'))))
    assert in_range[P.top_k] == 30 and in_range[P.settings_note] == ''                   # in range: as it was


def control(view, component):
    "The control of a view that a component is, as the page attaches it."
    return next(c for c in view.controls() if c.component is component)


def write(**changes) -> dict:
    "Press Write, as the page does."
    return PAGE.on_control(C, control(C, C.button))(PAGE.values(active='continue', **changes))


def test_a_continuation_is_labelled_and_marked_when_the_page_changes():
    shown = ('LMModel7', tuple(EXPLORER.read('7312 . 7313 .').tokens))
    written = write(shown=shown)
    html = written[C.continuation]
    assert ("LMModel7, the most likely token each time, after '… twelve . seven thousand three hundred thirteen .'"
            in html)
    assert 'All 30 tokens follow true counting.' in html
    made = written[C.made]
    same = PAGE.on_text(PAGE.values(prefix='7312 . 7313 .', made=made, active='continue'))
    assert same[V.html] == ''
    for changes in (dict(prefix='8998 . 8999 .'), dict(prefix='7312 . 7313 .', model='LMModel2'),
                    dict(prefix='7312 . 7313 .', n_tokens=10)):
        assert 'Made for other settings' in PAGE.on_text(PAGE.values(made=made, active='continue', **changes))[V.html]
    stale = PAGE.on_settings(PAGE.values(shown=shown, made=made, mode='sample', active='continue'))
    assert 'Made for other settings' in stale[V.html]
    assert 'Made for other settings' in PAGE.on_tab(C)(PAGE.values(shown=('LMModel7', ('one',)), made=made))[V.html]


def test_sampling_with_top_1_writes_the_greedy_continuation():
    shown = ('LMModel7', ('one', '.', 'two', '.'))
    greedy = write(shown=shown)[C.continuation]
    sampled = write(shown=shown, mode='sample', temperature=2, top_k=1)[C.continuation]
    assert greedy.split('</p>', 1)[1] == sampled.split('</p>', 1)[1]          # the same tokens, after the label
    assert 'sampled at temperature 2, top-k 1' in sampled


def test_keep_counting_shows_where_the_continuation_departs():
    shown = ('LMModel7', tuple(EXPLORER.read('8997 . 8998 . 8999 .').tokens))
    html = write(shown=shown, n_tokens=10)[C.continuation]
    assert "Departs from counting at token 1" in html and "counting says 'nine'" in html


# ----- The tabs below the first screen -----

EXPLORER.analysis('LMModel7', wait=True)
SHOWN = ('LMModel7', tuple(EXPLORER.read('7312 . 7313 .').tokens))
D, PATH, CONT = PAGE.decided, PAGE.path, PAGE.continuation


def test_units_endpoint_ranks_every_unit_of_every_layer_and_quantity(client):
    r = client.predict('LMModel7', 'next_dot', api_name='/units')
    assert r['variant'] == 'LMModel7' and 'a number ends next' in r['description']
    assert len(r['layers']) == 12 and all(len(layer['units']) == 64 for layer in r['layers'])
    best = max((u for layer in r['layers'] if layer['quantity'] == 'h' for u in layer['units']),
               key=lambda u: abs(u['auc'] - 0.5))
    assert abs(best['auc'] - 0.5) > 0.49 and best['fires'] in ('higher', 'lower')
    with pytest.raises(AppError, match="unknown property 'nothing'"):
        client.predict('LMModel7', 'nothing', api_name='/units')


def test_a_keystroke_renders_the_tab_in_view_only():
    out = PAGE.on_text(PAGE.values(prefix='one . two .', active='path'))
    assert figure(out[V.plot])['data'][-1]['type'] == 'scatter'                  # the path, not the heatmaps
    declared = next(f for f in PAGE.demo.fns.values() if f.name == 'on_text').outputs
    assert set(out) == set(declared)             # a value for every output: Gradio rebuilds the ones left out


def test_the_heatmap_orders_units_by_what_they_track_and_names_the_groups():
    out = PAGE.on_tab(S)(PAGE.values(shown=SHOWN))
    layer1 = figure(out[V.plot])['data'][0]
    order = EXPLORER.analysis('LMModel7').order[1]
    assert [int(name.split()[1]) for name in layer1['y']] == order           # rows in the analysis' order
    notes = [a['text'] for a in figure(out[V.plot])['layout']['annotations']]
    assert "next is '.'" in notes and 'layer 1 h' in notes


def test_finding_the_unit_shows_the_best_one_framed_and_colours_the_prefix_by_it():
    best = EXPLORER.analysis('LMModel7').best('next_dot', n=1)[0]
    out = PAGE.on_control(S, control(S, S.property))(PAGE.values(shown=SHOWN, property='next_dot'))
    assert (out[S.layer], out[S.unit], out[S.quantity]) == (best.layer, best.unit, 'h')
    assert f'| {best.layer} | h | {best.unit} | {best.auc:.3f} |' in out[V.text] and '| 1 |' in out[V.text]
    frames = [s for s in figure(out[V.plot])['layout']['shapes'] if s['type'] == 'rect']
    assert sum(s['line']['color'] == '#e8710a' for s in frames) == 3 * 2          # 3 framed in each layer
    assert f'unit {best.unit}:' in out[V.html]


def test_the_voters_add_up_and_switching_them_off_changes_the_prediction():
    picked = PAGE.on_control(D, control(D, D.use_voters))(PAGE.values(shown=SHOWN))
    assert picked[D.off_layer] == 2 and len(picked[D.off_units]) == 3
    assert "Why 'seven'?" in picked[V.text] and 'layer 2' in picked[V.text]
    assert len(figure(picked[V.plot])['data'][0]['y']) == 10
    assert 'of layer 2 off from position 11' in picked[V.more_text]
    before, after = figure(picked[V.more_plot])['data']
    assert before['x'] != after['x']
    values = PAGE.values(shown=SHOWN, off_layer=1, off_units=[1, 2, 3], off_from='start')
    start = PAGE.on_control(D, control(D, D.off_from))(values)
    assert 'of layer 1 off from position 0' in start[V.more_text]


def test_the_units_found_for_a_property_can_be_switched_off():
    out = PAGE.on_control(D, control(D, D.use_found))(PAGE.values(shown=SHOWN, property='read_dot'))
    best = EXPLORER.analysis('LMModel7').best('read_dot', n=1)[0]
    assert out[D.off_layer] == best.layer and best.unit in out[D.off_units]


def test_the_path_goes_through_every_token_on_the_fitted_map():
    out = PAGE.on_tab(PATH)(PAGE.values(shown=SHOWN))
    path = figure(out[V.plot])['data'][-1]
    assert path['text'] == [t if t != '.' else '•' for t in SHOWN[1]] and len(path['x']) == len(SHOWN[1])
    assert 'variance' in figure(out[V.plot])['layout']['xaxis']['title']['text']


def test_a_tab_says_when_its_analysis_is_not_ready_and_the_timer_ticks_until_it_is(tmp_path):
    shutil.copytree(ROOT / 'checkpoints', tmp_path, dirs_exist_ok=True)
    explorer = Explorer(tmp_path)
    page = Page(explorer)
    explorer._worker.submit(lambda: __import__('time').sleep(1))          # keep the worker busy for a moment
    out = page.on_tab(page.path)(page.values(shown=('LMModel5', ('one', '.', 'two'))))
    assert 'a few seconds' in out[page.display.text] and out[page.timer].active
    explorer.analysis('LMModel5', wait=True)
    out = page.on_tick(page.values(shown=('LMModel5', ('one', '.', 'two')), active='path'))
    assert out[page.display.plot] is not None and not out[page.timer].active


def test_compare_endpoint_scores_every_variant_against_true_counting(client):
    r = client.predict('8998 . 8999 .', api_name='/compare')
    assert r['true_next'] == 'nine' and [v['variant'] for v in r['variants']] == [f'LMModel{i}' for i in range(1, 9)]
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
    assert [k['kind'] for k in r['kinds']][:2] == ['thousands word', 'thousand']
    assert r['nine_thousand'] == {'count': 951, 'wrong': 848}
    assert r['thousand_after_nine'] == {'count': 951, 'wrong': 27}
    with pytest.raises(AppError, match="unknown model 'LMModel10'"):
        client.predict('LMModel10', api_name='/error_analysis')


def test_all_seven_side_by_side_and_two_heatmaps():
    out = PAGE.on_tab(PAGE.compare)(PAGE.values(shown=('LMModel7', tuple(EXPLORER.read('8998 . 8999 .').tokens))))
    table = out[V.text]
    assert "True counting says the next token is **'nine'**" in table
    assert all(f'| LMModel{i} |' in table for i in range(1, 9)) and table.count('❌ wrong') == 8   # 9000 is new to all
    left = figure(out[V.plot])
    assert left['layout']['annotations'][0]['text'] == 'layer 1 h'


@pytest.mark.parametrize('variant_id', ['LMModel1', 'LMModel7'])
def test_the_explorer_gives_the_states_at_every_position_from_its_cached_trace(variant_id):
    from lm.inference import text_states
    tokens = EXPLORER.read('8997 . 8998 . 8999 . 9000').tokens
    EXPLORER.trace(variant_id, tokens[:-3])                      # typed before: the trace goes on from it
    ck = EXPLORER.checkpoint(variant_id)
    ours = EXPLORER.text_states(variant_id, tokens)
    theirs = text_states(ck.model, ck.variant, EXPLORER.corpus.encode(tokens))
    assert [(s.layer, s.quantity) for s in ours] == [(s.layer, s.quantity) for s in theirs]
    assert all(torch.equal(a.values, b.values) for a, b in zip(ours, theirs))


@pytest.mark.parametrize('text', ['', 'thr'])
def test_every_tab_takes_a_prefix_with_no_whole_token_yet(text):
    for view in PAGE.views:
        out = PAGE.on_text(PAGE.values(prefix=text, active=view.name))
        assert P.status in out, view.name


def test_the_guesses_strip_marks_the_wrong_guesses():
    out = PAGE.on_tab(PAGE.guesses)(PAGE.values(shown=('LMModel7', tuple(EXPLORER.read('8999 . 9000 .').tokens))))
    strip = out[V.html]
    assert strip.count('class="lm-column ') == 9 and 'lm-wrong' in strip and 'LMModel7 guessed 3 of the 9' in strip


def test_what_it_looked_at_and_layer_by_layer():
    out = PAGE.on_tab(PAGE.looked)(PAGE.values(shown=SHOWN))
    assert "How much it mattered to 'seven'" in out[V.html]
    assert 'Layer 1 alone would say' in out[V.more_text]
    one_layer = PAGE.on_tab(PAGE.looked)(PAGE.values(shown=('LMModel4', SHOWN[1])))
    assert 'LMModel4 has one layer' in one_layer[V.more_text]


def test_where_it_fails_names_the_nine_thousand_failure_and_adds_up():
    EXPLORER.failures('LMModel7', wait=True)
    out = PAGE.on_tab(PAGE.failures)(PAGE.values(shown=SHOWN))
    assert '**10,933** of its **12,288** targets right: **89.0%**' in out[V.text]
    assert 'it misses **848 of 951**' in out[V.text] and '**27 of 951**' in out[V.text]
    by_hundred = figure(out[V.more_plot])
    assert by_hundred['layout']['annotations'][0]['text'] == 'no number from here on was in training'
    assert "'nine' → 'two'" in out[V.more_text]


def test_the_model_card_shows_code_recipe_and_curves():
    out = PAGE.on_tab(PAGE.model_card)(PAGE.values(shown=SHOWN))
    assert out[V.more_text].startswith('```\nclass LMModel7(nn.Module):')
    assert '15 epochs' in out[V.text] and 'AR and TAR' in out[V.text]
    assert [len(d['y']) for d in figure(out[V.plot])['data']] == [15, 15, 15]


# ----- The classroom: lessons, the step control, the address, export -----

@pytest.mark.parametrize('lesson', LESSONS, ids=lambda lesson: lesson.name)
def test_each_lesson_opens_its_model_prefix_and_view(lesson):
    out = PAGE.on_lesson(PAGE.values(lesson=lesson.name))
    assert out[P.model] == lesson.variant and out[P.prefix] == lesson.prefix and out[PAGE.active] == lesson.view
    assert out[PAGE.lessons.text] == str(PAGE.labels(f'lesson.{lesson.name}.text'))
    assert out[PAGE.shown] == (lesson.variant, EXPLORER.read(lesson.prefix).tokens)      # rendered for it at once
    for key, value in lesson.controls.items():
        control = PAGE.component(key)
        assert (out[control]['value'] if isinstance(out[control], dict) else out[control]) == value
    assert any(out[part] for part in V.outputs())                                # its view is drawn


def test_the_gates_lesson_shows_the_forget_gate_even_after_a_plain_rnn():
    out = PAGE.on_lesson(PAGE.values(lesson='gates', model='LMModel4'))
    assert out[S.quantity]['value'] == 'forget gate' and out[S.quantity]['choices'][3][1] == 'forget gate'
    assert figure(out[V.plot])['data'][0]['hovertemplate'].endswith('layer 1 forget gate</extra>')


def test_step_walks_along_true_counting_and_back():
    forward = P.step('7312 . 7313 .', True, 'en')[P.prefix]
    assert forward.endswith('thirteen . seven')
    assert P.step(forward, True, 'en')[P.prefix].endswith('. seven thousand')
    assert P.step(forward, False, 'en')[P.prefix].endswith('thirteen .')
    assert 'true counting' in P.step('one . three', True, 'en')[P.status]


class Request:
    "What Gradio hands a handler about the page's request: its address' parameters and its headers."
    def __init__(self, query=None, language='en-US'):
        self.query_params, self.headers = query or {}, {'accept-language': language}


def test_the_address_opens_the_view_it_names():
    out = PAGE.on_load(PAGE.values(), Request(dict(variant='LMModel5', text='8998 . 8999 .', lang='es', top_k='3',
                                                   view='compare')))
    assert (out[P.model], out[P.prefix], out[P.language], out[P.top_k], out[PAGE.active]) == \
        ('LMModel5', '8998 . 8999 .', 'es', 3, 'compare')
    assert out[PAGE.shown][0] == 'LMModel5' and 'nueve' not in out[V.text]          # the compare table, rendered
    assert PAGE.on_load(PAGE.values(), Request(language='es-MX,es;q=0.9'))[P.language] == 'es'
    assert PAGE.on_load(PAGE.values(), Request(language='fr-FR'))[P.language] == 'en'
    assert PAGE.on_load(PAGE.values(), Request(language='es,en;q=0.9'))[P.language] == 'es'   # Chrome: Spanish, English
    bad = PAGE.on_load(PAGE.values(), Request(dict(variant='LMModel99', top_k='x')))
    assert bad[P.model] == 'LMModel7' and bad[P.top_k] == 30 and bad[PAGE.shown][0] == 'LMModel7'  # ignored, not broken


def test_the_page_opens_on_every_lesson_as_gradio_calls_it():
    # the handler as the page's load event holds it: its answer must fit what the event declares (it had left out
    # the controls other lessons set, which the serial wrapper now refuses: the page got an HTTP 500 and "Error")
    load = next(f for f in PAGE.demo.fns.values() if f.name == 'on_load')
    for lesson in LESSONS:
        out = load.fn(PAGE.values(), Request(dict(lesson=lesson.name)))
        assert set(out) == set(load.outputs) and out[PAGE.lessons.lesson] == lesson.name, lesson.name


@pytest.mark.parametrize('lesson', LESSONS, ids=lambda lesson: lesson.name)
def test_a_lessons_address_opens_all_it_set(lesson):
    address = dict(lesson=lesson.name, variant=lesson.variant, text=lesson.prefix, view=lesson.view)
    out, chosen = PAGE.on_load(PAGE.values(), Request(address)), PAGE.on_lesson(PAGE.values(lesson=lesson.name))
    for c in {PAGE.lessons.lesson, PAGE.lessons.text, P.model, P.prefix, PAGE.active, V.text, V.plot, V.more_plot} | \
            {PAGE.component(key) for key in lesson.controls}:
        assert value(out[c]) == value(chosen[c]), c
    assert out[PAGE.lessons.lesson] == lesson.name


def value(update):
    "A component's value in what a handler returns: the value itself, or the value a gr.update() sets."
    return update.get('value') if isinstance(update, dict) and '__type__' in update else update


def test_the_hidden_states_export_as_csv(tmp_path):
    from ui.export import states_csv
    path = states_csv(EXPLORER, 'LMModel6', ('one', '.', 'two'), tmp_path)
    rows = path.read_text().splitlines()
    assert rows[0].startswith('position,token,layer,quantity,unit 0,') and rows[0].endswith('unit 63')
    assert len(rows) == 1 + 3 * 12 and rows[1].startswith('0,one,1,h,')            # 3 tokens x 2 layers x 6 quantities
    assert [str(p) for p in checkpoints_of('LMModel6')] == PAGE.export.checkpoint_files('lmmodel6')


def checkpoints_of(variant_id):
    return [ROOT / 'checkpoints' / f'{variant_id}.safetensors', ROOT / 'checkpoints' / f'{variant_id}.json']


def outputs_of(handler_name: str) -> set:
    "What the page declared that an event's handler may update."
    return {o for f in PAGE.demo.fns.values() if f.name == handler_name for o in f.outputs}


def test_handlers_update_only_the_components_their_events_declare():
    # Gradio refuses a value for a component an event did not declare: the whole update is lost
    cases = [('on_load', lambda: PAGE.on_load(PAGE.values(), Request(dict(variant='LMModel6', text='one .', lang='es',
                                                                          view='path', present='1', top_k='2')))),
             ('on_model', lambda: PAGE.on_model(PAGE.values(model='LMModel5'))),
             ('on_text', lambda: PAGE.on_text(PAGE.values(prefix='one . fourty'))),
             ('on_settings', lambda: PAGE.on_settings(PAGE.values(shown=SHOWN, top_k=0))),
             ('on_lesson', lambda: PAGE.on_lesson(PAGE.values(lesson='state')))]
    for name, call in cases:
        assert set(call()) <= outputs_of(name), name


def test_a_spanish_page_says_everything_in_spanish():
    from tests.test_words import ENGLISH_FRAGMENTS
    texts = []
    for view in PAGE.views:
        out = PAGE.on_tab(view)(PAGE.values(shown=('LMModel7', tuple(EXPLORER.read('8998 . 8999 .').tokens)),
                                            language='es', off_units=[1, 2]))
        texts += [v if isinstance(v, str) else v.get('plot', '') for v in out.values() if isinstance(v, (str, dict))]
    out = PAGE.on_model(PAGE.values(language='es', prefix='one . fourty', model='LMModel3'))
    texts += [out[P.status], out[P.info]] + [P.step('one . three', True, 'es')[P.status]]
    texts.append(PAGE.on_text(PAGE.values(language='es', prefix='8998 . 8999 .', temperature=0, top_k=3))[P.heading])
    texts = [re.sub(r'```.*?```', '', text, flags=re.S) for text in texts]     # the model's code is code, in English
    found = {f for f in ENGLISH_FRAGMENTS for text in texts if f in text}
    assert found == set()
    assert "'fourty' no es una palabra del vocabulario: ¿quisiste decir" in out[P.status]


def test_a_change_of_language_sends_every_tab_its_label_in_that_language():
    # Gradio's tab bar would keep the labels of the tabs not yet opened in the language it started in
    labels = {view.tab: update['label'] for view, update in
              ((view, PAGE.on_language(PAGE.values(language='es'))[view.tab]) for view in PAGE.views)}
    assert labels[PAGE.states.tab] == 'Estados ocultos' and labels[PAGE.training.tab] == 'Entrenar'
    assert set(labels) == {view.tab for view in PAGE.views} <= outputs_of('on_language')


def page_handlers():
    """Every handler of the page's own events, as (its name, the handler, the outputs its event declares): those
    that take the values of their inputs alone (on_load, which takes the request, is called on its own)."""
    return [(f.name, f.fn, f.outputs) for f in PAGE.demo.fns.values()
            if f.targets and f.fn and list(inspect.signature(f.fn).parameters) == ['values']]


@pytest.mark.parametrize('prefix, shown', [('', ()), ('fourty two .', ()), ('fourty two .', SHOWN[1])],
                         ids=['empty', 'unreadable', 'unreadable after a good one'])
def test_every_control_of_every_view_answers_for_every_output_it_declares(prefix, shown):
    # Gradio answers a handler that leaves an output out with an HTTP 500 the page does not show: the control
    # then does nothing, silently
    handlers = page_handlers()
    assert len(handlers) > 40
    for view in PAGE.views:
        for name, handler, outputs in handlers:
            out = handler(PAGE.values(prefix=prefix, shown=('LMModel7', shown), active=view.name))
            assert len(outputs) == 1 or out == gr.skip() or set(out) == set(outputs), (view.name, name)
    out = PAGE.on_load(PAGE.values(), Request(dict(text=prefix, view='decided')))
    assert set(out) == outputs_of('on_load')


def test_step_at_the_end_of_the_count_says_the_count_ends_there():
    for lang in ('en', 'es'):
        status = P.step('9998 . 9999 .', True, lang)[P.status]
        assert status == say('step.text_end', lang) and '9999' in status
        assert P.step('one . three', True, lang)[P.status] == say('step.not_counting', lang)


def test_a_number_in_spanish_typed_into_an_empty_box_is_named_whole_and_the_chart_does_not_ask_for_a_prefix():
    for lang in ('en', 'es'):
        out = PAGE.on_text(PAGE.values(prefix='nueve mil', language=lang, shown=('', ())))
        assert "'nueve mil'" in out[P.status] and "'nine thousand'" in out[P.status]
        words = [a['text'] for a in figure(out[P.chart])['layout']['annotations']]
        assert words == [say('next.unreadable', lang)] and say('next.empty', lang) not in words
        kept = PAGE.on_text(PAGE.values(prefix='nueve mil', language=lang, shown=SHOWN))
        assert kept[P.chart] == gr.skip()                                  # the figures shown stay, greyed


def test_export_promises_no_button_the_charts_do_not_have():
    from ui.widgets import PLOT_CONFIG
    assert PLOT_CONFIG['displayModeBar'] is False                     # no toolbar, so no camera button to save a PNG
    for lang in ('en', 'es'):
        assert not re.search('PNG|camera|cámara', say('export.explain', lang)), lang
