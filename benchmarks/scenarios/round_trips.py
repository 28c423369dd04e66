# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Scenario 7: API calls and round trips per operation of each module, from the emulator's call log.

Each operation is one ansible-playbook run of a task on localhost, as a user runs it: sl_ticket, then
ibm_case, then the operations on a known ticket (sl_ticket and sl_ticket_info by id, the subjects,
attaching and downloading a file), then ibm_case_info on the case opened. A round trip is one call or calls made at once; benchmarks/call_log.py
tells them apart. The ibm_case operations count IAM's token request too (a new process asks for a token).
Every row has a ``key``: the docs and the modules' documentation quote its figures by it
(benchmarks/figures.py ``s7.KEY.calls``), so a new operation goes at the end and keeps the others' keys.
"""

from __future__ import annotations

import os
import tempfile

from benchmarks.call_log import CallWatcher, round_trips, trip_methods, unsure
from benchmarks.harness import BODY, DEMO_USER, playbook_run
from benchmarks.results import FIGURES, target

TASK = 'the operation'
EVIDENCE = {'update': 'smartctl: sdb reallocated sectors 2048'}
# (name, what the sl_ticket task adds to the title, subject, body and device of the run, its look-up cache):
# 'cold' is a cache directory of its own (a fresh controller); 'warm' the one the first operation filled.
OPERATIONS = (
    ('open', 'open: subject by name, one device', 'first', {}, 'warm'),
    ('open_cold', 'open with evidence (an update), cold start', 'second', EVIDENCE, 'cold'),
    ('open_warm', 'open with evidence, look-ups learnt by an earlier run', 'third', EVIDENCE, 'warm'),
    ('rerun', 're-run with nothing to do', 'third', EVIDENCE, 'warm'),
    ('evidence', 'add evidence to the open ticket', 'third', {'update': 'smartctl: sdb reallocated sectors now 4096'},
     'warm'),
    ('exact', 'replace the device (devices_state: exact) and add evidence', 'third',
     {'hardware': ['web02'], 'devices_state': 'exact', 'update': 'Moved to web02: web01 is being replaced.'}, 'warm'),
    ('absent', 'remove a device (devices_state: absent)', 'third', {'hardware': ['web02'], 'devices_state': 'absent'},
     'warm'),
)
EXPECTED = ({'created': True}, {'created': True}, {'created': True}, {'changed': False},
            {'changed': True, 'created': False}, {'changed': True, 'created': False},
            {'changed': True, 'created': False})
# (name, what the ibm_case task adds, the expected result): a case for web01 with a cloud resource and a watcher.
CASE_OPERATIONS = (
    ('case_open', 'case: open (offering by key, one server, a CRN, a watcher)', {}, {'created': True}),
    ('case_rerun', 'case: re-run with nothing to do', {}, {'changed': False}),
    ('case_comment', 'case: add a comment to the open case', {'comment': 'smartctl: sdb reallocated sectors now 4096'},
     {'changed': True, 'created': False}),
)
# (key, name, module, its task, the expected result) on the ticket the 'third' operations left open (TICKET_ID
# stands for its id); ATTACHED is a file written into the work directory.
TICKET_ID = object()
ATTACHED = 'controller.log'
BY_ID_OPERATIONS = (
    ('by_id_rerun', 'by ticket_id: re-run with nothing to do', 'softlayer.support.sl_ticket',
     {'ticket_id': TICKET_ID, 'update': 'smartctl: sdb reallocated sectors now 4096'}, {'changed': False}),
    ('info_by_id', 'sl_ticket_info: one ticket by ticket_id', 'softlayer.support.sl_ticket_info',
     {'ticket_id': TICKET_ID}, {'changed': False}),
    ('subjects', 'sl_ticket_subject_info: the subjects', 'softlayer.support.sl_ticket_subject_info', {},
     {'changed': False}),
    ('attach', 'by ticket_id: attach a file', 'softlayer.support.sl_ticket',
     {'ticket_id': TICKET_ID, 'attachments': [ATTACHED]}, {'changed': True}),
    ('download', 'sl_ticket_download: the ticket\'s file, first run', 'softlayer.support.sl_ticket_download',
     {'ticket_id': TICKET_ID, 'dest': 'downloads'}, {'changed': True}),
    ('download_rerun', 'sl_ticket_download: re-run, the file already there', 'softlayer.support.sl_ticket_download',
     {'ticket_id': TICKET_ID, 'dest': 'downloads'}, {'changed': False}),
)
CASE_CRN = 'crn:v1:bluemix:public:cloud-object-storage:global:a/284101:61848e72-6ba6-415e-84e2-91f3915e194d::'
ATTEMPTS = 3
# The fields of a logged call kept in results.json (enough to group it again).
LOGGED = ('seq', 'service', 'method', 'write', 'duration_ms', 'seen_after_ms', 'seen_ms')


def run(scenario, emulator, workdir, settings):
    """Every operation of OPERATIONS once, at the scenario's latency; again (new titles) if a stamp was loose."""
    del settings  # one run per operation: a count, not a time, so no repetitions
    latency = scenario.latency_ms
    # Round trips of API calls: a handshake's delay would blur the call log's stamps that group them.
    emulator.latency(latency, connections_cost=False)
    for attempt in range(1, ATTEMPTS + 1):
        results = {}
        rows = ([ticket_row(emulator, workdir, attempt, index, latency / 2.0, results) for index in range(len(OPERATIONS))]
                + [case_row(emulator, workdir, attempt, index, latency / 2.0, results) for index in range(len(CASE_OPERATIONS))]
                + by_id_rows(emulator, workdir, results['absent']['ticket']['id'], latency / 2.0)
                + [case_info_row(emulator, workdir, results['case_open']['case']['number'], latency / 2.0)])
        if not any(row['unsure'] for row in rows):
            break
        loose = [call for row in rows for call in row['log'] if call['seq'] in row['unsure']]
        print('  attempt %d: %d calls stamped too loosely to group (%s); again' % (attempt, len(loose), ', '.join(
            '%s %.0f ms' % (call['method'], call['seen_ms'] - call['seen_after_ms']) for call in loose)), flush=True)
    FIGURES['round_trips'] = {'latency_ms': latency, 'overlap_ms': latency / 2.0, 'operations': rows}
    by_name = {row['operation']: row for row in rows}
    judge(scenario.targets, by_name, latency)
    return [], scenario_text(rows, latency)


