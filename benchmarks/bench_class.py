"""A whole class opening the page and typing at once, as the page's own browsers do. Targets in brackets.

    python -m benchmarks.bench_class [--students 200] [--within 60] [--chars 60] [--rate 6]
    python -m benchmarks.bench_class --fallback [--students 30 60] [--chars 60] [--rate 6]

The page draws the first screen and Hidden states in each student's browser (ui/keystrokes.py): a student costs the
server the opening of the page, and then only what a tab the server draws asks for once the text has settled. So a
real page's opening is recorded once, in Chromium: every request it sends from the navigation until the first
prediction is drawn and the page is quiet (the page, its scripts and styles, the models' files, the page's load
event; not the heartbeat, a stream the page holds open), then the requests of a student who opens Guesses and types a
count. Then --students simulated students open
the page, one after the other within --within seconds, each replaying those requests as a browser does (six at a
time, a fresh session each); four in five keep Hidden states in view and type, which sends nothing; the fifth has
Guesses in view, and asks for it once its text has settled. Measured: the seconds from a student's first request to
the last answer of its opening (every file and the load event), errors, and the server's CPU time for the whole
run, per student. Targets: 200 students within 60 s, no error, every student's opening served within 3 s.

--fallback: the class whose browsers cannot run the models, as the whole page was before: every keystroke is the
keystroke event the page sends the server then (a click of #ask-text; outside Gradio's queue: POST
/gradio_api/run/predict), with the page's trigger mode, always_last: while an event is in flight, keystrokes wait,
and one more event carries the latest text when it completes. Measured per class size: updates per second, each
update's time from sending to its result, the time from a student's last keystroke to the view of the final text,
bytes per update, errors, and whether every student's final view is right for that student's text (its heading
names the end of the text, and the chart's first bar is the top token of the page's first model, LMModel7, traced
over that text). Targets: 30 students, the final view at most 250 ms after the last keystroke at p95 and no update
over 500 ms; 60 students, at most 600 ms at p95; for both no error and every final view right.
"""
import argparse
import asyncio
import json
import os
import random
import statistics
import string
import sys
import time
from dataclasses import dataclass, field

import httpx
import uvloop

from benchmarks.launching import launch
from benchmarks.stats import percentile
from lm.data import corpus, number_to_words
from lm.explorer import Explorer
from lm.models import VARIANTS
from lm.prefix import MAX_TOKENS, parse

TARGETS = {30: (250, 500), 60: (600, None)}          # students: (final view p95 ms, slowest update ms)
OPENED = 3.0                                          # seconds within which a student's opening is served
AT_ONCE = 6                                           # requests a browser sends at once to one server
SCRIPTED = (300, 1000)                                # the same, for any class while a script calls the API


def count_text(student: int, chars: int) -> str:
    "What a student types: a count of their own, in digits for even students and in words for odd ones."
    start = 1000 + 211 * student % 8000
    numbers = range(start, start + 40)
    text = ' . '.join(str(n) if student % 2 == 0 else number_to_words(n) for n in numbers) + ' .'
    return text[:chars]


@dataclass
class Student:
    text: str
    typed: str = ''
    sent: list = field(default_factory=list)             # (text, seconds from send to result)
    bytes: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    last_key: float = 0.0
    final_after: float | None = None                      # seconds from the last keystroke to the final view
    final_wait: float | None = None                       # of which waiting for the event before it to return
    final_output: list | None = None


class Page:
    """What the browser knows of the page: the keystroke event as the server answers it (the browser's way of asking
    for it, when it cannot draw itself: a click of the hidden button #ask-text), its inputs and their first values."""
    def __init__(self, config: dict):
        deps = config['dependencies']
        components = {c['id']: c for c in config['components']}
        ask = next(c['id'] for c in config['components'] if c.get('props', {}).get('elem_id') == 'ask-text')
        prefix = next(c['id'] for c in config['components'] if c.get('props', {}).get('elem_id') == 'prefix')
        self.keystroke = next(d for d in deps if [ask, 'click'] in d['targets'])
        self.trigger, self.fn_index, self.queued = ask, self.keystroke['id'], self.keystroke['queue']
        self.prefix = prefix
        self.inputs = self.keystroke['inputs']
        self.values = [None if components[i]['type'] == 'state' else components[i]['props'].get('value')
                       for i in self.inputs]
        self.outputs = self.keystroke['outputs']
        self.output_ids = {components[i].get('props', {}).get('elem_id'): n for n, i in enumerate(self.outputs)}

    def data(self, text: str) -> list:
        return [text if i == self.prefix else v for i, v in zip(self.inputs, self.values)]


