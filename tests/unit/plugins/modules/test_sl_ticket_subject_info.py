# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""sl_ticket_subject_info end to end over the emulated account's subjects."""

from __future__ import annotations

import pytest

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.softlayer.support.plugins.modules import sl_ticket_subject_info

RATE_LIMITED = 'SoftLayer_Exception_WebService_RateLimitExceeded'
# The seed's subjects whose name has "network" in it.
NETWORK_QUESTIONS = [1022, 1061]


@pytest.fixture
def subjects_sdk(emulated_api):
    return emulated_api.sdk


def ids(outcome):
    return [s['id'] for s in outcome.result['subjects']]


def test_all_subjects_sorted_by_id_with_category_in_one_call(run_module, subjects_sdk):
    outcome = run_module(sl_ticket_subject_info, {}, sdk=subjects_sdk)
    assert not outcome.failed and outcome.result['changed'] is False
    assert ids(outcome) == sorted(ids(outcome)) and len(ids(outcome)) == 20
    assert ids(outcome)[:3] == [1001, 1002, 1003]
    assert outcome.result['subjects'][5] == {'id': 1021, 'name': 'Hardware Issue', 'category': 'Technical',
                                             'category_id': 3, 'parent_id': None}
    assert subjects_sdk.methods_called() == ['SoftLayer_Ticket_Subject::getAllObjects']


@pytest.mark.parametrize('args, expected', [
    ({'id': 1021}, [1021]),
    ({'name': 'hardware ISSUE'}, [1021]),
    ({'name': 'Hardware'}, []),
    ({'name_contains': 'network'}, NETWORK_QUESTIONS),
    ({'name_contains': 'QUESTION', 'id': 1522}, [1522]),
    ({'name_contains': 'network', 'id': 1061}, [1061]),
    ({'id': 99}, []),
])
def test_criteria_all_have_to_match(run_module, subjects_sdk, args, expected):
    outcome = run_module(sl_ticket_subject_info, args, sdk=subjects_sdk)
    assert not outcome.failed
    assert ids(outcome) == expected


def test_check_mode_reads_the_same(run_module, subjects_sdk):
    outcome = run_module(sl_ticket_subject_info, {'_ansible_check_mode': True, 'name': 'Hardware Issue'}, sdk=subjects_sdk)
    assert ids(outcome) == [1021]


def test_api_failure_fails_cleanly(run_module, emulated_api):
    emulated_api.refuse('getAllObjects', 'Invalid API token.', code='SoftLayer_Exception_InvalidLegacyToken')
    outcome = run_module(sl_ticket_subject_info, {}, sdk=emulated_api.sdk)
    assert outcome.failed
    assert outcome.result['fault_code'] == 'SoftLayer_Exception_InvalidLegacyToken'
    assert 'check username and api_key' in outcome.result['msg']


@pytest.mark.parametrize('option', ['name', 'name_contains'])
def test_empty_name_criteria_are_refused_before_any_call(run_module, subjects_sdk, option):
    outcome = run_module(sl_ticket_subject_info, {option: '  '}, sdk=subjects_sdk)
    assert outcome.failed and outcome.result['option'] == option
    assert '%s must not be empty' % option in outcome.result['msg']
    assert subjects_sdk.calls == []


def test_rate_limited_retries_are_returned_and_warned_about_from_three_on(run_module, emulated_api, monkeypatch):
    warnings = []
    monkeypatch.setattr(AnsibleModule, 'warn', lambda self, message: warnings.append(message))
    emulated_api.refuse('getAllObjects', 'Rate limit exceeded.', code=RATE_LIMITED, times=2)
    outcome = run_module(sl_ticket_subject_info, {}, sdk=emulated_api.sdk)
    assert not outcome.failed and outcome.result['retries'] == 2 and warnings == []
    emulated_api.refuse('getAllObjects', 'Rate limit exceeded.', code=RATE_LIMITED, times=3)
    outcome = run_module(sl_ticket_subject_info, {'name_contains': 'network'}, sdk=emulated_api.sdk)
    assert outcome.result['retries'] == 3 and ids(outcome) == NETWORK_QUESTIONS
    assert len(warnings) == 1 and warnings[0].startswith('3 API calls had to be retried (3 after a rate-limit refusal)')
