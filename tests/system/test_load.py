"""Load: 20 concurrent runs for one identity open one ticket; 20 identities open 20.

Both as 20 ansible-playbook processes started at once and as one play over 20 hosts
with 20 forks. The emulator keeps the real API's rate limit (50 requests per second
per user): runs that are refused retry with backoff, and every task must succeed.
"""

import collections

from conftest import FIGURES, local_inventory, play, start_playbook, run_playbook

RUNS = 20
SHARED_TITLE = 'Disk failure on web01 (load test)'
SHARED_BODY = 'The RAID controller of web01 reports a failed disk.'
SHARED_UPDATE = 'smartctl: sdb FAILED (reported by every run at once)'
RATE_LIMIT_FAULT = 'SoftLayer_Exception_WebService_RateLimitExceeded'


def load_play(identity, hosts='localhost'):
    """Two tasks: the shared identity, then one identity per run (``identity`` is a Jinja expression)."""
    return play(
        {'name': 'shared', 'softlayer.support.sl_ticket': {
            'title': SHARED_TITLE, 'subject': 'Hardware Issue', 'body': SHARED_BODY, 'hardware': ['web01'],
            'update': SHARED_UPDATE, 'timeout': 30}},
        {'name': 'distinct', 'softlayer.support.sl_ticket': {
            'title': 'Kernel panic on worker %s (load test)' % identity, 'subject': 'OS Reload Question',
            'body': 'Worker %s panics at boot.' % identity, 'virtual_guests': ['app01'],
            'update': 'dmesg of worker %s: VFS unable to mount root fs' % identity, 'timeout': 30}},
        hosts=hosts,
    )


def check_account(emulator, results):
    """One shared ticket, RUNS distinct ones, everything on each exactly once; every task succeeded."""
    for name, outcome in results:
        assert not outcome.get('failed'), '%s failed: %s' % (name, outcome.get('msg'))
    created = [name for name, outcome in results if name.startswith('shared') and outcome.get('created')]
    assert len(created) == 1, 'the shared ticket was opened by %d runs: %s' % (len(created), created)
    state = emulator.state()
    shared = emulator.tickets(SHARED_TITLE, state)
    assert len(shared) == 1, 'expected one shared ticket, found %s' % [t['id'] for t in shared]
    view = emulator.ticket_view(shared[0]['id'], state)
    assert view['updates'][1:] == [SHARED_UPDATE], view['updates']
    assert view['hardware'] == [1500101]
    shared_ids = {t['id'] for t in shared}
    distinct = [t for t in emulator.new_tickets(state) if t['id'] not in shared_ids]
    titles = collections.Counter(t['title'] for t in distinct)
    assert len(distinct) == RUNS and len(titles) == RUNS, 'distinct identities gave %d tickets for %d titles' % (
        len(distinct), len(titles))
    for ticket in distinct:
        view = emulator.ticket_view(ticket['id'], state)
        assert len(view['updates']) == 2 and view['guests'] == [91000001], view
    calls = emulator.calls()
    limited = [c for c in calls if c.get('fault_code') == RATE_LIMIT_FAULT]
    FIGURES.add('rate_limited_calls', len(limited))
    FIGURES.add('concurrent_runs', len(results))
    return calls, limited


def test_twenty_playbook_processes_at_once(emulator):
    running = [start_playbook(emulator, load_play('{{ worker }}'), '-e', 'worker=%02d' % n) for n in range(RUNS)]
    plays = [run.wait(timeout=300) for run in running]
    results = []
    for n, result in enumerate(plays):
        assert result.rc == 0, 'run %d: rc %s\n%s' % (n, result.rc, result.stderr[-2000:])
        results.append(('shared %d' % n, result.results('shared')))
        results.append(('distinct %d' % n, result.results('distinct')))
    calls, limited = check_account(emulator, results)
    FIGURES.note('load_processes', '%d processes: %d API calls, %d rate-limited and retried' % (
        RUNS, len(calls), len(limited)))


def test_one_play_with_twenty_forks(emulator):
    inventory = local_inventory(emulator, RUNS, prefix='worker')
    result = run_playbook(emulator, load_play('{{ inventory_hostname }}', hosts='all'), '-f', str(RUNS),
                          inventory=inventory, timeout=300)
    assert result.rc == 0, result.stderr[-2000:]
    results = []
    for task in ('shared', 'distinct'):
        outcomes = result.all_results(task)
        assert len(outcomes) == RUNS
        results.extend(('%s %s' % (task, host), outcome) for host, outcome in sorted(outcomes.items()))
    calls, limited = check_account(emulator, results)
    FIGURES.note('load_forks', '%d forks: %d API calls, %d rate-limited and retried' % (
        RUNS, len(calls), len(limited)))
