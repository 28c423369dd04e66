# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ibm_case's concurrent runs: the run lock on one controller, the backstop across controllers.

Another controller's run is played at a fixed point of this run (just before its create, or just after it),
so the race is the same every time: no test here depends on timing.
"""

from __future__ import annotations

import contextlib

import pytest

from ansible_collections.softlayer.support.plugins.module_utils.api.errors import InvalidInputError
from ansible_collections.softlayer.support.plugins.module_utils.ibm_cases import sync
from ansible_collections.softlayer.support.plugins.module_utils.ibm_cases.identity import (
    DUPLICATE_LABEL,
    creation_token,
    description_with_marker,
    identity_marker,
)
from ansible_collections.softlayer.support.tests.unit.plugins.emulated_cloud import COS, CRN
from ansible_collections.softlayer.support.tests.unit.plugins.module_utils.ibm_cases.case_harness import MEMBER, SUBJECT, request

COS_OFFERING = {'name': COS, 'type': {'group': 'crn_service_name', 'key': 'cloud-object-storage'}}


def run(cloud, wanted, client=None, lock_dir=None, **kwargs):
    warnings = []
    result, _diff = sync.run(client or cloud.client(), wanted, offering=COS, softlayer_client=cloud.softlayer_client,
                             warn=warnings.append, sleep=lambda seconds: None, lock_dir=lock_dir, **kwargs)
    return result, warnings


def another_controllers_create(cloud):
    """What a run on another controller sends after its search found no case either: its own create."""
    token = creation_token(identity_marker(SUBJECT), 'othercontrol')
    return cloud.client().write('open the case', lambda s: s.create_case(
        'technical', SUBJECT, description_with_marker('The second disk fails.', token), offering=COS_OFFERING))


def client_with(cloud, before_create=None, before_look=None):
    """A CaseClient on which another controller acts just before this run's create, or just before its next read."""
    client = cloud.client()
    write, read = client.write, client.read
    pending = {'create': before_create, 'look': None}

    def racing_write(operation, call):
        if operation == 'open the case' and pending['create']:
            pending.pop('create')()
            pending['create'] = None
        answer = write(operation, call)
        if operation == 'open the case':
            pending['look'] = before_look
        return answer

    def racing_read(operation, call):
        if pending['look']:
            pending.pop('look')()
            pending['look'] = None
        return read(operation, call)
    client.write, client.read = racing_write, racing_read
    return client


def calls_on(cloud, number):
    return [call['method'] for call in cloud.emulator.calls_since(0) if call.get('init_id') == number]


def test_a_run_whose_case_has_an_older_twin_resolves_its_own_and_adds_to_the_older(cloud):
    older = {}
    client = client_with(cloud, before_create=lambda: older.update(another_controllers_create(cloud)))
    result, warnings = run(cloud, request(crns=[CRN], watchlist=[MEMBER], comment='Seen at 03:10.'), client=client)
    own = result['duplicate_case_number']
    assert result['case']['number'] == older['number'] and own != older['number']
    assert result['changed'] and not result['created']
    stored = cloud.cases()
    # Its own case says it duplicates the older one, and is resolved as no longer required.
    assert stored[own]['status'] == 'resolved' and stored[own]['resolution'].startswith('Solution no longer required')
    assert [row['value'].splitlines()[-1] for row in cloud.rows('caseComments', own)] == [
        '%s %s' % (DUPLICATE_LABEL, older['number'])]
    assert calls_on(cloud, own) == ['add_comment', 'update_case_status']
    # The older case got what this run had to report, each once; it stays open.
    assert stored[older['number']]['status'] == 'new'
    assert [row['crn'] for row in cloud.rows('caseResources', older['number'])] == [CRN]
    assert [row['user']['user_id'] for row in cloud.rows('caseWatchers', older['number'])] == [MEMBER]
    assert [row['value'] for row in cloud.rows('caseComments', older['number'])] == ['Seen at 03:10.']
    assert any('another run opened case %s' % older['number'] in warning for warning in warnings)
    # The look for a twin came right after the create, before anything else was written.
    methods = cloud.case_calls()
    own_create = len(methods) - 1 - methods[::-1].index('create_case')  # the other controller's create came first
    assert methods.count('create_case') == 2 and methods[own_create + 1] == 'get_cases'


