"""Every word of the page in English and Spanish, with the same parameters and the same shape, each said by the code."""
import ast
import re
import string

from benchmarks.launching import ROOT
from lm.prefix import MESSAGES, PrefixError
from ui.words import LANGUAGES, language, problem, say
from ui.words.en import ENGLISH
from ui.words.es import SPANISH

FORMAT = string.Formatter()


def fields(text: str) -> list[str]: return sorted(f'{name}:{spec}' for _, name, spec, _ in FORMAT.parse(text) if name)


def test_every_text_exists_in_both_languages_with_the_same_parameters():
    assert set(SPANISH) == set(ENGLISH)
    assert {f'problem.{key}' for key in MESSAGES} <= set(SPANISH)
    for key, english in ENGLISH.items():
        assert fields(SPANISH[key]) == fields(english), key


def strings_of_the_code() -> tuple[set[str], list[re.Pattern]]:
    """The string literals of app.py, lm/ and ui/ (the words themselves aside), and their f-strings that start with
    a literal, such as f'property.{p}.long', as patterns in which each {...} is a group; the same of ui/static/'s
    JavaScript, its '...' strings and its `...${}...` templates, and the words its static page names (data-say)."""
    literals, patterns = set(), []
    for path in [ROOT / 'app.py', *(ROOT / 'lm').rglob('*.py'), *(ROOT / 'ui').rglob('*.py')]:
        if path.parent.name == 'words' and path.stem in LANGUAGES: continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str): literals.add(node.value)
            elif isinstance(node, ast.JoinedStr) and isinstance(node.values[0], ast.Constant):
                patterns.append(re.compile(''.join(re.escape(v.value) if isinstance(v, ast.Constant) else '(.+)'
                                                   for v in node.values)))
    for path in (ROOT / 'ui' / 'static').glob('*.js'):         # the browser's code says words too
        code = path.read_text()
        literals |= set(re.findall(r"'([^'\\\n]*)'", code))
        for template in re.findall(r'`([^`]*)`', code):
            patterns.append(re.compile('(.+)'.join(re.escape(piece) for piece in re.split(r'\$\{[^}]*\}', template))))
    for path in (ROOT / 'ui' / 'static').glob('*.html'):       # the static edition's page names its words
        literals |= set(re.findall(r'data-say="([^"]+)"', path.read_text()))
    return literals, patterns


def test_every_text_is_said_by_the_code():
    "A key is said as it is ('states.tab'), or by an f-string whose every {...} is a string of the code ('next_dot')."
    literals, patterns = strings_of_the_code()

    def said(key: str) -> bool:
        return key in literals or any((m := p.fullmatch(key)) and set(m.groups()) <= literals for p in patterns)
    unused = [key for key in ENGLISH if not said(key.removesuffix('.one'))]
    assert unused == [], unused


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


def test_the_lessons_send_the_reader_to_tabs_that_exist_by_their_names():
    for lang in LANGUAGES:
        tabs = {say(key, lang) for key in ENGLISH if key.endswith('.tab')}
        for key in (k for k in ENGLISH if k.startswith('lesson.') and k.endswith('.text')):
            named = re.findall(r'(?<!\*)\*([^*]+)\*(?!\*)', say(key, lang))
            assert named and set(named) <= tabs, (lang, key, named)


def test_the_attention_sentence_says_mostly_only_of_what_it_mostly_copies():
    from ui.texts import attention_last
    for lang, mostly in (('en', 'mostly'), ('es', 'sobre todo')):
        assert mostly in attention_last('eight', 0.7, 0.3, lang) and '70%' in attention_last('eight', 0.7, 0.3, lang)
        own = attention_last('eight', 0.3, 0.7, lang)
        assert mostly not in own and '70%' in own and "'eight'" in own and '30%' in own
        none = attention_last('eight', 0.004, 0.996, lang)             # the "mostly 'eight' (0%)"
        assert mostly not in none and '0%' not in none.replace('100%', '') and "'eight'" not in none


def test_the_page_and_the_readme_say_the_parts_of_the_text_that_lm_data_computes():
    from lm.data import numbers_covered
    from ui.about import parts
    readme = ' '.join((ROOT / 'README.md').read_text().split())
    assert 'about 8084 to 9999' not in readme
    abouts = [say('about.text', lang, vocab=30, baseline='thousand', baseline_share='15.2%', **parts())
              for lang in LANGUAGES]
    for shape in ('three', 'three in order', 'sequences'):
        train, valid = numbers_covered(shape)
        assert f'{valid[0]} to {valid[-1]}' in readme, shape
        for about in abouts:
            assert {str(train[-1]), str(valid[0]), str(valid[-1])} <= set(re.findall(r'\b\d{4}\b', about)), shape
