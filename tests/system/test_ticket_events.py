"""The sl_ticket_events event source's main(queue, args), driven directly with asyncio against the emulator.

Between polls the test plays SoftLayer's side through the emulator's admin API (a staff
update, a status change) or the customer's (a new ticket), then checks which events came
out, how many API calls each poll cost, and that a restarted source with a state file
reports every change exactly once.
"""

import asyncio
import os
import runpy
import sys

import pytest

from conftest import API_KEY, COLLECTIONS, ROOT, USERNAME, ensure_collection_tree

ensure_collection_tree()
if COLLECTIONS not in sys.path:
    sys.path.insert(0, COLLECTIONS)

# pylint: disable=wrong-import-position
from ansible_collections.softlayer.support.plugins.plugin_utils import ticket_events  # noqa: E402
from ansible_collections.softlayer.support.plugins.module_utils.api.client import SoftLayerClient  # noqa: E402
from ansible_collections.softlayer.support.plugins.module_utils.api.retries import RetryPolicy  # noqa: E402

PLUGIN = os.path.join(COLLECTIONS, 'ansible_collections', 'softlayer', 'support', 'extensions', 'eda', 'plugins',
                      'event_source', 'sl_ticket_events.py')
OPEN = 148350001        # Open, web02 attached
ASSIGNED = 148350002    # Assigned, db01 attached
OPEN_TICKETS = 4        # Open or Assigned in the seed


def fast_client(params):
    """The real client, with retry delays short enough for a test (same policy shape)."""
    client = SoftLayerClient.from_params(params)
    client.retry_policy = RetryPolicy(retries=4, delay_base=0.05, delay_threshold=0.2, total_seconds=5)
    return client


class Queue:
    """An asyncio queue stand-in that keeps what was put, and can fail the source after N events (a crash)."""

    def __init__(self, crash_after=None):
        self.events = []
        self.crash_after = crash_after

    async def put(self, event):
        if self.crash_after is not None and len(self.events) >= self.crash_after:
            raise asyncio.CancelledError('the rulebook went away')
        self.events.append(event)


class Script:
    """The source's sleep between polls: runs the next scripted action and records calls per poll."""

    def __init__(self, emulator, *actions):
        self.emulator = emulator
        self.actions = list(actions)
        self.marks = [emulator.calls()[-1]['seq'] if emulator.calls() else 0]

    async def __call__(self, _seconds):
        calls = self.emulator.calls()
        self.marks.append(calls[-1]['seq'] if calls else self.marks[-1])
        if self.actions:
            self.actions.pop(0)()
        # Dates are whole seconds: the next change must not share the second of the last one read.
        await asyncio.sleep(1.05)

    def calls_per_poll(self):
        calls = self.emulator.calls()
        bounds = self.marks + [calls[-1]['seq'] if calls else self.marks[-1]]
        return [sum(1 for c in calls if lo < c['seq'] <= hi and c['service'] != 'SoftLayer_User_Customer')
                for lo, hi in zip(bounds, bounds[1:])]


def args(emulator, **extra):
    base = {'username': USERNAME, 'api_key': API_KEY, 'endpoint_url': emulator.xmlrpc_url, 'interval': 1}
    base.update(extra)
    return base


def source(queue, arguments, polls, sleep=None):
    return asyncio.run(ticket_events.run(queue, arguments, client_factory=fast_client, polls=polls,
                                         sleep=sleep or _no_sleep))


async def _no_sleep(_seconds):
    await asyncio.sleep(0)


def staff_update(emulator, ticket_id, entry):
    return lambda: emulator.admin('staff_update', {'ticket_id': ticket_id, 'entry': entry})


def set_status(emulator, ticket_id, status):
    return lambda: emulator.admin('ticket_status', {'ticket_id': ticket_id, 'status': status})


