"""Reading what people type: every accepted form, and a clear message for everything else."""
import pytest

from lm.data import corpus
from lm.prefix import MAX_TOKENS, PrefixError, UnfinishedWord, parse

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


@pytest.mark.parametrize('text, numbers', [
    ('1,000 . 1,001 .', 'one thousand . one thousand one .'), ('1.000', 'one thousand'),
    ('7.997 . 7.998 .', 'seven thousand nine hundred ninety seven . seven thousand nine hundred ninety eight .'),
    ('7312, 7313,', 'seven thousand three hundred twelve . seven thousand three hundred thirteen .'),
    ('7312,7313,', 'seven thousand three hundred twelve . seven thousand three hundred thirteen .'),
    ('1,998, 1,999, 2,000', 'one thousand nine hundred ninety eight . one thousand nine hundred ninety nine . '
                            'two thousand'),
    ('7.5', 'seven . five'),                                       # one digit after the '.': two numbers
])
def test_thousands_separators_make_one_number_and_lists_stay_lists(text, numbers):
    assert tokens(text) == tuple(numbers.split())


@pytest.mark.parametrize('text, message', [
    ('12,345', "'12,345' reads as one number, 12345, past 9999: for two numbers, put a space after the separator "
               "('12, 345')"),
    ('100.200', "'100.200' reads as one number"),
    ('1,000,000', "'1,000,000' is not a number from 1 to 9999"),
])
def test_a_separated_number_past_9999_gets_a_message_not_a_guess(text, message):
    with pytest.raises(PrefixError) as e:
        parse(text, VOCAB)
    assert message in str(e.value)


def test_a_thousands_group_being_typed_is_not_an_error():
    p = parse('one . 1,0', VOCAB, typing=True)
    assert p.tokens == ('one', '.') and p.partial == '1,0' and p.completions == ()
    with pytest.raises(PrefixError, match="'0' is not a number"): parse('one . 1,0', VOCAB)


@pytest.mark.parametrize('word, english', [('nueve', "'nine'"), ('siete', "'seven'"), ('diecinueve', "'nineteen'"),
                                           ('dieciséis', "'sixteen'"), ('veinte', "'twenty'"), ('noventa', "'ninety'"),
                                           ('cien', "'one hundred'"), ('mil', "'thousand'"), ('Once', "'eleven'")])
def test_spanish_number_words_get_their_english_word(word, english):
    with pytest.raises(PrefixError) as e:
        parse(f'uno . {word}'.replace('uno', 'one'), VOCAB)
    assert str(e.value) == f"HUMAN_NUMBERS is in English: '{word.lower()}' is {english}"


def test_a_spanish_word_being_typed_gets_the_hint_too():
    with pytest.raises(PrefixError, match=r"HUMAN_NUMBERS is in English \('nueve' is 'nine'\)"):
        parse('one . nuev', VOCAB, typing=True)


def test_a_word_edited_in_the_middle_is_being_typed_not_a_mistake():
    with pytest.raises(UnfinishedWord) as e:
        parse('one . two . e . four', VOCAB, typing=True)
    assert e.value.word == 'e' and 'eleven' in e.value.completions and 'being typed' in str(e.value)
    with pytest.raises(PrefixError, match="'fourty'") as e:            # a real mistake further on comes first
        parse('one . e . fourty', VOCAB, typing=True)
    assert not isinstance(e.value, UnfinishedWord)


def test_a_paste_over_the_limit_is_refused_with_its_length():
    with pytest.raises(PrefixError, match=r"the text is 25,000 characters long, more than the 20,000 allowed"):
        parse('x' * 25_000, VOCAB)


@pytest.mark.parametrize('text, spanish, english', [('nueve mil', 'nueve mil', 'nine thousand'),
                                                     ('one . treinta y dos .', 'treinta y dos', 'thirty two'),
                                                     ('nueve mil y', 'nueve mil', 'nine thousand')])
def test_a_number_said_in_spanish_gets_all_its_words_in_english(text, spanish, english):
    for typing in (False, True):
        with pytest.raises(PrefixError) as e:
            parse(text, VOCAB, typing=typing)
        assert str(e.value) == f"HUMAN_NUMBERS is in English: '{spanish}' is '{english}'"