class Connection:
    """One student's browser: a kept-alive HTTP/1.1 connection, spoken plainly so that the load generator costs
    the shared CPU as little as it can (it is not on the students' laptops in a real class)."""
    def __init__(self, url: str):
        self.host, self.port = httpx.URL(url).host, httpx.URL(url).port
        self.reader = self.writer = None

    async def post(self, path: str, body: dict) -> tuple[int, bytes]:
        if self.writer is None: self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        data = json.dumps(body).encode()
        self.writer.write(f'POST {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nContent-Type: application/json\r\n'
                          f'x-gradio-user: app\r\nContent-Length: {len(data)}\r\n\r\n'.encode() + data)
        await self.writer.drain()
        status = int((await self.reader.readline()).split()[1])
        length, chunked = 0, False
        while (line := await self.reader.readline()) not in (b'\r\n', b''):
            name, _, value = line.decode().partition(':')
            if name.lower() == 'content-length': length = int(value)
            if name.lower() == 'transfer-encoding' and 'chunked' in value: chunked = True
        if not chunked: return status, await self.reader.readexactly(length)
        body = b''
        while (size := int((await self.reader.readline()).strip(), 16)):
            body += await self.reader.readexactly(size)
            await self.reader.readline()
        await self.reader.readline()
        return status, body

    def close(self):
        if self.writer is not None: self.writer.close()


async def event(http: httpx.AsyncClient, connection: Connection, url: str, session: str, page: Page,
                text: str) -> tuple[bytes | list, int]:
    """One keystroke event, as the page sends it; returns its output (raw JSON, decoded only where it is checked)
    and the bytes received for it. An event outside Gradio's queue is one request (POST /gradio_api/run/predict);
    a queued one joins the queue and reads the session's event stream."""
    body = dict(data=page.data(text), event_data=None, fn_index=page.fn_index, trigger_id=page.trigger,
                session_hash=session)
    if not page.queued:
        status, answer = await connection.post('/gradio_api/run/predict', body)
        if status != 200: raise RuntimeError(f'run/predict {status}: {answer[:200]}')
        return answer, len(answer)
    r = await http.post(f'{url}gradio_api/queue/join', json=body, headers={'x-gradio-user': 'app'})
    if r.status_code != 200: raise RuntimeError(f'queue/join {r.status_code}: {r.text[:200]}')
    event_id, received = r.json()['event_id'], 0
    async with http.stream('GET', f'{url}gradio_api/queue/data', params={'session_hash': session}) as stream:
        async for line in stream.aiter_lines():
            received += len(line) + 1
            if not line.startswith('data:'): continue
            msg = json.loads(line[5:])
            if msg.get('event_id') not in (None, event_id): continue
            if msg['msg'] == 'process_completed':
                if not msg.get('success'): raise RuntimeError(str(msg.get('output'))[:300])
                return msg['output']['data'], received
            if msg['msg'] in ('unexpected_error', 'close_stream'): raise RuntimeError(str(msg)[:300])
    raise RuntimeError('the event stream closed before the result')


async def student(http, url, page: Page, s: Student, rate: float, start_delay: float):
    "Type the text at `rate` characters a second; events go out as the page sends them (always_last)."
    session = ''.join(random.choices(string.ascii_lowercase + string.digits, k=11))
    connection = Connection(url)
    await asyncio.sleep(start_delay)
    in_flight: asyncio.Task | None = None

    async def send(text):
        started = time.perf_counter()
        try:
            output, received = await event(http, connection, url, session, page, text)
        except Exception as e:                      # noqa: BLE001 - every failure counts as an error
            s.errors.append(str(e))
            return
        done = time.perf_counter()
        s.sent.append((text, done - started))
        s.bytes.append(received)
        if text == s.text and s.typed == s.text:
            s.final_after, s.final_output = done - s.last_key, output
            s.final_wait = max(started - s.last_key, 0.0)

    async def dispatch():
        nonlocal in_flight
        while True:
            text = s.typed
            await send(text)
            if s.typed == text: break               # nothing typed meanwhile: the view is current
        in_flight = None

    for i in range(1, len(s.text) + 1):
        s.typed, s.last_key = s.text[:i], time.perf_counter()
        if in_flight is None: in_flight = asyncio.create_task(dispatch())
        await asyncio.sleep(1 / rate)
    if in_flight is not None: await in_flight
    connection.close()


