# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""sl_ticket end to end through Ansible's argument handling, over the emulated account (the emulator's seed)."""

from __future__ import annotations

import json

import pytest

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.softlayer.support.plugins.module_utils.concurrent_runs import run_lock
from ansible_collections.softlayer.support.plugins.module_utils.tickets.identity import identity_marker
from ansible_collections.softlayer.support.plugins.modules import sl_ticket

API_KEY = 'f' * 64
CREATE = {'title': 'Disk failure on web01', 'subject': 'Hardware Issue', 'body': 'Disk 0 failed.', 'hardware': ['web01']}


@pytest.fixture
def api(emulated_api):
    return emulated_api


def test_create_returns_the_ticket_and_what_was_done(run_module, api):
    outcome = run_module(sl_ticket, CREATE, sdk=api.sdk)
    assert not outcome.failed
    result = outcome.result
    assert result['changed'] is True and result['created'] is True
    assert api.new_tickets() == [result['ticket']['id']] and result['ticket']['title'] == 'Disk failure on web01'
    assert result['devices_attached'][0]['fqdn'] == 'web01.example.com'
    assert result['updates_added'] == [] and result['files_uploaded'] == []
    assert result['emails'] == {'added': [], 'removed': []}
    assert 'diff' not in result


def test_rerun_reports_no_change(run_module, api):
    run_module(sl_ticket, CREATE, sdk=api.sdk)
    outcome = run_module(sl_ticket, CREATE, sdk=api.sdk)
    assert outcome.result['changed'] is False and outcome.result['created'] is False


def test_check_mode_writes_nothing_and_predicts_a_new_ticket(run_module, api):
    outcome = run_module(sl_ticket, dict(CREATE, _ansible_check_mode=True), sdk=api.sdk)
    assert outcome.result['changed'] is True and outcome.result['ticket']['id'] is None
    assert api.writes() == []


def test_diff_is_returned_only_in_diff_mode(run_module, api):
    outcome = run_module(sl_ticket, dict(CREATE, _ansible_diff=True, _ansible_check_mode=True), sdk=api.sdk)
    assert outcome.result['diff']['before'] == {}
    assert outcome.result['diff']['after']['hardware'] == ['web01.example.com']


def test_several_matches_warn(run_module, api, monkeypatch):
    warnings = []
    monkeypatch.setattr(AnsibleModule, 'warn', lambda self, message: warnings.append(message))
    api.add_ticket('Disk failure on web01', hardware=['web01'], create_date='2025-01-01T10:00:00-06:00')
    newest = api.add_ticket('Disk failure on web01', hardware=['web01'], create_date='2025-06-01T10:00:00-06:00')
    outcome = run_module(sl_ticket, CREATE, sdk=api.sdk)
    assert not outcome.failed and outcome.result['ticket']['id'] == newest
    assert len(warnings) == 1 and warnings[0].startswith("2 open tickets match 'Disk failure on web01'")


def test_bad_input_fails_with_the_option_named(run_module, api):
    outcome = run_module(sl_ticket, dict(CREATE, hardware=['cache01']), sdk=api.sdk)
    assert outcome.failed
    assert "hardware 'cache01' is ambiguous" in outcome.result['msg']
    assert outcome.result['option'] == 'hardware'
    assert api.writes() == []


def test_api_fault_fails_with_code_and_operation(run_module, api):
    api.refuse('getTickets', 'Access Denied.', code='SoftLayer_Exception_AccessDenied', times=-1)
    outcome = run_module(sl_ticket, CREATE, sdk=api.sdk)
    assert outcome.failed
    assert outcome.result['fault_code'] == 'SoftLayer_Exception_AccessDenied'
    assert 'Access Denied.' in outcome.result['msg']
    assert outcome.result['operation']


def test_api_key_never_appears_in_a_result(run_module, api):
    api.refuse('getTickets', 'Invalid API token for key %s' % API_KEY, code='SoftLayer_Exception_InvalidLegacyToken',
               times=-1)
    failed = run_module(sl_ticket, CREATE, sdk=api.sdk)
    assert failed.failed and API_KEY not in json.dumps(failed.result)
    api.clear_faults()
    done = run_module(sl_ticket, CREATE, sdk=api.sdk)
    assert not done.failed and API_KEY not in json.dumps(done.result)


def test_ticket_id_or_title_is_required(run_module, api):
    outcome = run_module(sl_ticket, {'update': 'x'}, sdk=api.sdk)
    assert outcome.failed and 'one of the following is required: ticket_id, title' in outcome.result['msg']
    assert api.sdk.calls == []


@pytest.mark.parametrize('args, message', [
    ({'priority': 5}, 'value of priority must be one of: 1, 2, 3, 4'),
    ({'match': ['titel']}, 'value of match must be one or more of: title, subject, devices, none'),
])
def test_invalid_choices_are_refused_by_ansible(run_module, api, args, message):
    outcome = run_module(sl_ticket, dict(CREATE, **args), sdk=api.sdk)
    assert outcome.failed and message in outcome.result['msg']
    assert api.sdk.calls == []


def test_match_none_given_as_a_string(run_module, api):
    run_module(sl_ticket, CREATE, sdk=api.sdk)
    outcome = run_module(sl_ticket, dict(CREATE, match='none'), sdk=api.sdk)
    assert outcome.result['created'] is True and len(api.new_tickets()) == 2


def test_lock_dir_comes_from_the_option_or_sl_lock_dir(run_module, api, monkeypatch, tmp_path):
    shared = tmp_path / 'shared'
    shared.mkdir()
    monkeypatch.setenv('SL_LOCK_DIR', str(shared))
    outcome = run_module(sl_ticket, CREATE, sdk=api.sdk)
    assert not outcome.failed and outcome.result['retries'] == 0
    marker = identity_marker(CREATE['title'])
    expected = run_lock.lock_path('title', ('tester', 'http://127.0.0.1:9/xmlrpc/v3.1/'), marker, owner='sl_ticket',
                                  directory=str(shared))
    assert [str(p) for p in shared.iterdir()] == [expected]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(run_lock.LOCK_PREFIX + 'sl_ticket-')]  # not in TMPDIR
    outcome = run_module(sl_ticket, dict(CREATE, lock_dir=str(tmp_path / 'nowhere')), sdk=api.sdk)
    assert outcome.failed and outcome.result['option'] == 'lock_dir'
    assert outcome.result['retries'] == 0
