"""What people type, read as tokens of the vocabulary.

    'Seven thousand three hundred twelve. 7313,'  ->  seven thousand three hundred twelve . seven thousand
                                                      three hundred thirteen .

Words count in any case; '.' needs no spaces around it; a comma is a '.' too; numbers in digits (1..9999) are
read as their words, with or without a thousands separator ('1,000', '7.997': a group of 1 to 3 digits followed
by groups of exactly 3 digits is one number, so '7312, 7313,' and '7312,7313,' stay two); hyphens are spaces
('twenty-one'). Anything else is a PrefixError whose message names the word and suggests the nearest vocabulary
words, or the English word for a Spanish number word ('nueve' is 'nine'); its key and parameters let the page
say it in Spanish too.

While someone types, a word is often unfinished ('hundr'). When typing, a last word that begins some vocabulary
words is set aside as `partial`, with the words it could become, and the prediction is made from the tokens
before it. An unfinished word in the middle of the text (an edit there) is an UnfinishedWord: nothing can be
predicted until it is a word, but it is not a mistake either.
"""
import difflib
import itertools
import re
from dataclasses import dataclass

from lm.data import number_to_words

MAX_TOKENS = 2000
MAX_CHARS = 10 * MAX_TOKENS          # refused before reading it: no vocabulary word is longer than 9 letters

# a number with thousands separators ('1,000', '7.997'), a number, a word (letters), or any other sign
PIECES = re.compile(r"(?<!\d)\d{1,3}(?:[.,]\d{3})+(?!\d)|\d+|[^\W\d_]+|\S")
# while typing, digits, a separator and one or two digits at the very end may be a thousands group on its way
NUMBER_BEING_TYPED = re.compile(r"(?<!\d)\d{1,3}[.,]\d{1,2}$")

