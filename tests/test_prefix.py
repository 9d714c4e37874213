"""Reading what people type: every accepted form, and a clear message for everything else."""
import pytest

from lm.data import corpus
from lm.prefix import MAX_TOKENS, PrefixError, parse

VOCAB = corpus().vocab
T7312 = ('seven', 'thousand', 'three', 'hundred', 'twelve')


def tokens(text, **kw): return parse(text, VOCAB, **kw).tokens


@pytest.mark.parametrize('text', [
    'seven thousand three hundred twelve . seven thousand three hundred thirteen .',
    'Seven THOUSAND three hundred twelve.seven thousand three hundred thirteen.',
    '7312 . 7313 .', '7312, 7313,', '7312 . seven thousand three hundred thirteen,', '  7312.7313.  ',
])
def test_words_digits_stops_and_commas_read_alike(text):
    assert tokens(text) == T7312 + ('.',) + T7312[:-1] + ('thirteen', '.')


def test_hyphens_are_spaces():
    assert tokens('twenty-one . twenty-two') == ('twenty', 'one', '.', 'twenty', 'two')


def test_empty_text_is_no_tokens_and_no_error():
    assert parse('', VOCAB).tokens == () and parse('   ', VOCAB).tokens == ()


@pytest.mark.parametrize('text, word, suggestion', [
    ('one . fourty .', 'fourty', 'forty'), ('nineteen . twentty', 'twentty', 'twenty'),
    ('one hundred and five', 'and', "without 'and'"), ('thosand', 'thosand', 'thousand'),
])
def test_unknown_words_are_named_with_the_nearest_words(text, word, suggestion):
    with pytest.raises(PrefixError) as e:
        parse(text, VOCAB)
    assert f"'{word}'" in str(e.value) and suggestion in str(e.value)


@pytest.mark.parametrize('text, piece', [('0 . 1', '0'), ('9999 . 10000', '10000'), ('one ! two', '!'),
                                          ('one . 2?', '?')])
def test_numbers_out_of_range_and_stray_signs_are_named(text, piece):
    with pytest.raises(PrefixError, match=f"'{piece}'".replace('?', r'\?')):
        parse(text, VOCAB)


def test_an_unfinished_last_word_is_in_progress_while_typing():
    p = parse('one . two . thr', VOCAB, typing=True)
    assert p.tokens == ('one', '.', 'two', '.') and p.partial == 'thr'
    assert p.completions == ('three',)
    assert parse('seven thousand three hundr', VOCAB, typing=True).completions == ('hundred',)


def test_an_unfinished_word_is_an_error_when_not_typing_or_not_last():
    with pytest.raises(PrefixError, match="'thr'"): parse('one . two . thr', VOCAB)
    with pytest.raises(PrefixError, match="'thr'"): parse('thr . two', VOCAB, typing=True)
    with pytest.raises(PrefixError, match="'thr'"): parse('one . thr ', VOCAB, typing=True)   # a space ends it
    with pytest.raises(PrefixError, match="'fourty'"): parse('one . fourty', VOCAB, typing=True)


def test_a_complete_word_at_the_end_is_a_token():
    assert parse('one . six', VOCAB, typing=True).tokens == ('one', '.', 'six')


def test_over_long_input_is_refused_by_token_count_and_by_size():
    ok = ' . '.join(['one'] * (MAX_TOKENS // 2))
    assert len(tokens(ok)) == MAX_TOKENS - 1
    with pytest.raises(PrefixError, match='longer than 2,000 tokens'):
        parse('9999 . ' * 400, VOCAB)                 # short text, many tokens
    with pytest.raises(PrefixError, match='characters long'):
        parse('one ' * 100_000, VOCAB)