def open_ticket(emulator, title, hardware_id=None):
    import SoftLayer
    client = SoftLayer.create_client_from_env(username=USERNAME, api_key=API_KEY, endpoint_url=emulator.xmlrpc_url)
    ticket = client['Ticket'].createStandardTicket({'subjectId': 1021, 'title': title, 'assignedUserId': 7001},
                                                   'The disk of db02 fails.')
    if hardware_id:
        client['Ticket'].addAttachedHardware(hardware_id, id=ticket['id'])
    client['Ticket'].addUpdate({'entry': 'smartctl output follows'}, id=ticket['id'])
    return ticket['id']


def summary(events):
    return [(e['type'], e['ticket']['id'], (e.get('update') or {}).get('entry') or e.get('status')) for e in events]


def test_baseline_emits_nothing_old_then_each_change_once_and_idle_polls_cost_one_call(emulator):
    queue = Queue()
    script = Script(emulator,
                    lambda: None,
                    staff_update(emulator, ASSIGNED, 'Which maintenance window suits you?'),
                    set_status(emulator, OPEN, 'Closed'),
                    lambda: None)
    assert source(queue, args(emulator), polls=5, sleep=script) is None
    assert summary(queue.events) == [
        ('staff_update', ASSIGNED, 'Which maintenance window suits you?'),
        ('status_change', OPEN, 'Closed'),
    ]
    staff, closed = queue.events
    assert staff['meta']['hosts'] == 'db01.example.com' and closed['meta']['hosts'] == 'web02.example.com'
    assert staff['update']['editor_type'] == 'EMPLOYEE'
    assert staff['ticket']['awaiting_customer'] is True and staff['ticket']['last_edit_type'] == 'EMPLOYEE'
    assert staff['ticket']['last_update']['id'] == staff['update']['id'] and 'updates' not in staff['ticket']
    assert closed['previous_status'] == 'Open' and closed['ticket']['status'] == 'Closed'
    per_poll = script.calls_per_poll()
    # The baseline: the newest change plus one page of open tickets; then 1 call per poll, idle or not
    # (fewer than 100 changed tickets fit in one page).
    assert per_poll == [2, 1, 1, 1, 1], per_poll


def test_restart_with_a_state_file_reports_what_happened_while_down_exactly_once(emulator, tmp_path):
    state_file = str(tmp_path / 'events.json')
    first = Queue()
    # new_ticket_hold 0: the new ticket is reported at once (holding it is tested below).
    assert source(first, args(emulator, state_file=state_file, new_ticket_hold=0), polls=1) is None
    assert first.events == [] and os.path.exists(state_file)
    # While the source is down: a new ticket on db02, a staff answer, a status change, a customer update.
    new_id = open_ticket(emulator, 'Disk failure on db02', hardware_id=1500104)
    emulator.admin('staff_update', {'ticket_id': ASSIGNED, 'entry': 'A technician is on site.'})
    emulator.admin('ticket_status', {'ticket_id': OPEN, 'status': 'Assigned'})
    emulator.admin('staff_update', {'ticket_id': new_id, 'entry': 'May we power db02 off at 02:00?'})

    # The restarted source crashes after queueing the first event...
    crashed = Queue(crash_after=1)
    with pytest.raises(asyncio.CancelledError):
        source(crashed, args(emulator, state_file=state_file, new_ticket_hold=0), polls=1)
    # ...and the next start reports the rest, nothing twice.
    second = Queue()
    assert source(second, args(emulator, state_file=state_file, new_ticket_hold=0), polls=1) is None
    events = crashed.events + second.events
    expected = [
        ('staff_update', ASSIGNED, 'A technician is on site.'),
        ('status_change', OPEN, 'Assigned'),
        ('new_ticket', new_id, None),
        ('staff_update', new_id, 'May we power db02 off at 02:00?'),
    ]
    assert sorted(summary(events), key=str) == sorted(expected, key=str), summary(events)
    # A ticket's own events keep their order: the new ticket before its staff update.
    assert [e['type'] for e in events if e['ticket']['id'] == new_id] == ['new_ticket', 'staff_update']
    assert len(crashed.events) == 1
    assert next(e for e in events if e['type'] == 'new_ticket')['meta']['hosts'] == 'db02.example.com'
    # A third start finds nothing new: the customer's own update is not reported by default.
    third = Queue()
    assert source(third, args(emulator, state_file=state_file), polls=2) is None
    assert third.events == []


