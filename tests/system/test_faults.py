"""Faults on every write path of sl_ticket: exactly one ticket, each update exactly once.

The emulator serves the faults (``/_emulator/faults``); the play injects them between
its tasks (action plugin ``sl_emulator_admin``), so one ansible-playbook run covers every write path:

* task ``create`` opens a ticket with a device of each kind, a file, an e-mail
  address and an update: createStandardTicket, updateAttachedAdditionalEmails,
  addAttachedHardware, addAttachedVirtualGuest, addAttachedFile, addUpdate;
* task ``extend`` adds one more of each to the existing ticket (found by title),
  with an update long enough to be split by the server;
* task ``rerun`` repeats ``extend`` and must change nothing, in at most 2 calls.

Each write of ``create`` is hit once by the fault, and the long update of
``extend`` (the other writes of ``extend`` run the same code as in ``create``,
on an existing ticket; faulting them again would only add time). Afterwards the account must hold exactly the
one ticket with everything exactly once, and the call log must show each write
sent exactly as often as its fault requires (once more for a fault before the
write, never more for one after it).

Every test here talks https to the emulator, as users talk to the real endpoint: the SDK's
requests session behaves differently over https (it mounts its own retries there), so over
http these tests would not see what users get. The write-path faults run over both transports.
"""

import importlib.util
import os
import time

import pytest

from conftest import (
    FIGURES,
    ROOT,
    WRITE_METHODS,
    admin_task,
    play,
    run_playbook,
    start_playbook,
    wait_until,
    Background,
)

TITLE = 'Disk failure on web01 (fault test)'
BODY = 'The RAID controller of web01 reports a failed disk.\nPlease replace it.'
UPDATE_1 = 'évidence 1: SMART overall-health FAILED – sdb ✗'
UPDATE_2 = 'évidence 2: controller log follows.\n' + ''.join(
    'line %04d: medium error on sdb, sector %d\n' % (n, 7340032 + n) for n in range(110))   # > 3900 characters
CREATE_ARGS = {
    'title': TITLE, 'subject': 'Hardware Issue', 'body': BODY, 'hardware': ['web01'],
    'virtual_guests': ['app01.example.com'], 'additional_emails': ['oncall@example.com'], 'update': UPDATE_1,
}
EXTEND_ARGS = {
    'title': TITLE, 'hardware': ['web01', 'db01.example.com'], 'virtual_guests': ['app01', 'app02'],
    'additional_emails': ['oncall@example.com', 'storage-team@example.com'], 'update': UPDATE_2,
}
# Module timeout and how long the emulator's timeout fault holds a call: slightly longer.
MODULE_TIMEOUT = 2
FAULT_SECONDS = 3

# kind name -> (emulator rule, whether the write commits before the client sees the fault)
TRANSIENT_FAULTS = {
    'http_500': ({'kind': 'http_500'}, False),
    'http_500_after_commit': ({'kind': 'http_500', 'when': 'after'}, True),
    # The held write commits 1 s after the module gave up; its grace look finds it, so nothing is re-sent.
    'timeout': ({'kind': 'timeout', 'seconds': FAULT_SECONDS}, True),
    'timeout_after_commit': ({'kind': 'timeout', 'when': 'after', 'seconds': FAULT_SECONDS}, True),
    'rate_limit': ({'kind': 'rate_limit'}, False),
    'lost_response': ({'kind': 'lost_response'}, True),
    'drop': ({'kind': 'drop'}, False),
}
# How often each write method is needed by create + extend, without faults, and how often it is faulted.
NEEDED = {'createStandardTicket': 1, 'updateAttachedAdditionalEmails': 2, 'addAttachedHardware': 2,
          'addAttachedVirtualGuest': 2, 'addAttachedFile': 2, 'addUpdate': 2}
FAULTED = {'createStandardTicket': 1, 'updateAttachedAdditionalEmails': 1, 'addAttachedHardware': 1,
           'addAttachedVirtualGuest': 1, 'addAttachedFile': 1, 'addUpdate': 2}
EXTEND_FAULTED = ['addUpdate']
TRANSPORTS = ('xmlrpc', 'rest')