# The Spanish number words of the vocabulary, for a hint: many students read the chapter in Spanish.
SPANISH = {
    **dict(zip("uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince dieciséis "
               "diecisiete dieciocho diecinueve".split(), "one two three four five six seven eight nine ten eleven "
               "twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split())),
    **dict(zip("veinte treinta cuarenta cincuenta sesenta setenta ochenta noventa".split(),
               "twenty thirty forty fifty sixty seventy eighty ninety".split())),
    'una': 'one', 'dieciseis': 'sixteen', 'cien': 'one hundred', 'ciento': 'one hundred', 'mil': 'thousand',
    'cero': 'zero', 'punto': '.', 'coma': '.',
}

# What can be wrong with what people type or choose, in English; ui.words says it in other languages, by key.
# Written as ui.words' texts are (see fill): a key ending in '.one' is the singular, a list a choice of words.
MESSAGES = {
    'unknown_word': "'{word}' is not a word of the vocabulary: did you mean {near}?",
    'unknown_word_plain': "'{word}' is not a word of the vocabulary: type number words such as 'seven' or 'hundred', "
                          "digits, '.' or ','",
    'no_and': "'and' is not a word of the vocabulary (HUMAN_NUMBERS writes numbers without 'and': 'one hundred five')",
    'no_zero': "'{word}' is not a word of the vocabulary (HUMAN_NUMBERS counts from one)",
    'spanish_word': "HUMAN_NUMBERS is in English: '{word}' is '{english}'",
    'spanish_start': "'{word}' is not a word of the vocabulary: HUMAN_NUMBERS is in English "
                     "('{spanish}' is '{english}')",
    'being_typed': "'{word}' is being typed (it could become {completions})",
    'separated_past_9999': "'{piece}' reads as one number, {n}, past 9999: for two numbers, put a space after the "
                           "separator ('{fix}')",
    'out_of_range': "'{piece}' is not a number from 1 to 9999",
    'stray_sign': "'{piece}' is neither a word nor a number: type words, digits, '.' or ','",
    'too_many_tokens': "the prefix is longer than {limit:,} tokens: shorten it",
    'too_long': "the text is {length:,} characters long, more than the {limit:,} allowed (about {tokens:,} tokens): "
                "shorten it",
    'empty': "the prefix is empty: type some counting, such as 'one . two .'",
    'reads_last': "{variant} reads exactly the last {needs} tokens, and the prefix has {n} tokens",
    'reads_last.one': "{variant} reads exactly the last {needs} tokens, and the prefix has {n} token",
    'not_text': "the text must be a string, such as 'one . two .'",
    'not_variant': "the variant must be a name such as 'LMModel7'",
    'unknown_model': "unknown model '{name}'; choose one of {choices}",
    'unavailable': "{variant} is unavailable: {reason}",
}


def choice_of(words, conjunction: str = ' or ') -> str:
    "'forty' or 'four' or 'fourteen'."
    return conjunction.join(f"'{w}'" for w in words)


def fill(texts: dict, key: str, params: dict, conjunction: str = ' or ') -> str:
    """The text of `key` filled with params: the text of key + '.one' when n is 1 and there is one (the singular), a
    parameter that is a list said as a choice of words. Both MESSAGES and each language of ui.words are said so."""
    if params.get('n') == 1 and key + '.one' in texts: key += '.one'
    return texts[key].format(**{k: choice_of(v, conjunction) if isinstance(v, list) else v for k, v in params.items()})


class Problem(ValueError):
    """Something typed or chosen that cannot be used. `key` (one of MESSAGES) and `params` say what, so that the page
    can say it in its reader's language; str() says it in English, as the API does."""
    def __init__(self, key: str, **params):
        self.key, self.params = key, params
        super().__init__(fill(MESSAGES, key, params))


class PrefixError(Problem):
    "Text that cannot be read as tokens of the vocabulary."


class UnfinishedWord(PrefixError):
    "A word being typed in the middle of the text: not a mistake, but nothing to predict from until it is done."
    def __init__(self, word: str, completions: tuple[str, ...]):
        self.word, self.completions = word, completions
        super().__init__('being_typed', word=word, completions=', '.join(completions))


@dataclass(frozen=True)
class Prefix:
    tokens: tuple[str, ...]                  # the complete tokens, all in the vocabulary
    partial: str = ''                        # an unfinished last word or number, if any ('hundr', '1,0')
    completions: tuple[str, ...] = ()        # the vocabulary words it could become ('hundred',)


def suggestions(word: str, vocab) -> list[str]:
    """The vocabulary words nearest to a misspelt one: 'fourty' -> ['forty', 'fourteen', 'four']; if none is near,
    those that begin as it does, in the vocabulary's order."""
    words = [w for w in vocab if w != '.']
    close = difflib.get_close_matches(word, words, n=3, cutoff=0.6)
    return close or [w for w in words if w.startswith(word[:2])][:3]


def unknown_word(word: str, vocab, after=()) -> PrefixError:
    "What is wrong with a word not in the vocabulary; `after`: the words that follow it, for a number said in Spanish."
    if word in ('zero', 'cero'): return PrefixError('no_zero', word=word)
    if word in SPANISH:                 # the whole number: 'nueve mil' is 'nine thousand', 'treinta y dos' 'thirty two'
        words = [word, *itertools.takewhile(lambda w: w in SPANISH or w == 'y', after)]
        while words[-1] == 'y': words.pop()
        return PrefixError('spanish_word', word=' '.join(words),
                           english=' '.join(SPANISH[w] for w in words if w != 'y'))
    spanish = sorted(w for w in SPANISH if w.startswith(word) and len(word) >= 3)
    if spanish: return PrefixError('spanish_start', word=word, spanish=spanish[0], english=SPANISH[spanish[0]])
    if word == 'and': return PrefixError('no_and')
    near = suggestions(word, vocab)
    return PrefixError('unknown_word', word=word, near=near) if near else PrefixError('unknown_word_plain', word=word)


def number_tokens(piece: str) -> list[str]:
    "The words of a number in digits, with or without thousands separators: '7.997' -> seven thousand ..."
    digits = piece.replace(',', '').replace('.', '')
    n = int(digits)
    groups = re.split(r'[.,]', piece)
    if len(groups) == 2 and n > 9999 and int(groups[1]) > 0:          # '12,345': one number, or 12 then 345?
        raise PrefixError('separated_past_9999', piece=piece, n=n, fix=f'{piece[:len(groups[0]) + 1]} {groups[1]}')
    if not 1 <= n <= 9999: raise PrefixError('out_of_range', piece=piece)
    return number_to_words(n).split()


def parse(text: str, vocab, typing: bool = False) -> Prefix:
    """Read `text` as tokens of `vocab`; raises PrefixError for anything that is not.
    typing: the text is being typed, so an unfinished word is not a mistake: at the end it is set aside as
    `partial`, elsewhere it raises UnfinishedWord."""
    if len(text) > MAX_CHARS:
        raise PrefixError('too_long', length=len(text), limit=MAX_CHARS, tokens=MAX_TOKENS)
    if typing and (number := NUMBER_BEING_TYPED.search(text)):     # '1,0' on its way to '1,000'
        prefix = parse(text[:number.start()], vocab, typing=False)
        return Prefix(prefix.tokens, number.group(), ())
    known = set(vocab)
    lowered = text.lower().replace('-', ' ')
    pieces = list(PIECES.finditer(lowered))
    tokens, partial, completions = [], '', ()
    for i, match in enumerate(pieces):
        piece = match.group()
        if piece in ('.', ','): tokens.append('.')
        elif piece[0].isdecimal(): tokens += number_tokens(piece)      # not '²', which int() refuses
        elif piece in known: tokens.append(piece)
        elif piece.isalpha():
            completions = tuple(w for w in sorted(known) if w.startswith(piece))
            if not (typing and completions): raise unknown_word(piece, vocab, [m.group() for m in pieces[i + 1:]])
            if match.end() < len(text):
                # an edit in the middle; read on first: a real mistake further on is worth more than 'being typed'
                parse(text[match.end():], vocab, typing=True)
                raise UnfinishedWord(piece, completions)
            partial = piece
        else: raise PrefixError('stray_sign', piece=piece)
        if len(tokens) > MAX_TOKENS: raise PrefixError('too_many_tokens', limit=MAX_TOKENS)
    return Prefix(tuple(tokens), partial, completions if partial else ())