def longest_count(call: int) -> str:
    "A count as long as the API accepts (MAX_TOKENS tokens), new at every call: nothing of it is cached."
    start, tokens, numbers = 1000 + 37 * call % 7000, 0, []
    while tokens + 8 <= MAX_TOKENS:
        numbers.append(start + len(numbers))
        tokens += len(number_to_words(numbers[-1]).split()) + 1
    return ' . '.join(map(str, numbers)) + ' .'


async def script(url: str, endpoint: str, stop: asyncio.Event, calls: list):
    "A script calling an endpoint of the API again and again with the longest prefix, one call after the other."
    data = {'compare': lambda text: [text], 'generate': lambda text: ['LMModel8', text, 500, 1.0],
            'hidden_states': lambda text: ['LMModel8', text, 300]}.get(endpoint, lambda text: ['LMModel8', text])
    async with httpx.AsyncClient(timeout=120) as http:
        while not stop.is_set():
            started = time.perf_counter()
            r = await http.post(f'{url}gradio_api/call/{endpoint}',
                                json={'data': data(longest_count(len(calls))), 'session_hash': 'script'})
            answer = await http.get(f"{url}gradio_api/call/{endpoint}/{r.json()['event_id']}")
            if not answer.text.startswith('event: complete'): raise RuntimeError(answer.text[:300])
            calls.append((time.perf_counter() - started, len(answer.content)))


def check(explorer: Explorer, page: Page, s: Student) -> bool:
    "The student's final view: its heading names the end of the text, its first bar is the model's top token."
    if s.final_output is None: return False
    final = json.loads(s.final_output)['data'] if isinstance(s.final_output, bytes) else s.final_output
    tokens = explorer.read(s.text, typing=True).tokens
    logits = explorer.trace('LMModel7', tuple(tokens)).logits
    top = explorer.corpus.vocab[int(logits.argmax())]
    heading = final[page.output_ids['next-heading']]
    chart = json.loads(final[page.output_ids['distribution']]['plot'])
    top_bar = chart['data'][-1]['y'][0].strip("'").replace('•', '.')
    return ' '.join(tokens[-6:]) in heading and top_bar == top


async def run_class(url: str, page: Page, n: int, chars: int, rate: float, endpoint: str | None = None,
                    calls: list | None = None) -> list[Student]:
    limits = httpx.Limits(max_connections=4 * n, max_keepalive_connections=4 * n)
    stop = asyncio.Event()
    scripted = asyncio.create_task(script(url, endpoint, stop, calls)) if endpoint else None
    if scripted: await asyncio.sleep(1)                 # the script's first call under way
    async with httpx.AsyncClient(timeout=60, limits=limits) as http:
        students = [Student(count_text(i, chars)) for i in range(n)]
        await asyncio.gather(*(student(http, url, page, s, rate, random.uniform(0, 1)) for s in students))
    stop.set()
    if scripted: await scripted
    return students


def warm(url: str) -> dict:
    "Wait until the app's background analyses are done, as on a server that has been up a while; its config."
    with httpx.Client(timeout=120) as http:
        for variant_id in VARIANTS:
            for api, data in (('units', [variant_id, 'read_dot']), ('error_analysis', [variant_id])):
                event_id = http.post(f'{url}gradio_api/call/{api}', json={'data': data}).json()['event_id']
                http.get(f"{url}gradio_api/call/{api}/{event_id}")
        return http.get(f'{url}config').json()


def report(n: int, students: list[Student], elapsed: float, right: int, targets=None) -> bool:
    updates = [t * 1000 for s in students for _, t in s.sent]
    finals = [s.final_after * 1000 for s in students if s.final_after is not None]
    errors = sum(len(s.errors) for s in students)
    sizes = [b for s in students for b in s.bytes]
    final_target, slowest_target = targets or TARGETS.get(n, (None, None))
    print(f"\n{n} students, {sum(len(s.text) for s in students)} keystrokes in {elapsed:.1f} s: "
          f"{len(updates)} updates ({len(updates) / elapsed:.0f}/s), {errors} errors, "
          f"{right} of {n} final views right")
    print(f"  update, send to result: median {statistics.median(updates):.0f} ms, "
          f"p95 {percentile(updates, .95):.0f} ms, slowest {max(updates):.0f} ms"
          + (f" (target <= {slowest_target})" if slowest_target else ''))
    if finals:
        waits = [s.final_wait * 1000 for s in students if s.final_wait is not None]
        print(f"  final view after the last keystroke: median {statistics.median(finals):.0f} ms, "
              f"p95 {percentile(finals, .95):.0f} ms" + (f" (target <= {final_target})" if final_target else '') +
              f"; of which waiting for the event in flight: median {statistics.median(waits):.0f} ms")
    print(f"  bytes per update: median {statistics.median(sizes) / 1000:.1f} kB")
    ok = errors == 0 and right == n and len(finals) == n
    if final_target: ok &= percentile(finals, .95) <= final_target
    if slowest_target: ok &= max(updates) <= slowest_target
    return ok


