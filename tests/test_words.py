"""Every word of the page in English and Spanish, with the same parameters and the same shape."""
import re
import string

from lm.prefix import MESSAGES
from ui.words import LANGUAGES, language, problem, say
from ui.words.en import ENGLISH
from ui.words.es import SPANISH
from lm.prefix import PrefixError

FORMAT = string.Formatter()


def fields(text: str) -> list[str]: return sorted(f'{name}:{spec}' for _, name, spec, _ in FORMAT.parse(text) if name)


def test_every_text_exists_in_both_languages_with_the_same_parameters():
    assert set(SPANISH) == set(ENGLISH)
    assert {f'problem.{key}' for key in MESSAGES} <= set(SPANISH)
    for key, english in ENGLISH.items():
        assert fields(SPANISH[key]) == fields(english), key


def test_every_text_keeps_its_markdown_shape():
    for key, english in ENGLISH.items():
        spanish = SPANISH[key]
        for mark in ('|', '\n\n', '**', '`', '#'):
            assert spanish.count(mark) == english.count(mark), (key, mark)


def test_the_spanish_texts_are_translated():
    # only the words that are the same in both languages: names, the model's own English tokens, symbols
    same = [key for key in ENGLISH if ENGLISH[key] == SPANISH[key] and re.search(r'[a-z]{4,} [a-z]{4,}', ENGLISH[key])]
    assert same == [], same


def test_say_picks_the_language_the_singular_and_the_words_of_a_choice():
    assert say('n_tokens', 'en', n=1) == '1 token' and say('n_tokens', 'en', n=2) == '2 tokens'
    assert say('n_tokens', 'es', n=1) != say('n_tokens', 'es', n=2)
    e = PrefixError('unknown_word', word='fourty', near=['forty', 'four'])
    assert problem(e, 'en') == str(e) == "'fourty' is not a word of the vocabulary: did you mean 'forty' or 'four'?"
    assert "'forty' o 'four'" in problem(e, 'es')
    assert (language('es-MX'), language('ES'), language('fr-FR'), language(None)) == ('es', 'es', 'en', 'en')
    # an Accept-Language header: the most preferred language the page speaks
    assert (language('es,en;q=0.9'), language('fr-FR,es;q=0.8,en;q=0.9'), language('de, es;q=0.5'),
            language('es;q=0,en;q=0.1')) == ('es', 'en', 'es', 'en')
    assert set(LANGUAGES) == {'en', 'es'}


def english_fragments() -> set[str]:
    "Pieces of English prose a Spanish page must not show: runs of 3 or more words of each text Spanish says otherwise."
    pieces = set()
    for key, text in ENGLISH.items():
        if SPANISH[key] == text: continue
        for piece in re.split(r"\{[^}]*\}|[*`#|\n()]|'[^']*'|: |\. ", text):
            piece = piece.strip(" .,:;'\"-–…")
            if len(piece.split()) >= 3: pieces.add(piece)
    return pieces


ENGLISH_FRAGMENTS = english_fragments()


def test_the_english_fragments_the_spanish_page_is_searched_for_are_there():
    "The Spanish page tests search it for English leftovers: an empty list would pass them all."
    assert len(ENGLISH_FRAGMENTS) > 300 and 'the beginning of the count' in ENGLISH_FRAGMENTS
