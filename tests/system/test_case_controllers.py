"""ibm_case's concurrent runs: forks of one controller (one lock directory) and several controllers (none shared).

N ansible-playbook processes start together for one case subject, each with its own comment. The emulator
holds every case creation for a few seconds, so runs that do not take turns all search before any case
exists. Forks share a lock directory and must open one case; controllers share none, may open several,
and the backstop must leave exactly one open case in use (the oldest), with every run's comment on it
once, every other case commented as its duplicate and resolved, and every run returning the same case.
"""

import tempfile

from conftest import FIGURES, IBM_CLOUD_API_KEY, play, run_at_once, run_playbook

RUNS = 4
DESCRIPTION = 'The second disk of db01 reports SMART errors.'
DUPLICATE_LABEL = 'Ansible softlayer.support.ibm_case duplicate of case'
OPEN_STATUSES = ('new', 'in_progress', 'waiting_on_client', 'resolution_provided')
# Long enough for every process to reach its search before the first case exists.
CREATE_HOLD_SECONDS = 8


def case_play(emulator, subject, comment, lock_dir=None):
    args = {'ibmcloud_api_key': IBM_CLOUD_API_KEY, 'iam_url': emulator.url,
            'case_management_url': emulator.url + '/case-management/v1', 'ibm_timeout': 30,
            'subject': subject, 'description': DESCRIPTION, 'offering': 'cloud-object-storage', 'comment': comment}
    if lock_dir:
        args['lock_dir'] = lock_dir
    return play({'name': 'report', 'softlayer.support.ibm_case': args})


def race(emulator, subject, lock_dir=None):
    """Start RUNS playbooks at once (each its own TMPDIR; ``lock_dir`` shared or not); their results."""
    emulator.inject({'service': 'case_management', 'method': 'create_case', 'kind': 'timeout',
                     'seconds': CREATE_HOLD_SECONDS, 'times': -1, 'when': 'before'})
    comments = ['smartctl on run %d: sdb FAILED' % n for n in range(RUNS)]
    results = run_at_once(emulator, [case_play(emulator, subject, text, lock_dir) for text in comments], 'report',
                          env={'SL_LOCK_DIR': None}, prefix='run')
    emulator.clear_faults()
    FIGURES.add('concurrent_runs', RUNS)
    return comments, results


def opened(state, subject):
    """The cases opened for ``subject``, oldest first (numbers grow)."""
    return sorted(case['number'] for case in state['cases'] if case['short_description'] == subject)


def comments_on(state, number):
    return [row['value'] for row in state['caseComments'] if row['caseNumber'] == number]


def test_forks_sharing_a_lock_directory_open_one_case(emulator):
    subject = 'Disk failure on db01 (forks)'
    shared = tempfile.mkdtemp(prefix='locks-', dir=emulator.workdir)
    comments, results = race(emulator, subject, lock_dir=shared)
    state = emulator.state()
    numbers = opened(state, subject)
    assert len(numbers) == 1, numbers
    assert [r['case']['number'] for r in results] == numbers * RUNS
    assert sum(1 for r in results if r['created']) == 1 and not any('duplicate_case_number' in r for r in results)
    assert sorted(comments_on(state, numbers[0])) == sorted(comments)
    calls = [c['method'] for c in emulator.calls() if c.get('service') == 'case_management']
    assert calls.count('create_case') == 1 and calls.count('add_comment') == RUNS


def test_controllers_without_shared_locks_end_with_one_open_case_in_use(emulator):
    subject = 'Disk failure on db01 (several controllers)'
    comments, results = race(emulator, subject)
    state = emulator.state()
    numbers = opened(state, subject)
    assert len(numbers) >= 2, 'the runs did not race (only %s opened); raise CREATE_HOLD_SECONDS' % numbers
    oldest, twins = numbers[0], numbers[1:]
    status = {case['number']: case['status'] for case in state['cases']}
    # Exactly one open case: the oldest. Every run returns it; the one that opened it says so.
    assert [n for n in numbers if status[n] in OPEN_STATUSES] == [oldest]
    assert [r['case']['number'] for r in results] == [oldest] * RUNS
    assert sum(1 for r in results if r['created']) == 1
    assert sorted(r['duplicate_case_number'] for r in results if 'duplicate_case_number' in r) == twins
    for result in results:
        if 'duplicate_case_number' in result:
            assert any('another run opened case %s' % oldest in w for w in result.get('warnings', [])), result
    # Every run's comment is on the oldest, once each.
    assert sorted(comments_on(state, oldest)) == sorted(comments)
    # Every other case holds only the note naming the oldest, and is resolved as no longer required.
    for number in twins:
        assert [c.splitlines()[-1] for c in comments_on(state, number)] == ['%s %s' % (DUPLICATE_LABEL, oldest)]
        assert status[number] == 'resolved'
    # The call log agrees: on each twin, after its creation, only the note and the resolution.
    calls = [c for c in emulator.calls() if c.get('service') == 'case_management' and not c.get('fault_code')]
    for number in twins:
        assert [c['method'] for c in calls if c.get('init_id') == number] == ['add_comment', 'update_case_status']
    assert [c['method'] for c in calls if c.get('init_id') == oldest] == ['add_comment'] * RUNS
    FIGURES.note('case_controllers', '%d controllers without shared locks: %d cases opened, %d resolved as '
                 'duplicates, 1 in use' % (RUNS, len(numbers), len(twins)))

    # A later run, from anywhere, uses the oldest case only and changes nothing.
    later_tmp = tempfile.mkdtemp(prefix='run-later-', dir=emulator.workdir)
    later = run_playbook(emulator, case_play(emulator, subject, comments[0]), env={'TMPDIR': later_tmp})
    assert later.rc == 0, later.output[-3000:]
    outcome = later.results('report')
    assert outcome['case']['number'] == oldest and not outcome['changed'] and not outcome.get('warnings')
