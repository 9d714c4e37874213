// What people type, read as tokens of the vocabulary: lm/prefix.py in the browser.
//
// A mirror of lm/prefix.py, function by function and with the same names (number_to_words comes from lm/data.py,
// say and problem from ui/words), so that the page can read a prefix on every keystroke without asking the server.
// tests/prefix_cases.json is one table of cases that both tests/test_prefix_cases.py (the Python) and
// tests/test_browser_prefix.py (this module, in Chromium) run, so the two readers cannot drift apart.
//
// Where Python raises a PrefixError, this module returns a problem, {key, params}: the key of lm.prefix.MESSAGES and
// its parameters, said in the reader's language by say() with the words of ui.words.browser_words() (no text of a
// message is written here). An UnfinishedWord also carries its word and completions, as in Python.
//
// JavaScript's regular expressions are not Python's: \d, \w and \s are ASCII here and Unicode there, and $ does not
// match before a final newline. The patterns below spell out what Python's mean, so that '٧٣١٢' and '７３１２' are
// 7312 in both, and a word of any script is a word.

export const MAX_TOKENS = 2000;
export const MAX_CHARS = 10 * MAX_TOKENS;   // refused before reading it: no vocabulary word is longer than 9 letters

// Python's \S: JavaScript's \s leaves out U+001C-U+001F and U+0085, and takes in U+FEFF
const SIGN = String.raw`[^\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]`;
// Python's [^\W\d_], the letters and the numbers that are not decimal digits ('²', 'Ⅻ')
const LETTERS = String.raw`[\p{L}\p{Nl}\p{No}]+`;
const DIGIT = String.raw`\p{Nd}`;
const A_DIGIT = /^\p{Nd}/u;

// a number with thousands separators ('1,000', '7.997'), a number, a word (letters), or any other sign
export const PIECES = new RegExp(
  String.raw`(?<!${DIGIT})${DIGIT}{1,3}(?:[.,]${DIGIT}{3})+(?!${DIGIT})|${DIGIT}+|${LETTERS}|${SIGN}`, 'gu');
// while typing, digits, a separator and one or two digits at the very end may be a thousands group on its way
export const NUMBER_BEING_TYPED = new RegExp(String.raw`(?<!${DIGIT})${DIGIT}{1,3}[.,]${DIGIT}{1,2}(?=\n?$)`, 'u');

// The Spanish number words of the vocabulary, for a hint: many students read the chapter in Spanish.
const zip = (keys, values) => Object.fromEntries(keys.split(' ').map((k, i) => [k, values.split(' ')[i]]));
export const SPANISH = {
  ...zip('uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince dieciséis ' +
         'diecisiete dieciocho diecinueve', 'one two three four five six seven eight nine ten eleven ' +
         'twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen'),
  ...zip('veinte treinta cuarenta cincuenta sesenta setenta ochenta noventa',
         'twenty thirty forty fifty sixty seventy eighty ninety'),
  una: 'one', dieciseis: 'sixteen', cien: 'one hundred', ciento: 'one hundred', mil: 'thousand',
  cero: 'zero', punto: '.', coma: '.',
};

const ONES = ('one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen ' +
              'sixteen seventeen eighteen nineteen').split(' ');
const TENS = 'twenty thirty forty fifty sixty seventy eighty ninety'.split(' ');

// lm.data.number_to_words: 7312 -> 'seven thousand three hundred twelve', for 1 <= n <= 9999.
export function number_to_words(n) {
  const words = [];
  if (n >= 1000) { words.push(ONES[Math.floor(n / 1000) - 1], 'thousand'); n %= 1000; }
  if (n >= 100) { words.push(ONES[Math.floor(n / 100) - 1], 'hundred'); n %= 100; }
  if (n >= 20) { words.push(TENS[Math.floor(n / 10) - 2]); n %= 10; }
  if (n > 0) words.push(ONES[n - 1]);
  return words.join(' ');
}

// "'forty' or 'four' or 'fourteen'."
export function choice_of(words, conjunction = ' or ') {
  return words.map(w => `'${w}'`).join(conjunction);
}

// Python's str.format for the fields these texts use: {name} and {name:,} (thousands separated by commas).
function format(text, params) {
  return text.replace(/\{\{|\}\}|\{(\w+)(?::([^}]*))?\}/g, (field, name, spec = '') => {
    if (field === '{{' || field === '}}') return field[0];
    if (!Object.hasOwn(params, name)) throw new Error(`no parameter '${name}' for ${text}`);
    if (spec === '') return String(params[name]);
    if (spec === ',' && Number.isInteger(params[name])) return params[name].toLocaleString('en-US');
    throw new Error(`the format '{${name}:${spec}}' is not one this module writes`);
  });
}

