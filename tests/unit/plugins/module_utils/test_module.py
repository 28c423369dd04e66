# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""SoftLayerModule: the connection options, the SDK check, the client, one error mapping, ``retries`` in every result."""

from __future__ import annotations

import pytest

from ansible.module_utils import basic

from ansible_collections.softlayer.support.plugins.module_utils import module as module_helper
from ansible_collections.softlayer.support.plugins.module_utils.api.connection_options import CONNECTION_ARGUMENT_SPEC
from ansible_collections.softlayer.support.plugins.module_utils.api.errors import InvalidInputError
from ansible_collections.softlayer.support.plugins.module_utils.module import SoftLayerModule, retry_report
from ansible_collections.softlayer.support.plugins.module_utils.api.retries import WARN_THRESHOLD
from ansible_collections.softlayer.support.plugins.module_utils.api.sdk import SDK_PIP_REQUIREMENT
from ansible_collections.softlayer.support.tests.unit.conftest import API_KEY, ModuleExit, _module_args

RATE_LIMITED = 'SoftLayer_Exception_WebService_RateLimitExceeded'
ACCOUNT_ID = 284101  # the emulated account's
CONNECTION = {'username': 'tester', 'api_key': API_KEY, 'endpoint_url': 'http://127.0.0.1:9/xmlrpc/v3.1/'}


@pytest.fixture
def exits(monkeypatch):
    """exit_json / fail_json raise ModuleExit; warnings are collected in ``exits.warnings``."""
    def fake_exit(self, **result):
        raise ModuleExit(result, failed=False)

    def fake_fail(self, msg, **result):
        result['msg'] = msg
        raise ModuleExit(result, failed=True)

    class Exits:
        warnings = []

    monkeypatch.setattr(basic.AnsibleModule, 'exit_json', fake_exit)
    monkeypatch.setattr(basic.AnsibleModule, 'fail_json', fake_fail)
    monkeypatch.setattr(basic.AnsibleModule, 'warn', lambda self, message: Exits.warnings.append(message))
    Exits.warnings = []
    return Exits


@pytest.fixture
def api(monkeypatch, no_sleep, emulated_api):
    """The module's client is built over the emulated account."""
    monkeypatch.setattr(module_helper.SoftLayerClient, 'from_params', classmethod(
        lambda cls, params: cls(emulated_api.sdk, secrets=[params['api_key']])))
    return emulated_api


def build(args, **module_kwargs):
    with _module_args(dict(CONNECTION, **args)):
        return SoftLayerModule(argument_spec=module_kwargs.pop('argument_spec', {'name': {'type': 'str'}}),
                               **module_kwargs)


def outcome(call):
    with pytest.raises(ModuleExit) as caught:
        call()
    return caught.value


def test_the_spec_is_the_connection_options_plus_the_modules_own(exits):
    module = build({'name': 'x'})
    assert set(module.argument_spec) == set(CONNECTION_ARGUMENT_SPEC) | {'name'}
    assert module.params['name'] == 'x' and module.params['username'] == 'tester'
    assert module.supports_check_mode is True
    assert API_KEY in module.no_log_values


def test_constraints_go_to_ansible_which_names_the_options(exits):
    failed = outcome(lambda: build({'a': 'x', 'b': 'y'}, argument_spec={'a': {'type': 'str'}, 'b': {'type': 'str'}},
                                   mutually_exclusive=[('a', 'b')]))
    assert failed.failed and failed.result['msg'] == 'parameters are mutually exclusive: a|b'


def test_a_missing_sdk_fails_with_ansibles_missing_library_message(exits, monkeypatch):
    monkeypatch.setattr(module_helper, 'HAS_SOFTLAYER', False)
    monkeypatch.setattr(module_helper, 'SOFTLAYER_IMPORT_ERROR', 'Traceback: No module named SoftLayer')
    failed = outcome(lambda: build({}))
    assert failed.failed
    assert failed.result['msg'].startswith('Failed to import the required Python library (SoftLayer) on ')
    assert failed.result['msg'].endswith('Install it with: pip install "%s"' % SDK_PIP_REQUIREMENT)
    assert failed.result['exception'] == 'Traceback: No module named SoftLayer'


def test_run_exits_with_the_work_result_and_retries(exits, api):
    api.refuse('getObject', 'Rate limit exceeded.', code=RATE_LIMITED)
    module = build({})

    def work(client):
        return {'changed': False, 'account': client.read('SoftLayer_Account', 'getObject', mask='mask[id]')}

    done = outcome(lambda: module.run(work))
    assert not done.failed
    assert done.result == {'changed': False, 'account': {'id': ACCOUNT_ID}, 'retries': 1}
    assert exits.warnings == []


def test_a_collection_error_fails_with_its_message_details_and_retries(exits, api):
    api.refuse('getObject', 'Rate limit exceeded.', code=RATE_LIMITED)

    def work(client):
        client.read('SoftLayer_Account', 'getObject')
        raise InvalidInputError('title must not be empty', option='title')

    failed = outcome(lambda: build({}).run(work))
    assert failed.failed
    assert failed.result == {'msg': 'title must not be empty', 'option': 'title', 'retries': 1}


def test_an_api_fault_fails_with_fault_code_and_operation(exits, api):
    api.refuse('getObject', 'Access Denied.', code='SoftLayer_Exception_AccessDenied')
    failed = outcome(lambda: build({}).run(lambda client: client.read('SoftLayer_Account', 'getObject',
                                                                      operation='read the account')))
    assert failed.failed
    assert failed.result['fault_code'] == 'SoftLayer_Exception_AccessDenied'
    assert failed.result['operation'] == 'read the account'
    assert failed.result['retries'] == 0


def test_settings_that_cannot_work_fail_before_any_work_with_retries_0(exits):
    called = []
    failed = outcome(lambda: build({'endpoint_url': 'ftp://nowhere/'}).run(called.append))
    assert failed.failed and failed.result['option'] == 'endpoint_url' and failed.result['retries'] == 0
    assert called == []


class Counted:
    """What retry_report reads of a client."""

    def __init__(self, retries, rate_limited):
        self.retries = retries
        self.rate_limited = rate_limited


@pytest.mark.parametrize('retries, warned', [(0, False), (WARN_THRESHOLD - 1, False), (WARN_THRESHOLD, True), (7, True)])
def test_retry_report_warns_from_the_threshold_on(retries, warned):
    warnings = []
    rate_limited = max(retries - 1, 0)
    assert retry_report(Counted(retries, rate_limited), warnings.append) == {'retries': retries}
    assert bool(warnings) is warned
    if warned:
        assert warnings[0].startswith('%d API calls had to be retried (%d after a rate-limit refusal)' % (
            retries, rate_limited))
        assert 'fewer forks' in warnings[0]


def test_retry_report_without_a_client_is_0_retries():
    warnings = []
    assert retry_report(None, warnings.append) == {'retries': 0}
    assert warnings == []