def measure(n: int, chars: int = 60, rate: float = 6.0, url: str | None = None,
            endpoint: str | None = None) -> tuple[bool, list[Student], int]:
    """Launch the app (unless url is given), let a class of n type (while a script calls `endpoint` again and
    again, if given), and report. Returns whether every target is met, the students, and how many final views
    were right."""
    proc = None
    if url is None: proc, url = launch()
    try:
        page = Page(warm(url))
        start = time.perf_counter()
        calls = []
        students = uvloop.run(run_class(url, page, n, chars, rate, endpoint, calls))
        elapsed = time.perf_counter() - start
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(10)
    explorer = Explorer()
    right = sum(check(explorer, page, s) for s in students)
    if endpoint:
        seconds = [c[0] for c in calls]
        print(f"\nwhile a script called /{endpoint} with {MAX_TOKENS} new tokens each time: {len(calls)} calls, "
              f"median {statistics.median(seconds):.2f} s, {statistics.median(c[1] for c in calls) / 1e6:.2f} MB")
    return report(n, students, elapsed, right, SCRIPTED if endpoint else None), students, right


# ----- the class as the page's own browsers make it -----

@dataclass
class Request:
    "A request a real page sent: a file, or an event of the page (POST, with its JSON body)."
    method: str
    path: str                           # from the app's root, with its query
    body: dict | None = None


@dataclass
class Recording:
    opening: list[Request]              # from the navigation until the first prediction is drawn and the page is quiet
    guesses: list[Request]              # a student opening Guesses, then its text settled: the events it sends
    prefix: int                         # the component ids of the prefix box and of the figures' (model, tokens)
    shown: int


def record(url: str) -> Recording:
    "One visit of the page in Chromium, its requests recorded: the opening, then Guesses opened and a count typed."
    from playwright.sync_api import sync_playwright

    from benchmarks.launching import chromium
    sent = []
    with sync_playwright() as pw:
        browser = chromium(pw)
        page = browser.new_page(viewport={'width': 1280, 'height': 720})
        page.on('request', lambda r: sent.append(Request(r.method, r.url[len(url) - 1:],
                                                         json.loads(r.post_data) if r.post_data else None))
                if r.url.startswith(url) else None)
        page.goto(url)
        page.wait_for_function('() => document.querySelector("#distribution .js-plotly-plot")?.data?.length')
        page.evaluate('() => window.lmKeystrokes')
        page.wait_for_timeout(2000)
        opened = len(sent)
        page.get_by_role('tab', name='Guesses').click()
        page.get_by_label('Prefix').fill('one . two .')
        page.wait_for_timeout(1500)                    # the text settles, the tab asks
        config = page.evaluate('() => window.gradio_config')
        browser.close()
    ids = {c.get('props', {}).get('elem_id'): c['id'] for c in config['components']}
    def replayed(r: Request) -> bool: return '/heartbeat/' not in r.path      # a stream held open, not an answer
    return Recording([r for r in sent[:opened] if replayed(r)], [r for r in sent[opened:] if r.method == 'POST'],
                     ids['prefix'], ids['shown'])


@dataclass
class Visitor:
    guesses: bool                        # Guesses in view: it asks the server once its text has settled
    text: str
    opened: float | None = None          # seconds from its first request to the last answer of its opening
    errors: list = field(default_factory=list)
    bytes: int = 0


async def visit(http: httpx.AsyncClient, url: str, recording: Recording, inputs: dict, v: Visitor, delay: float):
    "One student: the page opened as the recording did it (AT_ONCE requests at a time), then its tab's events."
    await asyncio.sleep(delay)
    session = ''.join(random.choices(string.ascii_lowercase + string.digits, k=11))
    at_once = asyncio.Semaphore(AT_ONCE)

    async def send(r: Request, data: list | None = None):
        async with at_once:
            body = None if r.body is None else dict(r.body, session_hash=session, **({'data': data} if data else {}))
            try:
                answer = await http.request(r.method, url + r.path.lstrip('/'), json=body,
                                            headers={'x-gradio-user': 'app'} if body else None)
                v.bytes += len(answer.content)
                if answer.status_code != 200: v.errors.append(f'{r.method} {r.path}: {answer.status_code}')
                elif body and 'error' in answer.json(): v.errors.append(f'{r.path}: {answer.text[:200]}')
            except Exception as e:                      # noqa: BLE001 - every failure counts as an error
                v.errors.append(f'{r.method} {r.path}: {e!r}')

    start = time.perf_counter()
    page, rest = recording.opening[0], recording.opening[1:]
    await send(page)                                    # the page first, then what it loads
    await asyncio.gather(*(send(r) for r in rest))
    v.opened = time.perf_counter() - start
    if not v.guesses: return                            # Hidden states in view: typing sends nothing
    await asyncio.sleep(len(v.text) / 6)                # typing at 6 characters a second, then the text settles
    for r in recording.guesses:
        fn_inputs = inputs[r.body['fn_index']]
        tokens = list(parse(v.text, corpus().vocab, typing=True).tokens)
        data = [v.text if i == recording.prefix else ['LMModel7', tokens] if i == recording.shown else value
                for i, value in zip(fn_inputs, r.body['data'])]
        await send(r, data)