class FeedbackQueue:
    """ansible-rulebook's side with feedback: takes each event and gives it back, except from the
    ``dies_at``-th on (the rule engine never took it: ansible-rulebook died with it queued)."""

    def __init__(self, dies_at=None):
        self.events = []
        self.dies_at = dies_at
        self.feedback = asyncio.Queue(1)

    async def put(self, event):
        self.events.append(event)
        if self.dies_at is None or len(self.events) < self.dies_at:
            await self.feedback.put(event)


def feedback_source(queue, arguments, polls, seconds):
    async def bounded():
        return await asyncio.wait_for(ticket_events.run(queue, arguments, client_factory=fast_client, polls=polls,
                                                        sleep=_no_sleep), seconds)
    return asyncio.run(bounded())


def test_with_feedback_an_event_queued_but_never_taken_comes_again_after_a_crash(emulator, tmp_path):
    state_file = str(tmp_path / 'events.json')
    assert source(Queue(), args(emulator, state_file=state_file), polls=1) is None
    emulator.admin('staff_update', {'ticket_id': ASSIGNED, 'entry': 'A technician is on site.'})
    emulator.admin('ticket_status', {'ticket_id': OPEN, 'status': 'Assigned'})
    dying = FeedbackQueue(dies_at=2)
    with_feedback = dict(args(emulator, state_file=state_file, feedback=True), eda_feedback_queue=dying.feedback)
    # The source waits for the feedback on the second event, which never comes: then the crash.
    with pytest.raises(asyncio.TimeoutError):
        feedback_source(dying, with_feedback, polls=1, seconds=3)
    again = FeedbackQueue()
    with_feedback['eda_feedback_queue'] = again.feedback
    assert feedback_source(again, with_feedback, polls=2, seconds=30) is None
    assert sorted(summary(dying.events), key=str) == sorted([('status_change', OPEN, 'Assigned'), (
        'staff_update', ASSIGNED, 'A technician is on site.')], key=str)
    # Only the event the rule engine never took comes again, with the same meta.uuid.
    assert summary(again.events) == [summary(dying.events)[1]]
    assert again.events[0]['meta']['uuid'] == dying.events[1]['meta']['uuid']


def test_a_ticket_marked_as_duplicate_by_sl_ticket_is_never_reported(emulator, tmp_path):
    import SoftLayer
    from ansible_collections.softlayer.support.plugins.module_utils.tickets.duplicates import duplicate_note
    client = SoftLayer.create_client_from_env(username=USERNAME, api_key=API_KEY, endpoint_url=emulator.xmlrpc_url)
    opened = {}

    def open_twins():
        opened['oldest'] = open_ticket(emulator, 'Disk failure on db02', hardware_id=1500104)
        opened['twin'] = open_ticket(emulator, 'Disk failure on db02', hardware_id=1500104)

    def mark_twin():
        # What sl_ticket's backstop posts on the newer twin right after opening it.
        client['Ticket'].addUpdate({'entry': duplicate_note({'id': opened['oldest']})}, id=opened['twin'])

    def staff_answer_twin():
        emulator.admin('staff_update', {'ticket_id': opened['twin'], 'entry': 'Handled on the other ticket.'})
        emulator.admin('ticket_status', {'ticket_id': opened['twin'], 'status': 'Closed'})

    queue = Queue()
    script = Script(emulator, open_twins, mark_twin, staff_answer_twin, lambda: None, lambda: None)
    state_file = str(tmp_path / 'events.json')
    assert source(queue, args(emulator, state_file=state_file, new_ticket_hold=3), polls=6, sleep=script) is None
    # The oldest is reported once its hold is over; the twin never, nor anything on it.
    assert summary(queue.events) == [('new_ticket', opened['oldest'], None)]