def retry_policy():
    """The collection's RetryPolicy, read from its file (retries.py needs nothing but the standard library)."""
    spec = importlib.util.spec_from_file_location('sl_support_retries',
                                                  os.path.join(ROOT, 'plugins', 'module_utils', 'api', 'retries.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.RetryPolicy()


@pytest.fixture
def emulator(tls_emulator):
    """Every fault test over https."""
    return tls_emulator


def endpoint_env(emulator, transport):
    return {'SL_ENDPOINT_URL': emulator.endpoint(transport)}


def attachment_files(emulator):
    directory = os.path.join(emulator.workdir, 'files')
    os.makedirs(directory, exist_ok=True)
    paths = []
    for name, text in (('smartctl-sdb.log', 'SMART overall-health self-assessment test result: FAILED\n'),
                       ('megacli.txt', 'Slot 1: Failed\n' * 50)):
        path = os.path.join(directory, name)
        with open(path, 'w', encoding='utf-8') as handle:
            handle.write(text)
        paths.append(path)
    return paths


def rules_for(rule, methods):
    return [dict(rule, service='SoftLayer_Ticket', method=method, times=1) for method in methods]


def sl_ticket(name, args, timeout, **keywords):
    task = {'name': name, 'softlayer.support.sl_ticket': dict(args, timeout=timeout)}
    task.update(keywords)
    return task


def expect_complete_ticket(emulator, state, files):
    """The one ticket of the scenario, with everything on it exactly once."""
    tickets = emulator.tickets(TITLE, state)
    assert len(tickets) == 1, 'expected exactly one ticket titled %r, found %s' % (
        TITLE, [t['id'] for t in tickets])
    assert len(emulator.new_tickets(state)) == 1
    view = emulator.ticket_view(tickets[0]['id'], state)
    updates = view['updates']
    assert updates[0].startswith(BODY) and 'sl-ticket-' in updates[0], updates[0]
    assert updates[1:] == [UPDATE_1, UPDATE_2[:3900], UPDATE_2[3900:]], [u[:60] for u in updates]
    assert view['hardware'] == [1500101, 1500103]
    assert view['guests'] == [91000001, 91000002]
    assert view['files'] == sorted(os.path.basename(p) for p in files)
    assert view['emails'] == ['oncall@example.com', 'storage-team@example.com']
    return view


def count_writes(calls):
    counts = dict.fromkeys(WRITE_METHODS, 0)
    for call in calls:
        if call['method'] in counts:
            counts[call['method']] += 1
    return counts


@pytest.mark.parametrize('transport', TRANSPORTS)
@pytest.mark.parametrize('kind', sorted(TRANSIENT_FAULTS))
def test_transient_fault_on_every_write_path(emulator, kind, transport):
    rule, commits_first = TRANSIENT_FAULTS[kind]
    timeout = MODULE_TIMEOUT if rule['kind'] == 'timeout' else 20
    files = attachment_files(emulator)
    FIGURES.add('fault_scenarios', sum(FAULTED.values()))
    result = run_playbook(emulator, play(
        admin_task(emulator, 'inject before create', 'faults', rules_for(rule, WRITE_METHODS)),
        sl_ticket('create', dict(CREATE_ARGS, attachments=files[:1]), timeout),
        admin_task(emulator, 'inject before extend', 'faults', rules_for(rule, EXTEND_FAULTED)),
        sl_ticket('extend', dict(EXTEND_ARGS, attachments=files), timeout),
        admin_task(emulator, 'mark', 'calls', None, method='GET'),
        sl_ticket('rerun', dict(EXTEND_ARGS, attachments=files), timeout),
    ), env=endpoint_env(emulator, transport))
    if rule['kind'] == 'timeout':
        # A call the emulator holds is logged (and, if the fault comes before the write, commits) late.
        time.sleep(FAULT_SECONDS)
    state = emulator.state()
    calls = emulator.calls()
    for task in ('create', 'extend', 'rerun'):
        outcome = result.results(task)
        assert not outcome.get('failed'), '%s failed under %s: %s' % (task, kind, outcome.get('msg'))
    assert result.results('create')['created'] is True
    assert result.results('extend')['changed'] is True
    rerun = result.results('rerun')
    assert rerun['changed'] is False, rerun

    expect_complete_ticket(emulator, state, files)
    sent = count_writes(calls)
    # A fault before the write costs one more send; after the write, none (the module finds the write landed).
    expected = {method: needed + (0 if commits_first else FAULTED[method]) for method, needed in NEEDED.items()}
    FIGURES.add('write_attempts_checked', sum(sent.values()))
    assert sent == expected, 'write calls sent %s, expected %s' % (sent, expected)
    injected = [c for c in calls if c.get('injected')]
    assert len(injected) == sum(FAULTED.values()), [(c['method'], c['injected']) for c in injected]
    last_seq = max(c['seq'] for c in result.results('mark')['json'])
    # (a call held by a timeout fault of ``extend`` is logged when it ends, which may be during ``rerun``)
    rerun_calls = [c for c in calls if c['seq'] > last_seq and not c.get('injected')]
    assert not [c for c in rerun_calls if c['write']]
    assert len(rerun_calls) <= 2, [c['method'] for c in rerun_calls]
    if commits_first:
        warnings = ' '.join(result.results('create').get('warnings') or [])
        assert 'was lost' in warnings, result.results('create').get('warnings')


def test_persistent_faults_fail_clearly_within_the_retry_bound(emulator):
    """A fault that does not go away: the task fails naming it, after a bounded number of tries.

    Afterwards (faults cleared) the same task completes the job without doubling anything.
    """
    files = attachment_files(emulator)
    cases = [
        # name, rule, arguments, words the failure must contain, most calls of the method
        ('http_500', {'kind': 'http_500', 'method': 'addUpdate'},
         dict(CREATE_ARGS), ('post an update', '500', 'Internal Server Error', 'may or may not'), 2),
        ('rate_limit', {'kind': 'rate_limit', 'method': 'createStandardTicket'},
         dict(CREATE_ARGS, title=TITLE + ' 2'), ('open the ticket', 'rate limit', 'RateLimitExceeded'), 5),
        ('drop', {'kind': 'drop', 'method': 'addAttachedFile'},
         dict(CREATE_ARGS, attachments=files[:1]), ('upload smartctl-sdb.log', 'could not get an answer'), 2),
        # Held past two tries and their grace looks (2 x (2 s + 6 s)), so neither lands before the module gives up.
        ('timeout', {'kind': 'timeout', 'method': 'addAttachedHardware', 'seconds': 10 * MODULE_TIMEOUT},
         dict(CREATE_ARGS, hardware=['web01', 'db02']), ('attach hardware db02', 'no reply within 2 s'), 2),
        ('http_500_emails', {'kind': 'http_500', 'method': 'updateAttachedAdditionalEmails'},
         dict(EXTEND_ARGS, update=None), ('additional e-mails', '500'), 2),
    ]
    tasks = []
    for name, rule, args, _words, _bound in cases:
        args = {k: v for k, v in args.items() if v is not None}
        tasks.append(admin_task(emulator, 'inject %s' % name, 'faults',
                                [dict(rule, service='SoftLayer_Ticket', times=-1)]))
        tasks.append(sl_ticket('fail %s' % name, args, MODULE_TIMEOUT if name == 'timeout' else 20,
                               ignore_errors=True))
        tasks.append(admin_task(emulator, 'clear %s' % name, 'faults', None, method='DELETE'))
        tasks.append(sl_ticket('retry %s' % name, args, 20))
    FIGURES.add('fault_scenarios', len(cases))
    result = run_playbook(emulator, play(*tasks))
    for name, rule, _args, words, bound in cases:
        failed = result.results('fail %s' % name)
        assert failed.get('failed'), '%s: expected a failure, got %s' % (name, failed)
        for word in words:
            assert word in failed['msg'], '%s: %r not in %r' % (name, word, failed['msg'])
    # The calls held by the timeout fault finish (and are logged) only after the play moved on.
    wait_until(lambda: len([c for c in emulator.calls() if c.get('injected') == 'timeout']) >= 2, timeout=45)
    state = emulator.state()
    calls = emulator.calls()
    for name, rule, _args, words, bound in cases:
        # Each case faults its own method, so the faulted calls of that method are the case's tries.
        attempts = [c for c in calls if c['method'] == rule['method'] and c.get('injected')]
        FIGURES.add('write_attempts_checked', len(attempts))
        assert 1 <= len(attempts) <= bound, '%s: %d calls of %s (bound %d)' % (name, len(attempts), rule['method'], bound)
        retried = result.results('retry %s' % name)
        assert not retried.get('failed'), retried.get('msg')
    tickets = emulator.new_tickets(state)
    # Stored as '<subject name> - <title>' (the emulator's default, as the real API).
    assert sorted(t['title'] for t in tickets) == ['Hardware Issue - ' + TITLE, 'Hardware Issue - %s 2' % TITLE], [
        t['title'] for t in tickets]
    view = emulator.ticket_view(emulator.tickets(TITLE, state)[0]['id'], state)
    assert view['updates'][1:] == [UPDATE_1]
    assert view['hardware'] == [1500101, 1500103, 1500104]
    assert view['guests'] == [91000001, 91000002]
    assert view['files'] == ['smartctl-sdb.log']
    assert view['emails'] == ['oncall@example.com', 'storage-team@example.com']


def test_emulator_killed_during_every_write_and_between_tasks(emulator):
    """kill -9 while each round trip of writes is in flight (held by long timeout faults), then restart on the same port.

    The killed write never committed; the module must notice that, once the API is
    back, and write it exactly once. Between two tasks the emulator is killed again.
    """
    files = attachment_files(emulator)
    handshake = os.path.join(emulator.workdir, 'handshake')
    os.makedirs(handshake)
    # The first task's writes by round trip: the creation; then the rest at once, beside the search for a twin.
    order = [('createStandardTicket',), ('updateAttachedAdditionalEmails', 'addAttachedHardware',
                                         'addAttachedVirtualGuest', 'addAttachedFile', 'addUpdate')]
    killed = []

    def killer():
        for writes in order:
            emulator.inject(*[{'service': 'SoftLayer_Ticket', 'method': method, 'kind': 'timeout', 'seconds': 60}
                              for method in writes])
            # The emulator takes a rule off its list when its call arrives: once none is left, all are in flight.
            wait_until(lambda: not emulator.admin('faults'), timeout=60)
            time.sleep(0.3)
            emulator.restart(kill=True)
            killed.append(writes)
        wait_until(lambda: os.path.exists(os.path.join(handshake, 'between')), timeout=120)
        emulator.restart(kill=True)
        killed.append('between tasks')
        with open(os.path.join(handshake, 'restarted'), 'w', encoding='utf-8'):
            pass

    FIGURES.add('fault_scenarios', len(order) + 1)
    helper = Background(killer)
    helper.start()
    running = start_playbook(emulator, play(
        sl_ticket('create', dict(CREATE_ARGS, attachments=files[:1]), 30),
        {'name': 'signal', 'ansible.builtin.file': {'path': os.path.join(handshake, 'between'), 'state': 'touch'}},
        {'name': 'wait for the restart', 'ansible.builtin.wait_for': {
            'path': os.path.join(handshake, 'restarted'), 'timeout': 120}},
        sl_ticket('extend', dict(EXTEND_ARGS, attachments=files), 30),
        sl_ticket('rerun', dict(EXTEND_ARGS, attachments=files), 30),
    ))
    result = running.wait(timeout=300)
    helper.join_checked()
    assert killed == order + ['between tasks']
    for task in ('create', 'extend', 'rerun'):
        outcome = result.results(task)
        assert not outcome.get('failed'), '%s: %s' % (task, outcome.get('msg'))
    assert result.results('rerun')['changed'] is False
    expect_complete_ticket(emulator, emulator.state(), files)


def test_update_held_past_the_module_timeout_is_posted_once(emulator):
    """The smallest case of a write that lands after the module gave up on it.

    The emulator holds addUpdate for 3 s before committing it; the module gives up after
    2 s, looks (the update is not there yet) and sends it again. When the held call
    commits, the update is on the ticket twice. The module must not re-send a write
    whose outcome is unknown before it can be sure the first one will not land.
    """
    text = 'évidence: held past the client timeout'
    FIGURES.add('fault_scenarios')
    result = run_playbook(emulator, play(
        admin_task(emulator, 'inject', 'faults', [
            {'service': 'SoftLayer_Ticket', 'method': 'addUpdate', 'kind': 'timeout', 'seconds': FAULT_SECONDS}]),
        sl_ticket('update', {'ticket_id': 148350002, 'update': text}, MODULE_TIMEOUT, ignore_errors=True),
    ))
    outcome = result.results('update')
    time.sleep(FAULT_SECONDS)
    view = emulator.ticket_view(148350002)
    sent = [c for c in emulator.calls() if c['method'] == 'addUpdate']
    assert view['updates'].count(text) == 1, 'the update is on the ticket %d times (%d addUpdate calls; task %s)' % (
        view['updates'].count(text), len(sent), 'failed: %s' % outcome.get('msg') if outcome.get('failed') else 'ok')


@pytest.mark.parametrize('transport', TRANSPORTS)
def test_a_hung_read_is_retried_counted_and_ends_within_the_documented_bound(emulator, transport):
    """A server that takes every read and never answers, over https: the worst case the docs state for one call.

    Every send of the read is counted where it arrives (the fault rule's remaining ``times``), so a
    resend made beneath the collection (the SDK's own urllib3 retries, on https only) shows up as
    more sends than the ``retries`` the module reports.
    """
    sends = 1000
    FIGURES.add('fault_scenarios')
    result = run_playbook(emulator, play(
        admin_task(emulator, 'hang every API call', 'faults', [{'kind': 'timeout', 'seconds': 600, 'times': sends}]),
        {'name': 'read', 'ignore_errors': True,
         'softlayer.support.sl_ticket_info': {'ticket_id': 148350002, 'timeout': MODULE_TIMEOUT}},
    ), env=endpoint_env(emulator, transport))
    outcome = result.results('read')
    (rule,) = emulator.admin('faults')
    sent = sends - rule['times']
    seconds = dict(result.durations())['read']
    FIGURES.note('hung_read_seconds', '%s timeout=%d: %.1f s, %d sends' % (transport, MODULE_TIMEOUT, seconds, sent))
    assert outcome.get('failed'), outcome
    assert 'no reply within %d s' % MODULE_TIMEOUT in outcome['msg'], outcome['msg']
    assert sent >= 2, 'a read that timed out was not retried'
    assert outcome['retries'] == sent - 1, 'the read was sent %d times, the module reports %d retries' % (
        sent, outcome['retries'])
    # The task's time includes starting the module (a few seconds on a busy machine).
    assert seconds <= retry_policy().hung_call_bound(MODULE_TIMEOUT) + 10, seconds
