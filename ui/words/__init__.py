"""Every word of the page, by language, in one place per language: the page, the tests and a translator read the
same text.

    say('n_tokens', 'en', n=1)  ->  '1 token'        say('n_tokens', 'es', n=3)  ->  '3 tokens'

A key ending in '.one' is the singular of the key without it, used when the parameter n is 1. A parameter that is
a list is a choice of words, joined as the language says it: 'forty' or 'four' (lm.prefix.fill, which says the
English of lm's messages the same way). A problem (lm.prefix.Problem) is said by its key and parameters.
"""
from lm.prefix import Problem, fill
from ui.words.en import ENGLISH
from ui.words.es import SPANISH

LANGUAGES = {'en': ENGLISH, 'es': SPANISH}
NAMES = {'en': 'English', 'es': 'Español'}


def language(code) -> str:
    """A language the page speaks, from a code such as 'es-MX' or 'en', or from a browser's Accept-Language list
    ('es,en;q=0.9': the first it prefers that the page speaks), or English."""
    ranked = []
    for n, item in enumerate((code or '').split(',')):
        tag, _, q = item.partition(';q=')
        try: weight = float(q) if q else 1.0
        except ValueError: weight = 0.0
        ranked.append((-weight, n, tag.split('-')[0].strip().lower()))
    return next((tag for weight, _, tag in sorted(ranked) if tag in LANGUAGES and weight < 0), 'en')


def say(key: str, lang: str = 'en', **params) -> str:
    "The text of `key` in a language, filled with params; the singular form when n is 1."
    words = LANGUAGES[lang]
    return fill(words, key, params, words['or'])


def problem(e: Exception, lang: str = 'en') -> str:
    "What is wrong, in a language: a Problem by its key, anything else as it says it."
    return say(f'problem.{e.key}', lang, **e.params) if isinstance(e, Problem) else str(e)


def browser_words() -> dict[str, dict[str, str]]:
    """The words the browser's prefix reader says (ui/static/prefix.js, whose say() fills them as fill does), by
    language: every problem, and the word that joins a choice."""
    return {lang: {key: text for key, text in words.items() if key.startswith('problem.') or key == 'or'}
            for lang, words in LANGUAGES.items()}
