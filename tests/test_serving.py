"""How the server shares its time: the page's events in turn and first, the API's work in the turns they leave,
a long trace in steps that let others in, and API callers taking turns."""
import asyncio
import threading
import time

from lm.explorer import Explorer
from ui.serving import InTurn, Lane


def test_the_pages_events_go_before_the_apis_work_and_each_in_the_order_it_came():
    turn, order, started = InTurn(), [], []

    def run(name, later=False):
        started.append(name)
        with (turn.later() if later else turn): order.append(name)

    with turn:                                         # held: everyone else waits
        threads = []
        for name, later in (('api 1', True), ('page 1', False), ('api 2', True), ('page 2', False)):
            threads.append(threading.Thread(target=run, args=(name, later)))
            threads[-1].start()
            while name not in started: time.sleep(0.001)
            time.sleep(0.02)                           # waiting now
    for t in threads: t.join(5)
    assert order == ['page 1', 'page 2', 'api 1', 'api 2']


def test_a_pause_lets_the_waiting_pages_events_in_and_then_goes_on():
    turn, order = InTurn(), []

    def keystroke():
        with turn: order.append('keystroke')

    with turn.later():
        order.append('api step 1')
        t = threading.Thread(target=keystroke)
        t.start()
        time.sleep(0.05)
        assert order == ['api step 1']                 # the keystroke waits for the turn...
        turn.pause(later=True)                         # ...and takes it at the pause
        order.append('api step 2')
    t.join(5)
    assert order == ['api step 1', 'keystroke', 'api step 2']
    with turn: pass                                    # free again


def test_a_long_new_prefix_is_traced_in_steps_with_the_same_result():
    explorer, pauses = Explorer(), []
    tokens = explorer.read(' . '.join(str(n) for n in range(7000, 7040)) + ' .').tokens     # 280 tokens
    stepped = explorer.trace('LMModel8', tokens, pause=lambda: pauses.append(1))
    whole = Explorer().trace('LMModel8', tokens)
    assert len(pauses) == (len(tokens) - 1) // 64
    assert (stepped.logits == whole.logits).all() and all((a.values == b.values).all()
                                                          for a, b in zip(stepped.states, whole.states))


def test_api_callers_take_turns_so_that_a_caller_with_many_calls_waits_for_itself():
    lane, done = Lane(InTurn()), []

    def work(name):
        time.sleep(0.01)
        done.append(name)

    async def calls():
        script = [asyncio.create_task(lane.run('script', work, f'script {i}')) for i in range(6)]
        await asyncio.sleep(0.005)
        other = asyncio.create_task(lane.run('student', work, 'student'))
        await asyncio.gather(*script, other)
    asyncio.run(calls())
    assert done.index('student') <= 2                  # not behind the script's six calls
    assert not lane.callers                            # nobody's lock kept once its calls are done