def test_a_later_run_uses_the_older_case_and_changes_nothing(cloud):
    older = {}
    client = client_with(cloud, before_create=lambda: older.update(another_controllers_create(cloud)))
    run(cloud, request(comment='Seen at 03:10.'), client=client)
    cloud.forget_calls()
    for state in ('open', 'resolved'):
        again, warnings = run(cloud, request(comment='Seen at 03:10.', state=state, resolution_code=8))
        assert again['case']['number'] == older['number'] and not warnings
    assert cloud.cases()[older['number']]['status'] == 'resolved'
    assert [row['value'] for row in cloud.rows('caseComments', older['number'])] == ['Seen at 03:10.']


def test_the_run_that_opened_the_older_case_keeps_it_and_leaves_the_newer_twin_alone(cloud):
    newer = {}
    client = client_with(cloud, before_look=lambda: newer.update(another_controllers_create(cloud)))
    result, warnings = run(cloud, request(comment='Seen at 03:10.'), client=client)
    assert result['created'] and 'duplicate_case_number' not in result and not warnings
    own = result['case']['number']
    assert newer['number'] > own
    assert calls_on(cloud, newer['number']) == []  # the newer run's own backstop resolves it, not this one
    assert [row['value'] for row in cloud.rows('caseComments', own)] == ['Seen at 03:10.']


def test_a_duplicate_the_api_will_not_resolve_keeps_its_note_and_the_run_goes_on(cloud):
    older = {}
    client = client_with(cloud, before_create=lambda: older.update(another_controllers_create(cloud)))
    cloud.fault('update_case_status', kind='fault', code='400', message='Only an agent can close this case.')
    result, warnings = run(cloud, request(comment='Seen at 03:10.'), client=client)
    own = result['duplicate_case_number']
    assert cloud.cases()[own]['status'] == 'new' and len(cloud.rows('caseComments', own)) == 1
    assert [row['value'] for row in cloud.rows('caseComments', older['number'])] == ['Seen at 03:10.']
    assert any('resolving it failed' in warning and 'Only an agent' in warning for warning in warnings)
    again, _warnings = run(cloud, request(comment='Seen at 03:10.'))
    assert again['case']['number'] == older['number'] and not again['changed']


def test_check_mode_makes_no_look_for_a_twin_and_takes_no_lock(cloud, tmp_path):
    result, _warnings = run(cloud, request(), check_mode=True, lock_dir=str(tmp_path))
    assert result['created'] and cloud.case_calls() == ['get_cases', 'get_technical_offerings']
    assert list(tmp_path.iterdir()) == []


def test_the_run_holds_the_identitys_lock_from_its_first_read_to_its_last_write(cloud, tmp_path, monkeypatch):
    held = []
    real_lock = sync.identity_lock

    @contextlib.contextmanager
    def recording_lock(path, **kwargs):
        held.append(('take', path, len(cloud.case_calls())))
        with real_lock(path, **kwargs) as waited:
            yield waited
        held.append(('release', path, len(cloud.case_calls())))

    monkeypatch.setattr(sync, 'identity_lock', recording_lock)
    client = cloud.client()
    run(cloud, request(comment='Seen at 03:10.'), client=client, lock_dir=str(tmp_path))
    path = sync.case_lock_path(client, SUBJECT, str(tmp_path))
    calls = len(cloud.case_calls())
    assert calls == 5  # search, offerings, create, the look for a twin, the comment
    assert held == [('take', path, 0), ('release', path, calls)]
    assert [p.name for p in tmp_path.iterdir()] == [path.rsplit('/', 1)[-1]]
    assert path.rsplit('/', 1)[-1].startswith('softlayer.support-ibm_case-')


def test_a_lock_dir_that_is_not_a_directory_fails_before_any_call(cloud, tmp_path):
    with pytest.raises(InvalidInputError) as info:
        run(cloud, request(), lock_dir=str(tmp_path / 'nowhere'))
    assert info.value.option == 'lock_dir' and cloud.case_calls() == []
