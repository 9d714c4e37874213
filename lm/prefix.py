"""What people type, read as tokens of the vocabulary.

    'Seven thousand three hundred twelve. 7313,'  ->  seven thousand three hundred twelve . seven thousand
                                                      three hundred thirteen .

Words count in any case; '.' needs no spaces around it; a comma is a '.' too; numbers in digits (1..9999) are
read as their words; hyphens are spaces ('twenty-one'). Anything else is a PrefixError whose message names
the word and suggests the nearest vocabulary words. While someone types, the last word is often unfinished
('hundr'): when typing, a last word that begins some vocabulary word is set aside as `partial`, with the
words it could become.
"""
import difflib
import re
from dataclasses import dataclass

from lm.data import number_to_words

MAX_TOKENS = 2000
MAX_CHARS = 10 * MAX_TOKENS          # refused before reading it: no vocabulary word is longer than 9 letters

PIECES = re.compile(r"[^\W\d_]+|\d+|\S")          # a word (letters), a number (digits), or any other sign
HINTS = {
    'and': "HUMAN_NUMBERS writes numbers without 'and': 'one hundred five'",
    'zero': "HUMAN_NUMBERS counts from one",
}


class PrefixError(ValueError):
    "Text that cannot be read as tokens of the vocabulary; the message says why, in words a student follows."


@dataclass(frozen=True)
class Prefix:
    tokens: tuple[str, ...]                  # the complete tokens, all in the vocabulary
    partial: str = ''                        # an unfinished last word, if any ('hundr')
    completions: tuple[str, ...] = ()        # the vocabulary words it could become ('hundred',)


def suggestions(word: str, vocab) -> list[str]:
    "The vocabulary words nearest to a misspelt one: 'fourty' -> ['forty', 'fourteen', 'four']."
    words = [w for w in vocab if w != '.']
    close = difflib.get_close_matches(word, words, n=3, cutoff=0.6)
    return close or [w for w in words if w.startswith(word[:2])][:3]


def unknown_word(word: str, vocab) -> PrefixError:
    near = suggestions(word, vocab)
    message = f"'{word}' is not a word of the vocabulary"
    if word in HINTS: message += f" ({HINTS[word]})"
    elif near: message += f": did you mean {' or '.join(repr(w) for w in near)}?"
    else: message += ": type number words such as 'seven' or 'hundred', digits, '.' or ','"
    return PrefixError(message)


def parse(text: str, vocab, typing: bool = False) -> Prefix:
    """Read `text` as tokens of `vocab`; raises PrefixError for anything that is not.
    typing: the text is being typed, so an unfinished last word is set aside rather than refused."""
    if len(text) > MAX_CHARS:
        raise PrefixError(f"the text is {len(text):,} characters long: the limit is about {MAX_TOKENS:,} tokens")
    vocab = set(vocab)
    pieces = PIECES.findall(text.lower().replace('-', ' '))
    ends_mid_word = bool(text) and text[-1].isalpha()
    tokens, partial, completions = [], '', ()
    for n, piece in enumerate(pieces):
        if piece in ('.', ','): tokens.append('.')
        elif piece.isdigit():
            if not 1 <= int(piece) <= 9999: raise PrefixError(f"'{piece}' is not a number from 1 to 9999")
            tokens += number_to_words(int(piece)).split()
        elif piece in vocab: tokens.append(piece)
        elif piece.isalpha():
            last = n == len(pieces) - 1
            completions = tuple(w for w in sorted(vocab) if w.startswith(piece))
            if not (typing and last and ends_mid_word and completions): raise unknown_word(piece, vocab)
            partial = piece
        else: raise PrefixError(f"'{piece}' is neither a word nor a number: type words, digits, '.' or ','")
        if len(tokens) > MAX_TOKENS:
            raise PrefixError(f"the prefix is longer than {MAX_TOKENS:,} tokens: shorten it")
    return Prefix(tuple(tokens), partial, completions if partial else ())