def cpu_seconds(pid: int) -> float:
    "The CPU time a process has used so far (user and system), from /proc."
    fields = open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')


async def open_class(url: str, recording: Recording, inputs: dict, n: int, within: float,
                     chars: int) -> list[Visitor]:
    visitors = [Visitor(i % 5 == 4, count_text(i, chars)) for i in range(n)]
    limits = httpx.Limits(max_connections=AT_ONCE * n, max_keepalive_connections=AT_ONCE * n)
    async with httpx.AsyncClient(timeout=60, limits=limits) as http:
        await asyncio.gather(*(visit(http, url, recording, inputs, v, within * i / n) for i, v in enumerate(visitors)))
    return visitors


def opening(n: int = 200, within: float = 60, chars: int = 60, url: str | None = None,
            pid: int | None = None) -> tuple[bool, list[Visitor]]:
    """Launch the app (unless url is given, with its process id for its CPU time), record a page's opening, let a
    class of n open it within `within` seconds and type, and report. Returns whether every target is met, and the
    visitors."""
    proc = None
    if url is None:
        proc, url = launch()
        pid = proc.pid
    try:
        config = warm(url)
        recording = record(url)
        inputs = {d['id']: d['inputs'] for d in config['dependencies']}
        cpu = cpu_seconds(pid) if pid else None
        start = time.perf_counter()
        visitors = uvloop.run(open_class(url, recording, inputs, n, within, chars))
        elapsed = time.perf_counter() - start
        cpu = cpu_seconds(pid) - cpu if pid else None
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(10)
    opened = [v.opened for v in visitors]
    errors = [e for v in visitors for e in v.errors]
    print(f"\n{n} students opening the page within {within:g} s and typing {chars} characters "
          f"({sum(v.guesses for v in visitors)} of them with Guesses in view), in {elapsed:.1f} s: "
          f"{len(errors)} errors")
    print(f"  a page's opening: {len(recording.opening)} requests, "
          f"{statistics.median(v.bytes for v in visitors if not v.guesses) / 1e6:.2f} MB; "
          f"Guesses, once the text has settled: {len(recording.guesses)} request(s)")
    print(f"  opening served: median {statistics.median(opened):.2f} s, p95 {percentile(opened, .95):.2f} s, "
          f"slowest {max(opened):.2f} s (target: every one within {OPENED:g} s)")
    if cpu is not None: print(f"  the server's CPU time: {cpu:.1f} s in all, {cpu / n * 1000:.0f} ms a student")
    for e in errors[:5]: print('  error:', e)
    return not errors and max(opened) <= OPENED, visitors


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--students', type=int, nargs='+', help="class sizes, one after the other (200; --fallback: 30 60)")
    p.add_argument('--within', type=float, default=60, help="seconds within which the students open the page")
    p.add_argument('--chars', type=int, default=60, help="characters each student types")
    p.add_argument('--rate', type=float, default=6.0, help="characters a second (--fallback)")
    p.add_argument('--fallback', action='store_true', help="every keystroke asks the server, as before issue 17")
    p.add_argument('--script', metavar='ENDPOINT', help="--fallback: meanwhile, a script calls this endpoint of the "
                   "API in a loop with the longest prefix and the largest answer (hidden_states, compare, guesses, "
                   "generate, next_token)")
    args = p.parse_args()
    if args.fallback:
        results = [measure(n, args.chars, args.rate, endpoint=args.script)[0] for n in args.students or [30, 60]]
    else: results = [opening(n, args.within, args.chars)[0] for n in args.students or [200]]
    print("\nall targets met" if all(results) else "\nTARGET MISSED")
    sys.exit(0 if all(results) else 1)


if __name__ == '__main__':
    main()
