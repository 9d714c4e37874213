"""What people type, read as tokens of the vocabulary.

    'Seven thousand three hundred twelve. 7313,'  ->  seven thousand three hundred twelve . seven thousand
                                                      three hundred thirteen .

Words count in any case; '.' needs no spaces around it; a comma is a '.' too; numbers in digits (1..9999) are
read as their words, with or without a thousands separator ('1,000', '7.997': a group of 1 to 3 digits followed
by groups of exactly 3 digits is one number, so '7312, 7313,' and '7312,7313,' stay two); hyphens are spaces
('twenty-one'). Anything else is a PrefixError whose message names the word and suggests the nearest vocabulary
words, or the English word for a Spanish number word ('nueve' is 'nine').

While someone types, a word is often unfinished ('hundr'). When typing, a last word that begins some vocabulary
words is set aside as `partial`, with the words it could become, and the prediction is made from the tokens
before it. An unfinished word in the middle of the text (an edit there) is an UnfinishedWord: nothing can be
predicted until it is a word, but it is not a mistake either.
"""
import difflib
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
    'cero': 'zero (HUMAN_NUMBERS counts from one)', 'punto': "'.'", 'coma': "'.'",
}
HINTS = {
    'and': "HUMAN_NUMBERS writes numbers without 'and': 'one hundred five'",
    'zero': "HUMAN_NUMBERS counts from one",
}


class PrefixError(ValueError):
    "Text that cannot be read as tokens of the vocabulary; the message says why, in words a student follows."


class UnfinishedWord(PrefixError):
    "A word being typed in the middle of the text: not a mistake, but nothing to predict from until it is done."
    def __init__(self, word: str, completions: tuple[str, ...]):
        self.word, self.completions = word, completions
        super().__init__(f"'{word}' is being typed (it could become {', '.join(completions)})")


@dataclass(frozen=True)
class Prefix:
    tokens: tuple[str, ...]                  # the complete tokens, all in the vocabulary
    partial: str = ''                        # an unfinished last word or number, if any ('hundr', '1,0')
    completions: tuple[str, ...] = ()        # the vocabulary words it could become ('hundred',)


def suggestions(word: str, vocab) -> list[str]:
    "The vocabulary words nearest to a misspelt one: 'fourty' -> ['forty', 'fourteen', 'four']."
    words = [w for w in vocab if w != '.']
    close = difflib.get_close_matches(word, words, n=3, cutoff=0.6)
    return close or [w for w in words if w.startswith(word[:2])][:3]


def unknown_word(word: str, vocab) -> PrefixError:
    message = f"'{word}' is not a word of the vocabulary"
    if word in SPANISH: return PrefixError(f"HUMAN_NUMBERS is in English: '{word}' is {quoted(SPANISH[word])}")
    spanish = sorted(w for w in SPANISH if w.startswith(word) and len(word) >= 3)[:3]
    if spanish:
        meanings = ', '.join(f"'{w}' is {quoted(SPANISH[w])}" for w in spanish)
        return PrefixError(f"{message}: HUMAN_NUMBERS is in English ({meanings})")
    near = suggestions(word, vocab)
    if word in HINTS: message += f" ({HINTS[word]})"
    elif near: message += f": did you mean {' or '.join(repr(w) for w in near)}?"
    else: message += ": type number words such as 'seven' or 'hundred', digits, '.' or ','"
    return PrefixError(message)


def quoted(english: str) -> str:
    "'nine' for a word, but a phrase with its own quotes or remark stays as it is."
    return english if "'" in english or '(' in english else f"'{english}'"


def number_tokens(piece: str) -> list[str]:
    "The words of a number in digits, with or without thousands separators: '7.997' -> seven thousand ..."
    digits = piece.replace(',', '').replace('.', '')
    n = int(digits)
    groups = re.split(r'[.,]', piece)
    if len(groups) == 2 and n > 9999 and int(groups[1]) > 0:          # '12,345': one number, or 12 then 345?
        raise PrefixError(f"'{piece}' reads as one number, {n}, past 9999: for two numbers, put a space after "
                          f"the separator ('{piece[:len(groups[0]) + 1]} {groups[1]}')")
    if not 1 <= n <= 9999: raise PrefixError(f"'{piece}' is not a number from 1 to 9999")
    return number_to_words(n).split()


def parse(text: str, vocab, typing: bool = False) -> Prefix:
    """Read `text` as tokens of `vocab`; raises PrefixError for anything that is not.
    typing: the text is being typed, so an unfinished word is not a mistake: at the end it is set aside as
    `partial`, elsewhere it raises UnfinishedWord."""
    if len(text) > MAX_CHARS:
        raise PrefixError(f"the text is {len(text):,} characters long, more than the {MAX_CHARS:,} allowed "
                          f"(about {MAX_TOKENS:,} tokens): shorten it")
    if typing and (number := NUMBER_BEING_TYPED.search(text)):     # '1,0' on its way to '1,000'
        prefix = parse(text[:number.start()], vocab, typing=False)
        return Prefix(prefix.tokens, number.group(), ())
    vocab = set(vocab)
    lowered = text.lower().replace('-', ' ')
    pieces = list(PIECES.finditer(lowered))
    tokens, partial, completions = [], '', ()
    for match in pieces:
        piece = match.group()
        if piece in ('.', ','): tokens.append('.')
        elif piece[0].isdigit(): tokens += number_tokens(piece)
        elif piece in vocab: tokens.append(piece)
        elif piece.isalpha():
            completions = tuple(w for w in sorted(vocab) if w.startswith(piece))
            if not (typing and completions): raise unknown_word(piece, vocab)
            if match.end() < len(text):
                # an edit in the middle; read on first: a real mistake further on is worth more than 'being typed'
                parse(text[match.end():], vocab, typing=True)
                raise UnfinishedWord(piece, completions)
            partial = piece
        else: raise PrefixError(f"'{piece}' is neither a word nor a number: type words, digits, '.' or ','")
        if len(tokens) > MAX_TOKENS:
            raise PrefixError(f"the prefix is longer than {MAX_TOKENS:,} tokens: shorten it")
    return Prefix(tuple(tokens), partial, completions if partial else ())
