"""The server's memory as visitors come and go: each visitor opens the page (a Gradio session of its own, the
page's load event) and sends two keystrokes of a count of its own, as the browser sends them; nobody closes
the page properly (no unload), as on a public Space. Target in brackets.

    python -m benchmarks.bench_memory [--sessions 2000] [--every 100]

Prints the app's resident memory (RSS) after every `every` sessions. Target: after all the sessions, RSS within
10% of what it was after the first 100.
"""
import argparse
import asyncio
import random
import string
import sys
from pathlib import Path

import uvloop

from benchmarks.bench_class import Connection, Page, count_text, event, warm
from benchmarks.launching import launch

TARGET = 0.10                # growth allowed from the first 100 sessions to the last


def rss_mb(pid: int) -> float:
    "The resident memory of a process, in MB, as the kernel counts it."
    for line in Path(f'/proc/{pid}/status').read_text().splitlines():
        if line.startswith('VmRSS:'): return int(line.split()[1]) / 1024
    raise RuntimeError(f'no VmRSS for process {pid}')


class Load:
    "The page's load event, as the browser sends it when the page opens."
    def __init__(self, config: dict, page: Page):
        deps = config['dependencies']
        self.dep = next(d for d in deps if any(t[1] == 'load' for t in d['targets']) and d['backend_fn'])
        components = {c['id']: c for c in config['components']}
        self.body = dict(data=[None if components[i]['type'] == 'state' else components[i]['props'].get('value')
                               for i in self.dep['inputs']], fn_index=self.dep['id'], trigger_id=None)


async def visitor(connection: Connection, url: str, page: Page, load: Load, number: int):
    session = ''.join(random.choices(string.ascii_lowercase + string.digits, k=11))
    status, answer = await connection.post('/gradio_api/run/predict', load.body | dict(session_hash=session))
    if status != 200: raise RuntimeError(f'load {status}: {answer[:200]}')
    text = count_text(number, 40)
    for typed in (text[:20], text):
        await event(None, connection, url, session, page, typed)


async def visitors(url: str, page: Page, load: Load, first: int, n: int, at_once: int = 4):
    connections = [Connection(url) for _ in range(at_once)]
    numbers = iter(range(first, first + n))

    async def one_after_another(connection):
        for number in numbers: await visitor(connection, url, page, load, number)
    await asyncio.gather(*(one_after_another(c) for c in connections))
    for c in connections: c.close()


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--sessions', type=int, default=2000, help="visitors in all")
    p.add_argument('--every', type=int, default=100, help="visitors between two readings of the memory")
    args = p.parse_args()
    proc, url = launch()
    try:
        config = warm(url)
        page = Page(config)
        load = Load(config, page)
        print(f"app started: RSS {rss_mb(proc.pid):.0f} MB")
        readings = []
        for first in range(0, args.sessions, args.every):
            uvloop.run(visitors(url, page, load, first, min(args.every, args.sessions - first)))
            readings.append(rss_mb(proc.pid))
            print(f"after {first + args.every:>5} sessions: RSS {readings[-1]:.0f} MB", flush=True)
    finally:
        proc.terminate()
        proc.wait(10)
    growth = readings[-1] / readings[0] - 1
    ok = growth <= TARGET
    print(f"\nfrom {args.every} to {args.sessions} sessions: {readings[0]:.0f} -> {readings[-1]:.0f} MB, "
          f"{growth:+.1%} (target <= +{TARGET:.0%}), "
          f"{(readings[-1] - readings[0]) / (args.sessions - args.every) * 1000:.0f} kB a session"
          f"\n{'target met' if ok else 'TARGET MISSED'}")
    sys.exit(0 if ok else 1)


if __name__ == '__main__':
    main()
