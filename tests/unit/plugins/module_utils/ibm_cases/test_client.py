# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""CaseClient: reads retried, writes not resent blindly, IAM refusals never retried, one error family."""

from __future__ import annotations

import pytest

from ansible_collections.softlayer.support.plugins.module_utils.api.errors import ApiFaultError, OutcomeUnknownError
from ansible_collections.softlayer.support.plugins.module_utils.ibm_cases.client import CaseClient

OFFERING = {'name': 'Cloud Object Storage', 'type': {'group': 'crn_service_name', 'key': 'cloud-object-storage'}}


def iam_calls(cloud):
    return [call['method'] for call in cloud.emulator.calls_since(0) if call['service'] == 'iam']


def create(client):
    return client.write('open the case', lambda s: s.create_case('technical', 'x', 'y', offering=OFFERING))


def test_read_is_retried_after_a_rate_limit_and_a_500(cloud):
    cloud.fault('get_cases', kind='rate_limit')
    cloud.fault('get_cases', kind='http_500')
    client = cloud.client()
    assert client.read('list', lambda s: s.get_cases())['total_count'] >= 1
    assert client.retries == 2 and client.rate_limited == 1
    assert cloud.case_calls() == ['get_cases'] * 3


def test_write_is_resent_after_a_rate_limit_refusal_only(cloud):
    cloud.fault('create_case', kind='rate_limit')
    client = cloud.client()
    assert create(client)['number']
    assert cloud.case_calls() == ['create_case', 'create_case'] and len(cloud.cases()) == 1


@pytest.mark.parametrize('kind, status', [('http_500', 500), ('lost_response', 0)])
def test_write_without_an_answer_is_outcome_unknown_and_not_resent(cloud, kind, status):
    cloud.fault('create_case', kind=kind, when='after')
    with pytest.raises(OutcomeUnknownError) as info:
        create(cloud.client())
    assert info.value.fault_code == status and cloud.case_calls() == ['create_case']


@pytest.mark.parametrize('kind', ['http_500', 'lost_response'])
def test_the_sdks_own_retries_stay_off_even_when_its_environment_asks_for_them(cloud, monkeypatch, kind):
    # IBM's SDK turns on urllib3 retries that resend POST when its external config says so (new_instance).
    monkeypatch.setenv('CASE_MANAGEMENT_ENABLE_RETRIES', 'true')
    monkeypatch.setenv('CASE_MANAGEMENT_MAX_RETRIES', '3')
    cloud.fault('create_case', kind=kind, when='after')
    with pytest.raises(OutcomeUnknownError):
        create(cloud.client())
    assert cloud.case_calls() == ['create_case'] and len(cloud.cases()) == 1


def test_refused_key_is_never_retried_and_names_the_option(cloud):
    client = CaseClient.from_params(cloud.params(ibmcloud_api_key='wrong'))
    with pytest.raises(ApiFaultError, match='ibmcloud_api_key') as info:
        client.read('list', lambda s: s.get_cases())
    assert info.value.fault_code == 400 and iam_calls(cloud) == ['get_token'] and cloud.case_calls() == []


def test_missing_key_names_both_environment_variables():
    params = {'ibmcloud_api_key': None, 'iam_url': 'http://127.0.0.1:9', 'case_management_url': 'http://127.0.0.1:9'}
    with pytest.raises(Exception, match='IC_API_KEY or IBMCLOUD_API_KEY'):
        CaseClient.from_params(params)


def test_403_says_which_support_center_role_is_needed(cloud):
    cloud.fault('get_cases', kind='fault', code='403', message='Forbidden')
    with pytest.raises(ApiFaultError, match='Support Center role'):
        cloud.client().read('list', lambda s: s.get_cases())
