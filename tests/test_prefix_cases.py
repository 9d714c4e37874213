"""The table of cases that both prefix readers answer alike: lm.prefix here, ui/static/prefix.js in
tests/test_browser_prefix.py.

Each case of tests/prefix_cases.json says what a text reads as: {tokens, partial, completions}, or a problem and its
parameters (an UnfinishedWord also names its word and completions). `repeat`: the text is that many copies of `text`,
and reads as that many copies of the tokens written. A case without a text is a problem raised elsewhere (lm.inference,
lm.explorer) that the page says too: only its words are checked. Cases with 'en' and 'es' check the words said.
"""
import inspect
import json
import re
from pathlib import Path

import pytest

import lm.prefix
from lm.data import corpus
from lm.prefix import MESSAGES, PrefixError, Problem, UnfinishedWord, parse
from ui.words import problem

CASES = json.loads((Path(__file__).parent / 'prefix_cases.json').read_text())
READ = [case for case in CASES if 'text' in case]
VOCAB = corpus().vocab


def text_of(case) -> str: return case['text'] * case.get('repeat', 1)


def expected(case) -> dict:
    "What the case expects, with its tokens repeated as its text is."
    expect = dict(case['expect'])
    if 'tokens' in expect: expect['tokens'] = expect['tokens'] * case.get('repeat', 1)
    return expect


def reading(text: str, typing: bool) -> dict:
    "What lm.prefix reads, in the table's shape."
    try: p = parse(text, VOCAB, typing=typing)
    except PrefixError as e:
        out = {'problem': e.key, 'params': e.params}
        if isinstance(e, UnfinishedWord): out |= {'word': e.word, 'completions': list(e.completions)}
        return out
    return {'tokens': list(p.tokens), 'partial': p.partial, 'completions': list(p.completions)}


def case_id(case) -> str: return f"{case['rule']}: {text_of(case)[:40]!r}" if 'text' in case else case['rule']


@pytest.mark.parametrize('case', READ, ids=case_id)
def test_lm_prefix_reads_each_text_as_the_table_says(case):
    assert reading(text_of(case), case['typing']) == expected(case)


@pytest.mark.parametrize('case', [c for c in CASES if 'en' in c], ids=case_id)
def test_the_problems_are_said_in_english_and_spanish_as_the_table_says(case):
    e = Problem(case['expect']['problem'], **case['expect']['params'])
    assert (problem(e, 'en'), problem(e, 'es'), str(e)) == (case['en'], case['es'], case['en'])


def test_the_table_names_every_problem_and_reads_every_one_lm_prefix_raises():
    keys = {case['expect'].get('problem') for case in CASES}
    singular = {f"{case['expect']['problem']}.one" for case in CASES if case['expect'].get('params', {}).get('n') == 1}
    assert set(MESSAGES) <= keys | singular
    raised = set(re.findall(r"(?:PrefixError|__init__)\('(\w+)'", inspect.getsource(lm.prefix)))
    assert 'being_typed' in raised and raised <= {case['expect'].get('problem') for case in READ}

