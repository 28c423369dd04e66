"""Several controllers: runs for one ticket identity on machines that share no lock directory.

N ansible-playbook processes, each with a temporary directory of its own (so their lock files
never meet, as on different AWX execution nodes) and no lock_dir, start together for one
identity. The emulator holds every ticket creation for a few seconds, so they all search
before any ticket exists and several open one. The backstop must leave the evidence of every
run on exactly one ticket (the oldest), every other ticket opened marked as its duplicate,
and every run returning the same ticket id; a later run must use that ticket only.
"""

import tempfile

from conftest import FIGURES, play, run_at_once, run_playbook

RUNS = 5
TITLE = 'Disk failure on db01 (several controllers)'
BODY = 'The RAID controller of db01 reports a failed disk.'
DUPLICATE_LABEL = 'Ansible softlayer.support.sl_ticket duplicate of ticket'
# Long enough for every process to reach its search before the first ticket exists.
CREATE_HOLD_SECONDS = 8


def controller_play(evidence, tmpdir):
    return play({'name': 'report', 'softlayer.support.sl_ticket': {
        'title': TITLE, 'subject': 'Hardware Issue', 'body': BODY, 'hardware': ['db01'],
        'update': evidence, 'timeout': 30}}, environment={'TMPDIR': tmpdir})


def test_controllers_without_shared_locks_end_on_one_ticket(emulator):
    emulator.inject({'service': 'SoftLayer_Ticket', 'method': 'createStandardTicket', 'kind': 'timeout',
                     'seconds': CREATE_HOLD_SECONDS, 'times': -1, 'when': 'before'})
    evidence = ['smartctl on controller %d: sdb FAILED' % n for n in range(RUNS)]
    results = run_at_once(emulator, [lambda tmpdir, text=text: controller_play(text, tmpdir) for text in evidence], 'report')
    emulator.clear_faults()
    FIGURES.add('concurrent_runs', RUNS)

    state = emulator.state()
    # Found by the body, whatever title the server stored (it may put the subject name in front).
    opened = sorted({u['ticketId'] for u in state['updates'] if u['entry'].startswith(BODY)})
    assert len(opened) >= 2, 'the runs did not race (only %s opened); raise CREATE_HOLD_SECONDS' % opened
    oldest = opened[0]
    # Every run returns the oldest ticket; the one that opened it says so, the others name their duplicate.
    assert [r['ticket']['id'] for r in results] == [oldest] * RUNS
    assert sum(1 for r in results if r['created']) == 1
    duplicates = sorted(r['duplicate_ticket_id'] for r in results if 'duplicate_ticket_id' in r)
    assert duplicates == opened[1:]
    for result in results:
        if 'duplicate_ticket_id' in result:
            assert any('another run opened ticket %d' % oldest in w for w in result.get('warnings', [])), result
    # The evidence of every run is on the oldest ticket, each exactly once, with the device once.
    view = emulator.ticket_view(oldest, state)
    assert view['updates'][0].startswith(BODY) and sorted(view['updates'][1:]) == sorted(evidence)
    assert view['hardware'] == [1500103]
    # Every other ticket holds its body, its own run's evidence and device (written in the round trip of the
    # search that found the older twin), and the duplicate note last, sending staff to the oldest.
    for ticket_id in opened[1:]:
        view = emulator.ticket_view(ticket_id, state)
        assert len(view['updates']) == 3 and view['updates'][1] in evidence, view
        assert view['updates'][2].endswith('%s %d' % (DUPLICATE_LABEL, oldest)), view
        assert view['hardware'] == [1500103] and view['files'] == []
    # The call log agrees: on a duplicate, the evidence and the device at once after its creation, then the note.
    writes = emulator.writes()
    for ticket_id in opened[1:]:
        own = [c['method'] for c in writes if c.get('init_id') == ticket_id]
        assert sorted(own[:2]) == ['addAttachedHardware', 'addUpdate'] and own[2:] == ['addUpdate'], own
    on_oldest = [c['method'] for c in writes if c.get('init_id') == oldest and not c.get('fault_code')]
    assert sorted(on_oldest) == ['addAttachedHardware'] + ['addUpdate'] * RUNS
    FIGURES.note('controllers', '%d controllers without shared locks: %d tickets opened, %d marked duplicate, '
                 'evidence on 1' % (RUNS, len(opened), len(opened) - 1))

    # A later run, from anywhere, uses the oldest ticket only.
    later_tmp = tempfile.mkdtemp(prefix='controller-later-', dir=emulator.workdir)
    later = run_playbook(emulator, controller_play('smartctl: sdc FAILED too', later_tmp), env={'TMPDIR': later_tmp})
    assert later.rc == 0, later.output[-3000:]
    outcome = later.results('report')
    assert outcome['ticket']['id'] == oldest and not outcome['created'] and 'duplicate_ticket_id' not in outcome
    assert not outcome.get('warnings')
    after = emulator.state()
    assert emulator.ticket_view(oldest, after)['updates'][-1] == 'smartctl: sdc FAILED too'
    for ticket_id in opened[1:]:  # the duplicates got nothing more
        assert emulator.ticket_view(ticket_id, after)['updates'] == emulator.ticket_view(ticket_id, state)['updates']