def test_customer_updates_are_reported_when_asked_for(emulator, tmp_path):
    state_file = str(tmp_path / 'events.json')
    source(Queue(), args(emulator, state_file=state_file), polls=1)
    import SoftLayer
    client = SoftLayer.create_client_from_env(username=USERNAME, api_key=API_KEY, endpoint_url=emulator.xmlrpc_url)
    client['Ticket'].addUpdate({'entry': 'Tuesday 02:00 UTC works.'}, id=ASSIGNED)
    queue = Queue()
    source(queue, args(emulator, state_file=state_file, event_types=['customer_update']), polls=1)
    assert summary(queue.events) == [('customer_update', ASSIGNED, 'Tuesday 02:00 UTC works.')]


def test_api_faults_are_retried_then_polled_again_without_losing_or_repeating_events(emulator, caplog):
    caplog.set_level('WARNING', logger='softlayer.support.sl_ticket_events')
    queue = Queue()

    def fail_then_change():
        # Two failures that the client's retry policy absorbs within the poll.
        emulator.admin('faults', [{'service': 'Account', 'method': 'getTickets', 'kind': 'http_500', 'times': 2}])
        emulator.admin('staff_update', {'ticket_id': ASSIGNED, 'entry': 'Disk replaced.'})

    def outage():
        # Failures on every call: the poll fails after the retries, is logged, and the next poll catches up.
        emulator.admin('faults', [{'service': 'Account', 'method': 'getTickets', 'kind': 'http_500', 'times': -1}])
        emulator.admin('ticket_status', {'ticket_id': ASSIGNED, 'status': 'Closed'})

    script = Script(emulator, fail_then_change, outage, lambda: emulator.admin('faults', method='DELETE'))
    assert source(queue, args(emulator), polls=4, sleep=script) is None
    assert summary(queue.events) == [('staff_update', ASSIGNED, 'Disk replaced.'), ('status_change', ASSIGNED, 'Closed')]
    served = [c for c in emulator.calls() if c.get('injected')]
    assert len(served) >= 3
    # The failed poll is one warning line, without the key; the source went on.
    warnings = [r.getMessage() for r in caplog.records if r.name == 'softlayer.support.sl_ticket_events']
    assert len(warnings) == 1 and 'poll failed, trying again' in warnings[0], warnings
    assert '\n' not in warnings[0] and API_KEY not in warnings[0]


def test_bad_credentials_end_the_source_with_one_line_without_the_key(emulator, capsys):
    wrong_key = 'b' * 64
    queue = Queue()
    message = source(queue, args(emulator, api_key=wrong_key), polls=3)
    assert message.startswith('sl_ticket_events stopped: ') and 'authentication failed' in message
    assert '\n' not in message and wrong_key not in message and API_KEY not in message
    assert queue.events == []
    # The plugin itself raises with that line, so ansible-rulebook reports it and stops.
    plugin = runpy.run_path(PLUGIN)
    with pytest.raises(Exception) as caught:
        asyncio.run(plugin['main'](queue, args(emulator, api_key=wrong_key)))
    assert type(caught.value).__name__ == 'SourceStoppedError'
    assert 'authentication failed' in str(caught.value) and wrong_key not in str(caught.value)
    assert wrong_key not in capsys.readouterr().err


@pytest.mark.parametrize('bad, option', [
    ({'interval': 0}, 'interval'),
    ({'event_types': ['staff_reply']}, 'event_types'),
    ({'status': 'pending'}, 'status'),
    ({'intervall': 5}, 'intervall'),
])
def test_bad_arguments_end_the_source_naming_the_argument(emulator, bad, option):
    message = source(Queue(), args(emulator, **bad), polls=1)
    assert message.startswith('sl_ticket_events stopped: ') and option in message and '\n' not in message, message
    assert API_KEY not in message
    # Nothing was called: arguments are checked first.
    assert not [c for c in emulator.calls() if c['service'] == 'SoftLayer_Account']


def test_plugin_file_is_what_rulebook_runs():
    """ansible-rulebook runs the file by path; main must be a coroutine function taking (queue, args)."""
    assert os.path.exists(os.path.join(ROOT, 'extensions', 'eda', 'plugins', 'event_source', 'sl_ticket_events.py'))
    plugin = runpy.run_path(PLUGIN)
    assert asyncio.iscoroutinefunction(plugin['main'])
