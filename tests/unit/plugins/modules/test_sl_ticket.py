# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""sl_ticket end to end through Ansible's argument handling, over the fake SDK."""

from __future__ import annotations

import json

import pytest

from SoftLayer import exceptions

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.softlayer.support.plugins.module_utils import run_lock
from ansible_collections.softlayer.support.plugins.module_utils.ticket_identity import identity_marker
from ansible_collections.softlayer.support.plugins.modules import sl_ticket
from ansible_collections.softlayer.support.tests.unit.plugins.ticket_account import FakeAccount

API_KEY = 'f' * 64
CREATE = {'title': 'Disk failure on web01', 'subject': 'Hardware Issue', 'body': 'Disk 0 failed.', 'hardware': ['web01']}


@pytest.fixture(autouse=True)
def private_lock_dir(monkeypatch, tmp_path):
    """Keep lock files of the tests out of the real temp directory."""
    monkeypatch.setattr(run_lock.tempfile, 'gettempdir', lambda: str(tmp_path))


@pytest.fixture
def account(fake_sdk):
    return FakeAccount(fake_sdk)


def test_create_returns_the_ticket_and_what_was_done(run_module, fake_sdk, account):
    outcome = run_module(sl_ticket, CREATE, sdk=fake_sdk)
    assert not outcome.failed
    result = outcome.result
    assert result['changed'] is True and result['created'] is True
    assert result['ticket']['id'] == 500 and result['ticket']['title'] == 'Disk failure on web01'
    assert result['devices_attached'][0]['fqdn'] == 'web01.example.com'
    assert result['updates_added'] == [] and result['files_uploaded'] == []
    assert result['emails'] == {'added': [], 'removed': []}
    assert 'diff' not in result


def test_rerun_reports_no_change(run_module, fake_sdk, account):
    run_module(sl_ticket, CREATE, sdk=fake_sdk)
    outcome = run_module(sl_ticket, CREATE, sdk=fake_sdk)
    assert outcome.result['changed'] is False and outcome.result['created'] is False


def test_check_mode_writes_nothing_and_predicts_a_new_ticket(run_module, fake_sdk, account):
    outcome = run_module(sl_ticket, dict(CREATE, _ansible_check_mode=True), sdk=fake_sdk)
    assert outcome.result['changed'] is True and outcome.result['ticket']['id'] is None
    assert account.writes() == []


def test_diff_is_returned_only_in_diff_mode(run_module, fake_sdk, account):
    outcome = run_module(sl_ticket, dict(CREATE, _ansible_diff=True, _ansible_check_mode=True), sdk=fake_sdk)
    assert outcome.result['diff']['before'] == {}
    assert outcome.result['diff']['after']['hardware'] == ['web01.example.com']


def test_several_matches_warn(run_module, fake_sdk, account, monkeypatch):
    warnings = []
    monkeypatch.setattr(AnsibleModule, 'warn', lambda self, message: warnings.append(message))
    account.add_ticket('Disk failure on web01', hardware=['web01'])
    account.add_ticket('Disk failure on web01', hardware=['web01'], create_date='2025-06-01T10:00:00-06:00')
    outcome = run_module(sl_ticket, CREATE, sdk=fake_sdk)
    assert not outcome.failed and outcome.result['ticket']['id'] == 501
    assert len(warnings) == 1 and warnings[0].startswith("2 open tickets match 'Disk failure on web01'")


def test_bad_input_fails_with_the_option_named(run_module, fake_sdk, account):
    outcome = run_module(sl_ticket, dict(CREATE, hardware=['cache01']), sdk=fake_sdk)
    assert outcome.failed
    assert "hardware 'cache01' is ambiguous" in outcome.result['msg']
    assert outcome.result['option'] == 'hardware'
    assert account.writes() == []


def test_api_fault_fails_with_code_and_operation(run_module, fake_sdk, account):
    fake_sdk.responses[('SoftLayer_Account', 'getTickets')] = exceptions.SoftLayerAPIError(
        'SoftLayer_Exception_AccessDenied', 'Access Denied.')
    outcome = run_module(sl_ticket, CREATE, sdk=fake_sdk)
    assert outcome.failed
    assert outcome.result['fault_code'] == 'SoftLayer_Exception_AccessDenied'
    assert 'Access Denied.' in outcome.result['msg']
    assert outcome.result['operation']


def test_api_key_never_appears_in_a_result(run_module, fake_sdk, account):
    fake_sdk.responses[('SoftLayer_Account', 'getTickets')] = exceptions.SoftLayerAPIError(
        'SoftLayer_Exception_InvalidLegacyToken', 'Invalid API token for key %s' % API_KEY)
    failed = run_module(sl_ticket, CREATE, sdk=fake_sdk)
    assert failed.failed and API_KEY not in json.dumps(failed.result)
    fake_sdk.responses[('SoftLayer_Account', 'getTickets')] = account.get_tickets
    done = run_module(sl_ticket, CREATE, sdk=fake_sdk)
    assert not done.failed and API_KEY not in json.dumps(done.result)


def test_ticket_id_or_title_is_required(run_module, fake_sdk, account):
    outcome = run_module(sl_ticket, {'update': 'x'}, sdk=fake_sdk)
    assert outcome.failed and 'one of the following is required: ticket_id, title' in outcome.result['msg']
    assert fake_sdk.calls == []


@pytest.mark.parametrize('args, message', [
    ({'priority': 5}, 'value of priority must be one of: 1, 2, 3, 4'),
    ({'match': ['titel']}, 'value of match must be one or more of: title, subject, devices, none'),
])
def test_invalid_choices_are_refused_by_ansible(run_module, fake_sdk, account, args, message):
    outcome = run_module(sl_ticket, dict(CREATE, **args), sdk=fake_sdk)
    assert outcome.failed and message in outcome.result['msg']
    assert fake_sdk.calls == []


def test_match_none_given_as_a_string(run_module, fake_sdk, account):
    run_module(sl_ticket, CREATE, sdk=fake_sdk)
    outcome = run_module(sl_ticket, dict(CREATE, match='none'), sdk=fake_sdk)
    assert outcome.result['created'] is True and len(account.tickets) == 2


def test_lock_dir_comes_from_the_option_or_sl_lock_dir(run_module, fake_sdk, account, monkeypatch, tmp_path):
    shared = tmp_path / 'shared'
    shared.mkdir()
    monkeypatch.setenv('SL_LOCK_DIR', str(shared))
    outcome = run_module(sl_ticket, CREATE, sdk=fake_sdk)
    assert not outcome.failed and outcome.result['retries'] == 0
    marker = identity_marker(CREATE['title'])
    expected = run_lock.lock_path('title', ('tester', 'http://127.0.0.1:9/xmlrpc/v3.1/'), marker, directory=str(shared))
    assert [str(p) for p in shared.iterdir()] == [expected]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(run_lock.LOCK_PREFIX)]  # not in TMPDIR
    outcome = run_module(sl_ticket, dict(CREATE, lock_dir=str(tmp_path / 'nowhere')), sdk=fake_sdk)
    assert outcome.failed and outcome.result['option'] == 'lock_dir'
    assert outcome.result['retries'] == 0