def ticket_row(emulator, workdir, attempt, index, overlap_ms, results):
    """One sl_ticket operation of OPERATIONS (its module result goes into ``results`` by its key)."""
    key, name, which, extra, cache = OPERATIONS[index]
    title = 'Disk failure on web01 [round trips, %s, %d]' % (which, attempt)
    cache_dir = os.path.join(workdir, 'lookups-warm-%d' % attempt) if cache == 'warm' else tempfile.mkdtemp(dir=workdir)
    os.makedirs(cache_dir, exist_ok=True)
    task = dict({'title': title, 'subject': 'Hardware Issue', 'body': BODY, 'hardware': ['web01'],
                 'cache_dir': cache_dir}, **extra)
    return operation_row(emulator, workdir, key, name, 'softlayer.support.sl_ticket', task, EXPECTED[index], overlap_ms,
                         results)


def by_id_rows(emulator, workdir, ticket_id, overlap_ms):
    """BY_ID_OPERATIONS on the ticket the 'third' operations left open."""
    folder = tempfile.mkdtemp(dir=workdir)
    with open(os.path.join(folder, ATTACHED), 'w', encoding='utf-8') as handle:
        handle.write('RAID controller: slot 1 (sdb) failed\n')
    rows = []
    for key, name, module, task, expected in BY_ID_OPERATIONS:
        task = {option: ticket_id if value is TICKET_ID else value for option, value in task.items()}
        for option in ('attachments', 'dest'):
            if option in task:
                task[option] = [os.path.join(folder, path) for path in task[option]] if option == 'attachments' \
                    else os.path.join(folder, task[option])
        rows.append(operation_row(emulator, workdir, key, name, module, task, expected, overlap_ms))
    return rows


