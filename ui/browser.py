"""What runs in the browser, not on the server: the page's language, the address bar that shares the view, and
presentation mode. Gradio runs these functions with the values of the listed components."""

# When the page opens. Gradio's page has a <base> (its own address), and so plotly.js refers to each plot's gradients
# and clips by the page's address as it was when the plot was first drawn; once the address bar has changed (see
# ADDRESS), that is another page, which the browser downloads (the whole page, from the server) to look for them. The
# <base> goes: it says no more than the page's address does, and plots refer to the page they are in.
# Gradio's own internationalization shows the components' words in the browser's language;
# changeLocale, exported by Gradio's core module (which the page has loaded: found by its address), switches it
# without a reload. The language the address asks for (?lang=es) wins; the server reads the rest of the address.
ON_LOAD = """() => {
  document.querySelector('base')?.remove();
  for (const plot of document.querySelectorAll('.js-plotly-plot')) if (plot._context) plot._context._baseUrl = '';
  window.lmSetLocale = (lang) => {
    const core = performance.getEntriesByType('resource').map(e => e.name)
      .find(n => /\\/assets\\/core-[^/]+\\.js$/.test(n));
    if (core && lang) import(core).then(m => m.changeLocale(lang));
  };
  window.lmSetLocale(new URLSearchParams(location.search).get('lang'));
  window.lmLoaded = true;
}"""

SET_LOCALE = "(lang) => window.lmSetLocale(lang)"

# The address bar carries the model, the prefix, the language, the settings, the lesson and the tab: a teacher copies
# it and a student opens that same view, with what the lesson set that the address does not name.
# Written once typing pauses (0.3 s): the browser rewrites the whole address on each change, and a long prefix
# typed fast would make that a good part of every keystroke.
ADDRESS = """(variant, text, lang, temperature, top_k, lesson) => {
  clearTimeout(window.lmAddress);
  window.lmAddress = setTimeout(() => {
    const url = new URL(location.href);
    const put = (key, value, usual) => value === usual || value === null || value === undefined
      ? url.searchParams.delete(key) : url.searchParams.set(key, value);
    put('variant', variant); put('text', text); put('lang', lang);
    put('temperature', temperature, 1); put('top_k', top_k, 30); put('lesson', lesson);
    history.replaceState(history.state, '', url);
  }, 300);
}"""


def address_view(name: str) -> str:
    """The tab in view, kept in the address bar; not before the page has loaded: Gradio's tabs announce the first tab
    as selected when they appear, and the server reads the view to open from the address as the page loads."""
    return f"""() => {{ if (!window.lmLoaded) return;
  const url = new URL(location.href); url.searchParams.set('view', '{name}');
  history.replaceState(history.state, '', url); }}"""


# In presentation mode the chart is scaled to end above the bottom of the screen: a projector shows all of it,
# unscrolled (its height is set by its tokens, and the heading above it takes one line or three)
FIT = """const chart = document.querySelector('#distribution'); chart.style.zoom = '';
  if (document.body.classList.contains('lm-present')) {
    const r = chart.getBoundingClientRect(); chart.style.zoom = Math.min(1, (innerHeight - r.top - 8) / r.height); }
  window.dispatchEvent(new Event('resize'));"""                # the figures take their new size

# Presentation mode: large type, the essentials, and the prediction hidden until the teacher reveals it; a new prefix
# or model hides it again. All in the browser: a class watching a projector costs the server nothing.
PRESENT = """(on) => {
  document.body.classList.toggle('lm-present', on);
  document.body.classList.remove('lm-revealed');
  const url = new URL(location.href);
  on ? url.searchParams.set('present', '1') : url.searchParams.delete('present');
  history.replaceState(history.state, '', url);
  FIT
}""".replace('FIT', FIT)
REVEAL = "() => { document.body.classList.add('lm-revealed'); FIT }".replace('FIT', FIT)
HIDE = "() => document.body.classList.remove('lm-revealed')"