// The text of `key` filled with params: the text of key + '.one' when n is 1 and there is one (the singular), a
// parameter that is a list said as a choice of words.
export function fill(texts, key, params, conjunction = ' or ') {
  if (params.n === 1 && Object.hasOwn(texts, `${key}.one`)) key += '.one';
  return format(texts[key], Object.fromEntries(Object.entries(params).map(
    ([k, v]) => [k, Array.isArray(v) ? choice_of(v, conjunction) : v])));
}

// ui.words.say: the text of `key` in the language of `words` (one language of ui.words.browser_words()).
export function say(words, key, params = {}) {
  return fill(words, key, params, words.or);
}

// ui.words.problem: what is wrong, in the language of `words`.
export function problem(words, p) {
  return say(words, `problem.${p.key}`, p.params);
}

// Text that cannot be read as tokens of the vocabulary: what Python raises, returned.
export function PrefixError(key, params = {}) { return {key, params}; }

// A word being typed in the middle of the text: not a mistake, but nothing to predict from until it is done.
function UnfinishedWord(word, completions) {
  return {...PrefixError('being_typed', {word, completions: completions.join(', ')}), word, completions};
}

// difflib.SequenceMatcher's longest matching block of a[alo:ahi] and b[blo:bhi], from b2j (b's positions by
// element), extended over equal elements that b2j leaves out (the popular ones; there is no junk here).
function find_longest_match(a, b, b2j, alo, ahi, blo, bhi) {
  let besti = alo, bestj = blo, bestsize = 0, j2len = new Map();
  for (let i = alo; i < ahi; i++) {
    const newj2len = new Map();
    for (const j of b2j.get(a[i]) ?? []) {
      if (j < blo) continue;
      if (j >= bhi) break;
      const k = (j2len.get(j - 1) ?? 0) + 1;
      newj2len.set(j, k);
      if (k > bestsize) [besti, bestj, bestsize] = [i - k + 1, j - k + 1, k];
    }
    j2len = newj2len;
  }
  while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) { besti--; bestj--; bestsize++; }
  while (besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] === b[bestj + bestsize]) bestsize++;
  return [besti, bestj, bestsize];
}

// difflib.SequenceMatcher(None, a, b).ratio(): twice the characters of the matching blocks over those of both. As
// difflib does, an element of a b of 200 or more that is more than 1% of it is 'popular' and left out of b2j.
function ratio(a, b) {
  [a, b] = [[...a], [...b]];
  const b2j = new Map();
  b.forEach((c, j) => { if (!b2j.has(c)) b2j.set(c, []); b2j.get(c).push(j); });
  if (b.length >= 200) for (const [c, js] of b2j) if (js.length > Math.floor(b.length / 100) + 1) b2j.delete(c);
  let matches = 0;
  const queue = [[0, a.length, 0, b.length]];
  while (queue.length) {
    const [alo, ahi, blo, bhi] = queue.pop();
    const [i, j, k] = find_longest_match(a, b, b2j, alo, ahi, blo, bhi);
    if (!k) continue;
    matches += k;
    if (alo < i && blo < j) queue.push([alo, i, blo, j]);
    if (i + k < ahi && j + k < bhi) queue.push([i + k, ahi, j + k, bhi]);
  }
  return 2 * matches / (a.length + b.length);
}

// difflib.get_close_matches: the n best words scoring at least cutoff, best first (a tie: the later word first).
function get_close_matches(word, possibilities, n = 3, cutoff = 0.6) {
  const scored = possibilities.map(x => [ratio(x, word), x]).filter(([score]) => score >= cutoff);
  scored.sort(([s, x], [t, y]) => t - s || (y > x) - (y < x));
  return scored.slice(0, n).map(([, x]) => x);
}

// The vocabulary words nearest to a misspelt one: 'fourty' -> ['forty', 'fourteen', 'four'].
export function suggestions(word, vocab) {
  const words = [...vocab].filter(w => w !== '.');
  const close = get_close_matches(word, words, 3, 0.6);
  const start = [...word].slice(0, 2).join('');
  return close.length ? close : words.filter(w => w.startsWith(start)).slice(0, 3);
}