def case_row(emulator, workdir, attempt, index, overlap_ms, results):
    """One ibm_case operation of CASE_OPERATIONS (the SoftLayer options come from the environment, as for sl_ticket)."""
    key, name, extra, expected = CASE_OPERATIONS[index]
    task = dict({'subject': 'Disk failure on web01 [round trips, case, %d]' % attempt, 'description': BODY,
                 'offering': 'cloud-object-storage', 'severity': 3, 'hardware': ['web01'], 'crns': [CASE_CRN],
                 'watchlist': ['ops-analyst@example.com']}, **cloud_options(emulator), **extra)
    return operation_row(emulator, workdir, key, name, 'softlayer.support.ibm_case', task, expected, overlap_ms, results)


def case_info_row(emulator, workdir, number, overlap_ms):
    """ibm_case_info: the case the case operations opened, by its number, with its SoftLayer ticket."""
    task = dict({'number': number, 'include_softlayer_tickets': True}, **cloud_options(emulator))
    return operation_row(emulator, workdir, 'case_info', 'ibm_case_info: one case by number, with its ticket',
                         'softlayer.support.ibm_case_info', task, {'changed': False}, overlap_ms)


def cloud_options(emulator):
    return {'ibmcloud_api_key': DEMO_USER['ibm_cloud_api_key'], 'case_management_url': emulator.url + '/case-management/v1',
            'iam_url': emulator.url}


def operation_row(emulator, workdir, key, name, module, task, expected, overlap_ms, results=None):
    """One operation as a play, with the call log watched: its calls, round trips and the stamped log."""
    with CallWatcher(emulator.calls) as watcher:
        played = playbook_run(emulator, workdir, [{'hosts': 'localhost', 'gather_facts': False, 'tasks': [
            {'name': TASK, module: task}]}])
    result = next(entry['hosts']['localhost'] for play in played.document['plays'] for entry in play['tasks']
                  if entry['task']['name'] == TASK)
    for option, value in expected.items():
        assert result.get(option) == value, (name, option, result)
    if results is not None:
        results[key] = result
    trips = round_trips(watcher.calls, overlap_ms)
    return {'key': key, 'operation': name, 'calls': len(watcher.calls), 'round_trips': len(trips), 'trips': trip_methods(trips),
            'unsure': [call['seq'] for call in unsure(watcher.calls, overlap_ms)],
            'log': [{field: call.get(field) for field in LOGGED} for call in watcher.calls]}


def judge(goal, by_name, latency):
    for key, name, what in (('open_round_trips', 'open with evidence (an update), cold start', 'cold start'),
                            ('warm_open_round_trips', 'open with evidence, look-ups learnt by an earlier run',
                             'look-ups learnt')):
        opened = by_name[name]
        target('round trips to open with a subject name, one device and evidence, %s, %d ms' % (what, latency),
               '<= %d' % goal[key], '%d (%d calls)' % (opened['round_trips'], opened['calls']),
               opened['round_trips'] <= goal[key], 'issue 23')
    rerun = by_name['re-run with nothing to do']
    target('round trips of a re-run with nothing to do, %d ms' % latency, '<= %d' % goal['rerun_round_trips'],
           '%d (%d calls)' % (rerun['round_trips'], rerun['calls']), rerun['round_trips'] <= goal['rerun_round_trips'])


def scenario_text(rows, latency):
    lines = [
        '### Scenario 7: round trips per operation (%d ms)' % latency, '',
        'One ansible-playbook run per operation (an sl_ticket task: subject by name, one server; then an ibm_case '
        'task: offering by key, one server, a CRN, a watcher; IAM\'s token request counts; then the operations on '
        'a known ticket and case), in this order. '
        'Calls and round trips come from the emulator\'s call log: calls that overlap in time by more than half '
        'the injected latency were made at once and form one round trip (benchmarks/call_log.py).', '',
        '| operation | calls | round trips | calls per round trip, in order |', '|---|---|---|---|']
    for row in rows:
        lines.append('| %s | %d | %d | %s |' % (
            row['operation'], row['calls'], row['round_trips'],
            ' → '.join(' + '.join(methods) for methods in row['trips'])))
    loose = [row['operation'] for row in rows if row['unsure']]
    if loose:
        lines += ['', 'Grouping unsure (a call stamped too loosely) for: %s.' % ', '.join(loose)]
    return '\n'.join(lines)
