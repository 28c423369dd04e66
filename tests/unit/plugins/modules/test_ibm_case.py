# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ibm_case and ibm_case_info end to end: main() against the emulator's IAM and Case Management API."""

from __future__ import annotations

import functools

import pytest

from ansible_collections.softlayer.support.plugins.modules import ibm_case, ibm_case_info
from ansible_collections.softlayer.support.tests.unit.plugins.emulated_cloud import IBM_CLOUD_API_KEY, EmulatedCloud

OPEN = {'subject': 'Disk failure on web01', 'description': 'The second disk fails.', 'offering': 'cloud-object-storage',
        'hardware': ['web01']}


@pytest.fixture
def run_case_module(run_module):
    """``run_module`` with only the arguments given (the IBM Cloud ones come from ``ibm_args``)."""
    return functools.partial(run_module, softlayer_defaults=False)


@pytest.fixture
def cloud():
    account = EmulatedCloud()
    yield account
    account.close()


def ibm_args(cloud, **args):
    params = cloud.params()
    params.pop('ibm_timeout')
    return dict(params, **args)


def test_check_mode_then_real_then_rerun(run_case_module, cloud):
    sdk = cloud.api.sdk
    checked = run_case_module(ibm_case, dict(ibm_args(cloud, **OPEN), _ansible_check_mode=True, _ansible_diff=True), sdk=sdk)
    assert checked.result['changed'] and checked.result['created'] and not cloud.cases()
    assert checked.result['diff']['after']['resources'] == ['hardware web01.example.com']
    real = run_case_module(ibm_case, dict(ibm_args(cloud, **OPEN), _ansible_diff=True), sdk=sdk)
    assert real.result['changed'] and list(cloud.cases()) == [real.result['case']['number']]
    assert dict(real.result['diff']['after'], number=None) == checked.result['diff']['after']
    again = run_case_module(ibm_case, ibm_args(cloud, **OPEN), sdk=sdk)
    assert not again.failed and not again.result['changed'] and len(cloud.cases()) == 1


def test_unknown_key_fails_with_the_option_named_and_never_shows_the_key(run_case_module, cloud):
    outcome = run_case_module(ibm_case, ibm_args(cloud, ibmcloud_api_key='not-a-key', **OPEN))
    assert outcome.failed and 'ibmcloud_api_key' in outcome.result['msg']
    assert 'not-a-key' not in str(outcome.result) and not cloud.cases()


def test_resolve_without_resolution_code_is_refused_by_the_spec(run_case_module, cloud):
    outcome = run_case_module(ibm_case, ibm_args(cloud, subject='x', state='resolved'))
    assert outcome.failed and 'resolution_code' in outcome.result['msg']


def test_info_by_number_returns_the_case_with_its_parts_and_hosts(run_case_module, cloud):
    opened = run_case_module(ibm_case, dict(ibm_args(cloud, **OPEN), comment='Seen again.'), sdk=cloud.api.sdk)
    number = opened.result['case']['number']
    info = run_case_module(ibm_case_info, ibm_args(cloud, number=number, group_by_host=True))
    assert not info.result['changed']
    assert [c['value'] for c in info.result['cases'][0]['comments']] == ['Seen again.']
    assert {host: [case['number'] for case in cases] for host, cases in info.result['cases_by_host'].items()} == {
        'web01.example.com': [number], 'web01': [number]}
    assert IBM_CLOUD_API_KEY not in str(info.result)


def test_info_gives_a_ticket_s_case_its_ticket_through_the_ibm_cloud_key(run_case_module, cloud):
    ticket = cloud.emulator.state.get('tickets', 148350001)
    info = run_case_module(ibm_case_info, ibm_args(cloud, number=ticket['serviceProviderResourceId'],
                                                   include_softlayer_tickets=True), sdk=cloud.api.sdk)
    assert not info.failed and info.result['cases'][0]['softlayer_ticket']['id'] == ticket['id']
    assert IBM_CLOUD_API_KEY not in str(info.result)


def test_lock_dir_comes_from_the_option_or_sl_lock_dir_as_for_sl_ticket(run_case_module, cloud, monkeypatch, tmp_path):
    shared = tmp_path / 'shared'
    shared.mkdir()
    monkeypatch.setenv('SL_LOCK_DIR', str(shared))
    outcome = run_case_module(ibm_case, ibm_args(cloud, **OPEN), sdk=cloud.api.sdk)
    assert not outcome.failed
    assert [p.name for p in shared.iterdir() if p.name.startswith('softlayer.support-ibm_case-')] != []
    assert not [p for p in tmp_path.iterdir() if p.name.endswith('.lock')]
    outcome = run_case_module(ibm_case, ibm_args(cloud, lock_dir=str(tmp_path / 'nowhere'), **OPEN), sdk=cloud.api.sdk)
    assert outcome.failed and outcome.result['option'] == 'lock_dir'