// What is wrong with a word not in the vocabulary; `after`: the words that follow it, for a number said in Spanish.
export function unknown_word(word, vocab, after = []) {
  if (word === 'zero' || word === 'cero') return PrefixError('no_zero', {word});
  if (Object.hasOwn(SPANISH, word)) {  // the whole number: 'nueve mil' is 'nine thousand', 'treinta y dos' 'thirty two'
    const rest = after.findIndex(w => !(Object.hasOwn(SPANISH, w) || w === 'y'));
    const words = [word, ...(rest < 0 ? after : after.slice(0, rest))];
    while (words.at(-1) === 'y') words.pop();
    return PrefixError('spanish_word', {word: words.join(' '),
                                        english: words.filter(w => w !== 'y').map(w => SPANISH[w]).join(' ')});
  }
  const spanish = Object.keys(SPANISH).filter(w => w.startsWith(word) && [...word].length >= 3).sort();
  if (spanish.length) return PrefixError('spanish_start', {word, spanish: spanish[0], english: SPANISH[spanish[0]]});
  if (word === 'and') return PrefixError('no_and');
  const near = suggestions(word, vocab);
  return near.length ? PrefixError('unknown_word', {word, near}) : PrefixError('unknown_word_plain', {word});
}

// The value of a decimal digit of any script ('7', '٧', '７'): Unicode assigns them in runs of ten, 0 to 9.
function digit_value(digit) {
  const code = digit.codePointAt(0);
  let value = 0;
  while (A_DIGIT.test(String.fromCodePoint(code - value - 1))) value++;
  return value % 10;
}

// Python's int() of a number's digits, of any script
const int = digits => Number([...digits].map(digit_value).join(''));

// The words of a number in digits, with or without thousands separators: '7.997' -> seven thousand ...
export function number_tokens(piece) {
  const n = int(piece.replace(/[.,]/g, ''));
  const groups = piece.split(/[.,]/);
  if (groups.length === 2 && n > 9999 && int(groups[1]) > 0) {          // '12,345': one number, or 12 then 345?
    return PrefixError('separated_past_9999',
                       {piece, n, fix: `${piece.slice(0, groups[0].length + 1)} ${groups[1]}`});
  }
  if (!(1 <= n && n <= 9999)) return PrefixError('out_of_range', {piece});
  return number_to_words(n).split(' ');
}

// Read `text` as tokens of `vocab` (an array, in the vocabulary's order): {tokens, partial, completions}, or a
// problem {key, params}. typing: the text is being typed, so an unfinished word is not a mistake: at the end it is
// set aside as `partial`, elsewhere it is an UnfinishedWord.
export function parse(text, vocab, typing = false) {
  const length = [...text].length;                                     // Python counts characters, not UTF-16 units
  if (length > MAX_CHARS) return PrefixError('too_long', {length, limit: MAX_CHARS, tokens: MAX_TOKENS});
  const number = typing && NUMBER_BEING_TYPED.exec(text);
  if (number) {                                                        // '1,0' on its way to '1,000'
    const prefix = parse(text.slice(0, number.index), vocab, false);
    return prefix.key ? prefix : {tokens: prefix.tokens, partial: number[0], completions: []};
  }
  const words = new Set(vocab);
  const lowered = text.toLowerCase().replaceAll('-', ' ');
  const pieces = [...lowered.matchAll(PIECES)];
  const tokens = [];
  let partial = '', completions = [];
  for (const [i, match] of pieces.entries()) {
    const piece = match[0], end = match.index + piece.length;
    if (piece === '.' || piece === ',') tokens.push('.');
    else if (A_DIGIT.test(piece)) {
      const number = number_tokens(piece);
      if (number.key) return number;
      tokens.push(...number);
    }
    else if (words.has(piece)) tokens.push(piece);
    else if (/^\p{L}+$/u.test(piece)) {
      completions = [...vocab].sort().filter(w => w.startsWith(piece));
      if (!(typing && completions.length)) return unknown_word(piece, vocab, pieces.slice(i + 1).map(m => m[0]));
      if (end < text.length) {
        // an edit in the middle; read on first: a real mistake further on is worth more than 'being typed'
        const after = parse(text.slice(end), vocab, true);
        return after.key ? after : UnfinishedWord(piece, completions);
      }
      partial = piece;
    }
    else return PrefixError('stray_sign', {piece});
    if (tokens.length > MAX_TOKENS) return PrefixError('too_many_tokens', {limit: MAX_TOKENS});
  }
  return {tokens, partial, completions: partial ? completions : []};
}
