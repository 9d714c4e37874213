// The Markdown of the page's words, as HTML, for the static edition (ui/site.py), where no Gradio renders it: the
// little of Markdown that ui/words writes and ui/texts puts together. Headings (#...####), paragraphs, a line break
// at two trailing spaces, tables, lists, **bold**, *italic*, `code` and ``` blocks of code. Every character is escaped but for the few
// tags that the texts themselves write (ALLOWED): what a reader types never becomes HTML.

const ALLOWED = ['<div class="lm-stale">', '<div class="lm-stale-continuation">', '</div>', '<p>', '</p>'];

const escape_all = text => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

function escaped(text) {
  let out = escape_all(text);
  for (const tag of ALLOWED) out = out.replaceAll(tag.replaceAll('<', '&lt;').replaceAll('>', '&gt;'), tag);
  return out;
}

export function inline(text) {
  // One line's text: code first (nothing inside it is Markdown), then bold and italic.
  return escaped(text).split('`').map((part, i) => i % 2 ? `<code>${part}</code>` : part
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^*\w])\*(?!\s)(.+?)\*(?!\w)/g, '$1<em>$2</em>')).join('');
}

const cells = line => line.trim().replace(/^\||\|$/g, '').split('|').map(c => inline(c.trim()));

function table(lines) {
  // lines: the header, the |---| line, the rows
  const [head, , ...rows] = lines;
  return `<table><thead><tr>${cells(head).map(c => `<th>${c}</th>`).join('')}</tr></thead><tbody>` +
         rows.map(r => `<tr>${cells(r).map(c => `<td>${c}</td>`).join('')}</tr>`).join('') + '</tbody></table>';
}

function paragraph(lines) {
  return '<p>' + lines.map((l, i) => inline(l.replace(/ {2,}$/, '')) +
                           (i + 1 < lines.length ? (/ {2,}$/.test(l) ? '<br>' : '\n') : '')).join('') + '</p>';
}

export function render(text) {
  // The HTML of a Markdown text (empty for null or '').
  const blocks = [];
  let lines = [];
  const flush = () => {
    if (!lines.length) return;
    const first = lines[0].trim();
    if (first.startsWith('|') && lines.length > 1 && /^\|?\s*-{3,}/.test(lines[1].trim())) blocks.push(table(lines));
    else if (/^[-*] /.test(first)) {
      blocks.push(`<ul>${lines.map(l => `<li>${inline(l.trim().slice(2))}</li>`).join('')}</ul>`);
    } else if (ALLOWED.some(tag => first.startsWith(tag) && !tag.startsWith('</'))) {
      blocks.push(escaped(lines.join('\n')));
    }
    else blocks.push(paragraph(lines));
    lines = [];
  };
  let code = null;                                    // the lines of a ``` block, while in one
  for (const line of String(text ?? '').split('\n')) {
    const heading = /^(#{1,4}) (.*)$/.exec(line);
    if (line.startsWith('```')) {
      if (code === null) { flush(); code = []; }
      else { blocks.push(`<pre><code>${escape_all(code.join('\n'))}</code></pre>`); code = null; }
    } else if (code !== null) code.push(line);
    else if (heading) { flush(); blocks.push(`<h${heading[1].length}>${inline(heading[2])}</h${heading[1].length}>`); }
    else if (!line.trim()) flush();
    else lines.push(line);
  }
  flush();
  return blocks.join('\n');
}
