# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The client wrapper at the SDK boundary: construction, retries, fault translation, paging, secrets.

The SDK is faked at ``BaseClient.call`` (FakeSDK) or, for construction, used for real
with a config file under a temporary HOME; nothing touches the network.
"""

from __future__ import annotations

import base64
import threading
import traceback

import pytest

from SoftLayer import exceptions as sl
from SoftLayer import transports

from ansible_collections.softlayer.support.plugins.module_utils.api import client as client_module
from ansible_collections.softlayer.support.plugins.module_utils.api.client import (
    DEFAULT_PAGE_SIZE,
    MAX_DETAIL_LENGTH,
    MAX_PAGE_SIZE,
    MAX_PARALLEL,
    REDACTED,
    SoftLayerClient,
    check_page_size,
)
from ansible_collections.softlayer.support.plugins.module_utils.api.errors import (
    ApiFaultError,
    InvalidInputError,
    OutcomeUnknownError,
    SoftLayerSupportError,
)
from ansible_collections.softlayer.support.plugins.module_utils.api.faults import RATE_LIMIT_FAULT
from ansible_collections.softlayer.support.plugins.module_utils.api.retries import RetryPolicy
from ansible_collections.softlayer.support.tests.unit.conftest import API_KEY
from ansible_collections.softlayer.support.tests.unit.plugins.sdk_fakes import (  # pylint: disable=unused-import
    ACCESS_DENIED,
    BAD_GATEWAY,
    CERTIFICATE_UNTRUSTED,
    CONNECTION_REFUSED,
    FakeClock,
    FakeSDK,
    HTTP_404,
    HTTP_429,
    HTTP_500,
    ListResult,
    NEVER_RETRIED,
    RATE_LIMIT_TEXT,
    READ_TIMEOUT,
    REST_GATEWAY,
    REST_NOT_FOUND,
    REST_RATE_LIMIT,
    REST_UNAUTHORIZED,
    RETRIED_ON_READ,
    XMLRPC_BAD_KEY,
    XMLRPC_NOT_FOUND,
    XMLRPC_RATE_LIMIT,
    client,
    fake_sdk,
    paged_list,
    params,
    sequence,
    sl_home,
    write_config,
)

ORDER_ASC = {'operation': 'orderBy', 'options': [{'name': 'sort', 'value': ['ASC']}]}


@pytest.fixture
def clock():
    return FakeClock()


def fail_once(error, answer='ok'):
    return sequence(error, answer)


# --------------------------------------------------------------------------- construction


def test_from_params_hands_resolved_settings_to_the_sdk(sl_home, monkeypatch):
    write_config(sl_home / '.softlayer', verify='False', proxy='http://proxy:3128')
    built = {}

    def create_client_from_env(**kwargs):
        built.update(kwargs)
        return FakeSDK()

    monkeypatch.setattr(client_module.SoftLayer, 'create_client_from_env', create_client_from_env)
    client = SoftLayerClient.from_params(params(username='user', api_key=API_KEY))
    assert built == {'username': 'user', 'api_key': API_KEY, 'endpoint_url': None, 'timeout': 60,
                     'proxy': 'http://proxy:3128', 'config_file': None, 'verify': False}
    assert client.timeout == 60
    assert API_KEY in client.secrets


def test_from_params_builds_a_real_xmlrpc_client_with_the_timeout(sl_home):
    client = SoftLayerClient.from_params(params(username='user', api_key=API_KEY, timeout=7,
                                                endpoint_url='https://api.example.test/xmlrpc/v3.1/'))
    transport = client.sdk.transport
    assert isinstance(transport, transports.XmlRpcTransport)
    assert transport.timeout == 7
    assert transport.endpoint_url == 'https://api.example.test/xmlrpc/v3.1'
    assert transport.verify is True


def test_from_params_picks_rest_for_a_rest_endpoint_and_default_timeout(sl_home):
    client = SoftLayerClient.from_params(params(username='user', api_key=API_KEY, validate_certs=False,
                                                endpoint_url='https://api.example.test/rest/v3.1/'))
    assert isinstance(client.sdk.transport, transports.RestTransport)
    assert client.sdk.transport.timeout == 60
    assert client.sdk.transport.verify is False


@pytest.mark.parametrize('endpoint_url', ['https://api.example.test/xmlrpc/v3.1/', 'https://api.example.test/rest/v3.1/'])
def test_from_params_leaves_every_resend_to_the_retry_policy(sl_home, endpoint_url):
    """The SDK's session retries https requests itself (urllib3 Retry(total=3)); the collection's sends each once."""
    client = SoftLayerClient.from_params(params(username='user', api_key=API_KEY, endpoint_url=endpoint_url))
    session = client.sdk.transport.client
    for url in (endpoint_url, endpoint_url.replace('https:', 'http:')):
        retry = session.get_adapter(url).max_retries
        assert (retry.total, retry.read) == (0, False), '%s would be resent by the SDK: %r' % (url, retry)


def test_from_params_hands_the_ca_bundle_to_the_transport(sl_home):
    bundle = sl_home / 'corp-ca.pem'
    bundle.write_text('-----BEGIN CERTIFICATE-----\n', encoding='ascii')
    client = SoftLayerClient.from_params(params(username='user', api_key=API_KEY, ca_bundle=str(bundle),
                                                endpoint_url='https://api.example.test/rest/v3.1/'))
    assert client.sdk.transport.verify == str(bundle)


@pytest.mark.parametrize('given', [{}, {'username': 'user'}, {'api_key': API_KEY}])
def test_missing_credentials_fail_clearly_before_any_client_exists(sl_home, monkeypatch, given):
    def create_client_from_env(**kwargs):
        raise AssertionError('no SDK client may be built without credentials')

    monkeypatch.setattr(client_module.SoftLayer, 'create_client_from_env', create_client_from_env)
    with pytest.raises(SoftLayerSupportError) as caught:
        SoftLayerClient.from_params(params(**given))
    assert str(caught.value) == (
        'no SoftLayer credentials: set the username and api_key options, the SL_USERNAME and SL_API_KEY '
        'environment variables, or the [softlayer] section of ~/.softlayer')
    assert API_KEY not in str(caught.value)


def test_a_client_without_a_policy_retries_by_the_default_one(fake_sdk):
    assert SoftLayerClient(fake_sdk).retry_policy.delay_ranges() == RetryPolicy().delay_ranges()
    assert SoftLayerClient(fake_sdk).retry_policy.total_seconds == RetryPolicy().total_seconds


def test_from_params_without_the_sdk_raises_the_missing_library_message(monkeypatch):
    monkeypatch.setattr(client_module, 'HAS_SOFTLAYER', False)
    with pytest.raises(SoftLayerSupportError, match=r'^Failed to import the required Python library \(SoftLayer\)'):
        SoftLayerClient.from_params(params(username='user', api_key=API_KEY))


# --------------------------------------------------------------------------- retries


@pytest.mark.parametrize('error', RETRIED_ON_READ)
def test_read_is_retried_on_transient_failures(client, fake_sdk, no_sleep, error):
    fake_sdk.responses[('SoftLayer_Ticket', 'getObject')] = fail_once(error, {'id': 5})
    assert client.read('SoftLayer_Ticket', 'getObject', id=5) == {'id': 5}
    assert len(fake_sdk.calls) == 2
    assert len(no_sleep) == 1


@pytest.mark.parametrize('error', NEVER_RETRIED)
def test_read_is_not_retried_on_faults(client, fake_sdk, no_sleep, error):
    fake_sdk.responses[('SoftLayer_Ticket', 'getObject')] = fail_once(error, {'id': 5})
    with pytest.raises(ApiFaultError) as caught:
        client.read('SoftLayer_Ticket', 'getObject', id=5)
    assert not isinstance(caught.value, OutcomeUnknownError)
    assert len(fake_sdk.calls) == 1
    assert no_sleep == []


@pytest.mark.parametrize('error', [XMLRPC_RATE_LIMIT, REST_RATE_LIMIT, HTTP_429], ids=['xmlrpc', 'rest', 'http-429'])
def test_write_is_retried_only_after_a_rate_limit_refusal(client, fake_sdk, no_sleep, error):
    fake_sdk.responses[('SoftLayer_Ticket', 'addUpdate')] = fail_once(error, [{'id': 77}])
    assert client.write('SoftLayer_Ticket', 'addUpdate', {'entry': 'x'}, id=5) == [{'id': 77}]
    assert len(fake_sdk.calls) == 2
    assert fake_sdk.calls[1]['args'] == ({'entry': 'x'},)
    assert fake_sdk.calls[1]['kwargs'] == {'id': 5}


@pytest.mark.parametrize('error', [CONNECTION_REFUSED, READ_TIMEOUT, BAD_GATEWAY, HTTP_500, REST_GATEWAY],
                         ids=['connection-refused', 'read-timeout', 'http-502', 'http-500', 'rest-gateway-503'])
def test_write_without_an_answer_is_not_retried_and_outcome_is_unknown(client, fake_sdk, no_sleep, error):
    fake_sdk.responses[('SoftLayer_Ticket', 'createStandardTicket')] = fail_once(error, {'id': 1})
    with pytest.raises(OutcomeUnknownError) as caught:
        client.write('SoftLayer_Ticket', 'createStandardTicket', {'title': 't'}, 'body', operation='create the ticket')
    assert len(fake_sdk.calls) == 1
    assert no_sleep == []
    assert str(caught.value).startswith('create the ticket failed: ')
    assert 'the change may or may not have been applied' in str(caught.value)
    assert caught.value.operation == 'create the ticket'


@pytest.mark.parametrize('error', NEVER_RETRIED)
def test_write_refused_by_a_fault_is_a_plain_api_fault(client, fake_sdk, no_sleep, error):
    fake_sdk.responses[('SoftLayer_Ticket', 'addUpdate')] = fail_once(error, [{'id': 77}])
    with pytest.raises(ApiFaultError) as caught:
        client.write('SoftLayer_Ticket', 'addUpdate', {'entry': 'x'}, id=5)
    assert not isinstance(caught.value, OutcomeUnknownError)
    assert 'may or may not' not in str(caught.value)
    assert len(fake_sdk.calls) == 1


def test_write_failing_outside_the_sdk_is_an_unknown_outcome(client, fake_sdk):
    fake_sdk.responses[('SoftLayer_Ticket', 'addUpdate')] = ValueError('not well-formed (invalid token): line 1')
    with pytest.raises(OutcomeUnknownError) as caught:
        client.write('SoftLayer_Ticket', 'addUpdate', {'entry': 'x'}, id=5)
    assert str(caught.value) == ('SoftLayer_Ticket::addUpdate failed: ValueError: not well-formed (invalid token): '
                                 'line 1; the change may or may not have been applied')
    assert caught.value.fault_code is None


def test_read_failing_outside_the_sdk_is_an_api_fault_without_retry(client, fake_sdk, no_sleep):
    fake_sdk.responses[('SoftLayer_Ticket', 'getObject')] = ValueError('garbage')
    with pytest.raises(ApiFaultError) as caught:
        client.read('SoftLayer_Ticket', 'getObject', id=5)
    assert not isinstance(caught.value, OutcomeUnknownError)
    assert str(caught.value) == 'SoftLayer_Ticket::getObject failed: ValueError: garbage'
    assert len(fake_sdk.calls) == 1


@pytest.mark.parametrize('retries', [0, 1, 3])
def test_retries_are_bounded_in_count(fake_sdk, no_sleep, retries):
    client = SoftLayerClient(fake_sdk, retry_policy=RetryPolicy(retries=retries, total_seconds=3600,
                                                                sleep=no_sleep.append))
    fake_sdk.responses[('SoftLayer_Account', 'getOpenTickets')] = CONNECTION_REFUSED
    with pytest.raises(ApiFaultError):
        client.read('SoftLayer_Account', 'getOpenTickets')
    assert len(fake_sdk.calls) == retries + 1
    assert len(no_sleep) == retries


def test_persistent_rate_limit_on_a_write_ends_in_a_fault_with_the_hint(client, fake_sdk):
    fake_sdk.responses[('SoftLayer_Ticket', 'addUpdate')] = XMLRPC_RATE_LIMIT
    with pytest.raises(ApiFaultError) as caught:
        client.write('SoftLayer_Ticket', 'addUpdate', {'entry': 'x'}, id=5, operation='post the update')
    assert not isinstance(caught.value, OutcomeUnknownError)
    assert len(fake_sdk.calls) == 4  # the client fixture allows 3 retries
    assert str(caught.value) == (
        'post the update failed: %s (the API rate limit (50 requests per second) was still exceeded after '
        'retrying; run with fewer forks) [%s]' % (RATE_LIMIT_TEXT, RATE_LIMIT_FAULT))


def test_retries_stop_when_the_time_budget_is_spent(fake_sdk, clock):
    def slow_failure(*args, **kwargs):
        clock.now += 10  # every attempt takes 10 s and then fails
        raise CONNECTION_REFUSED

    fake_sdk.responses[('SoftLayer_Account', 'getOpenTickets')] = slow_failure
    policy = RetryPolicy(retries=10, delay_base=1, delay_threshold=8, total_seconds=30, clock=clock.monotonic,
                         sleep=clock.sleep)
    client = SoftLayerClient(fake_sdk, retry_policy=policy)
    with pytest.raises(ApiFaultError):
        client.read('SoftLayer_Account', 'getOpenTickets')
    # The budget runs from the first failure (t=10) to t=40: three sleeps fit, a fourth (4-8 s after t>=44.5) not.
    assert len(fake_sdk.calls) == 4
    assert len(clock.slept) == 3
    assert 0.5 <= clock.slept[0] <= 1 and 1 <= clock.slept[1] <= 2 and 2 <= clock.slept[2] <= 4


@pytest.mark.parametrize('timeout', [2, 60])
def test_a_hung_read_is_retried_counted_and_ends_within_the_documented_bound(fake_sdk, clock, timeout):
    """Every attempt runs into the timeout (the default 60 s is longer than the 30 s budget): still retried."""
    def hung(*args, **kwargs):
        clock.now += timeout
        raise READ_TIMEOUT

    fake_sdk.responses[('SoftLayer_Ticket', 'getObject')] = hung
    client = SoftLayerClient(fake_sdk, retry_policy=RetryPolicy(clock=clock.monotonic, sleep=clock.sleep), timeout=timeout)
    start = clock.now
    with pytest.raises(ApiFaultError) as caught:
        client.read('SoftLayer_Ticket', 'getObject', id=5)
    assert 'no reply within %d s' % timeout in str(caught.value)
    assert len(fake_sdk.calls) >= 2
    assert client.retries == len(fake_sdk.calls) - 1
    assert clock.now - start <= client.retry_policy.hung_call_bound(timeout)


def test_retries_are_counted_with_the_rate_limited_ones_apart(client, fake_sdk, no_sleep):
    fake_sdk.responses[('SoftLayer_Ticket', 'getObject')] = sequence(XMLRPC_RATE_LIMIT, CONNECTION_REFUSED, {'id': 5})
    fake_sdk.responses[('SoftLayer_Ticket', 'addUpdate')] = sequence(HTTP_429, [{'id': 77}])
    assert (client.retries, client.rate_limited) == (0, 0)
    client.read('SoftLayer_Ticket', 'getObject', id=5)
    client.write('SoftLayer_Ticket', 'addUpdate', {'entry': 'x'}, id=5)
    assert (len(fake_sdk.calls), client.retries, client.rate_limited) == (5, 3, 2)
    assert len(no_sleep) == 3


def test_a_refusal_that_is_not_retried_counts_no_retry(client, fake_sdk, no_sleep):
    fake_sdk.responses[('SoftLayer_Ticket', 'getObject')] = XMLRPC_NOT_FOUND
    with pytest.raises(ApiFaultError):
        client.read('SoftLayer_Ticket', 'getObject', id=5)
    assert (client.retries, client.rate_limited) == (0, 0)


def test_a_spent_budget_counts_only_the_retries_made(fake_sdk, clock):
    """Rate-limit refusals of a write, with a fake clock: retried until the 30 s budget, each one counted."""
    fake_sdk.responses[('SoftLayer_Ticket', 'addUpdate')] = XMLRPC_RATE_LIMIT
    client = SoftLayerClient(fake_sdk, retry_policy=RetryPolicy(retries=20, delay_base=8, delay_threshold=8,
                                                                total_seconds=30, clock=clock.monotonic,
                                                                sleep=clock.sleep))
    start = clock.now
    with pytest.raises(ApiFaultError) as caught:
        client.write('SoftLayer_Ticket', 'addUpdate', {'entry': 'x'}, id=5)
    assert caught.value.fault_code == RATE_LIMIT_FAULT
    assert clock.now - start <= 30
    assert client.retries == client.rate_limited == len(clock.slept) == len(fake_sdk.calls) - 1
    assert all(4 <= delay <= 8 for delay in clock.slept)


def test_transient_failure_on_a_later_page_is_retried_and_paging_continues(client, fake_sdk, no_sleep):
    pages = paged_list([{'id': i} for i in range(1, 6)])
    fake_sdk.responses[('SoftLayer_Account', 'getTickets')] = sequence(pages, CONNECTION_REFUSED, pages)
    items = client.read_all('SoftLayer_Account', 'getTickets', 'tickets', page_size=3)
    assert [i['id'] for i in items] == [1, 2, 3, 4, 5]
    assert [c['kwargs']['offset'] for c in fake_sdk.calls] == [0, 3, 3]


# --------------------------------------------------------------------------- fault mapping


def test_fault_message_names_operation_fault_code_and_hint(client, fake_sdk):
    fake_sdk.responses[('SoftLayer_Ticket', 'getObject')] = XMLRPC_NOT_FOUND
    with pytest.raises(ApiFaultError) as caught:
        client.read('SoftLayer_Ticket', 'getObject', id=10442942, operation='read ticket 10442942')
    error = caught.value
    assert str(error) == ("read ticket 10442942 failed: Unable to find object with id of '10442942'. "
                          "(no such object on this account) [SoftLayer_Exception_ObjectNotFound]")
    assert error.fault_code == 'SoftLayer_Exception_ObjectNotFound'
    assert error.operation == 'read ticket 10442942'
    assert error.details() == {'fault_code': 'SoftLayer_Exception_ObjectNotFound', 'operation': 'read ticket 10442942'}


def test_operation_defaults_to_service_and_method(client, fake_sdk):
    fake_sdk.responses[('SoftLayer_Ticket', 'getObject')] = ACCESS_DENIED
    with pytest.raises(ApiFaultError) as caught:
        client.read('SoftLayer_Ticket', 'getObject', id=1)
    assert str(caught.value) == 'SoftLayer_Ticket::getObject failed: Access Denied. [SoftLayer_Exception_Public]'
    assert caught.value.operation == 'SoftLayer_Ticket::getObject'


@pytest.mark.parametrize('error, name, hint', [
    (REST_NOT_FOUND, 'SoftLayer_Exception_ObjectNotFound', 'no such object on this account'),
    (REST_UNAUTHORIZED, 'SoftLayer_Exception_InvalidLegacyToken', 'authentication failed: check username and api_key'),
    (XMLRPC_BAD_KEY, 'SoftLayer_Exception_InvalidLegacyToken', 'authentication failed: check username and api_key'),
    (sl.SoftLayerAPIError('SoftLayer_Exception_AccessDenied', 'No access.'), 'SoftLayer_Exception_AccessDenied',
     "the API user needs the portal permissions 'View Tickets' and 'Add / Edit Tickets'"),
])
def test_rest_statuses_and_xmlrpc_names_map_to_the_same_fault(client, fake_sdk, error, name, hint):
    fake_sdk.responses[('SoftLayer_Ticket', 'getObject')] = error
    with pytest.raises(ApiFaultError) as caught:
        client.read('SoftLayer_Ticket', 'getObject', id=1, operation='read ticket 1')
    assert caught.value.fault_code == name
    assert hint in str(caught.value)
    assert str(caught.value).startswith('read ticket 1 failed: %s (' % error.faultString)
    assert str(caught.value).endswith('[%s]' % name)


def test_http_404_from_the_transport_points_at_the_endpoint_not_at_a_missing_object(client, fake_sdk):
    fake_sdk.responses[('SoftLayer_Ticket', 'getObject')] = HTTP_404
    with pytest.raises(ApiFaultError) as caught:
        client.read('SoftLayer_Ticket', 'getObject', id=1)
    assert caught.value.fault_code == 404
    assert 'endpoint_url does not point at the SoftLayer API' in str(caught.value)
    assert 'no such object' not in str(caught.value)


def test_an_untrusted_certificate_names_ca_bundle_and_is_not_a_lost_answer(client, fake_sdk):
    fake_sdk.responses[('SoftLayer_Ticket', 'addUpdate')] = CERTIFICATE_UNTRUSTED
    with pytest.raises(ApiFaultError) as caught:
        client.write('SoftLayer_Ticket', 'addUpdate', {'entry': 'x'}, id=5, operation='post the update')
    message = str(caught.value)
    assert not isinstance(caught.value, OutcomeUnknownError)
    assert 'CERTIFICATE_VERIFY_FAILED' in message and 'set ca_bundle (or SL_CA_BUNDLE)' in message
    assert 'could not get an answer' not in message


def test_no_answer_says_so_with_the_timeout(client, fake_sdk):
    fake_sdk.responses[('SoftLayer_Account', 'getOpenTickets')] = READ_TIMEOUT
    with pytest.raises(ApiFaultError) as caught:
        client.read('SoftLayer_Account', 'getOpenTickets', operation='list open tickets')
    assert str(caught.value) == (
        'list open tickets failed: could not get an answer from the API (connection failed or no reply within 60 s): '
        '%s [0]' % READ_TIMEOUT.faultString)
    assert caught.value.fault_code == 0


def test_long_sdk_texts_are_cut(client, fake_sdk):
    fake_sdk.responses[('SoftLayer_Ticket', 'getObject')] = sl.SoftLayerAPIError(500, 'x' * 5000)
    with pytest.raises(ApiFaultError) as caught:
        client.read('SoftLayer_Ticket', 'getObject', id=1)
    assert str(caught.value) == 'SoftLayer_Ticket::getObject failed: %s... [500]' % ('x' * MAX_DETAIL_LENGTH)


def test_collection_errors_pass_through_untouched(client, fake_sdk):
    original = InvalidInputError('bad input', option='title')
    fake_sdk.responses[('SoftLayer_Ticket', 'getObject')] = original
    with pytest.raises(InvalidInputError) as caught:
        client.read('SoftLayer_Ticket', 'getObject', id=1)
    assert caught.value is original


def test_translated_error_hides_the_sdk_exception_chain(client, fake_sdk):
    fake_sdk.responses[('SoftLayer_Ticket', 'getObject')] = XMLRPC_NOT_FOUND
    with pytest.raises(ApiFaultError) as caught:
        client.read('SoftLayer_Ticket', 'getObject', id=1)
    assert caught.value.__cause__ is None
    assert caught.value.__suppress_context__ is True
    assert 'SoftLayerAPIError' not in ''.join(traceback.format_exception(caught.value))


# --------------------------------------------------------------------------- secrets


SDK_TEXTS_WITH_THE_KEY = [
    pytest.param(sl.TransportError(0, 'Max retries exceeded with url: /?apiKey=%s (Caused by NewConnectionError)' % API_KEY),
                 id='transport-0'),
    pytest.param(sl.SoftLayerAPIError('SoftLayer_Exception_InvalidLegacyToken', 'Invalid API token %s.' % API_KEY),
                 id='xmlrpc-fault'),
    pytest.param(sl.SoftLayerAPIError(401, '{"apiKey": "%s"}' % API_KEY), id='rest-401'),
    pytest.param(sl.TransportError(502, 'Bad Gateway :: %s%s' % ('y' * (MAX_DETAIL_LENGTH - 40), API_KEY)),
                 id='key-across-the-cut'),
    pytest.param(RuntimeError('boom %s' % API_KEY), id='not-an-sdk-error'),
]


@pytest.mark.parametrize('write', [False, True], ids=['read', 'write'])
@pytest.mark.parametrize('error', SDK_TEXTS_WITH_THE_KEY)
def test_api_key_never_appears_in_an_error(client, fake_sdk, error, write):
    fake_sdk.responses[('SoftLayer_Ticket', 'addUpdate')] = error
    call = client.write if write else client.read
    with pytest.raises(ApiFaultError) as caught:
        call('SoftLayer_Ticket', 'addUpdate', {'entry': 'x'}, id=1)
    shown = ' '.join([str(caught.value), repr(caught.value), repr(caught.value.args), repr(caught.value.details()),
                      ''.join(traceback.format_exception(caught.value))])
    assert API_KEY[:16] not in shown
    assert REDACTED in str(caught.value)


def test_from_params_redacts_the_basic_auth_form_and_the_proxy_password(sl_home, monkeypatch):
    monkeypatch.setattr(client_module.SoftLayer, 'create_client_from_env', lambda **kw: FakeSDK())
    client = SoftLayerClient.from_params(params(username='user', api_key=API_KEY,
                                                proxy='http://proxyuser:s3cr%40t-pw@proxy:3128'))
    basic = base64.b64encode(('user:%s' % API_KEY).encode()).decode()
    text = 'Authorization: Basic %s via http://proxyuser:s3cr%%40t-pw@proxy:3128 (s3cr@t-pw) key %s' % (basic, API_KEY)
    redacted = client.redact(text)
    assert basic not in redacted and API_KEY not in redacted
    assert 's3cr%40t-pw' not in redacted and 's3cr@t-pw' not in redacted
    assert redacted == 'Authorization: Basic %s via http://proxyuser:%s@proxy:3128 (%s) key %s' % ((REDACTED,) * 4)


def test_config_file_key_is_redacted_too(sl_home, monkeypatch):
    write_config(sl_home / '.softlayer', username='file-user', api_key='file-secret-key-0123456789')
    sdk = FakeSDK({('SoftLayer_Ticket', 'getObject'): sl.SoftLayerAPIError('X', 'echo file-secret-key-0123456789')})
    monkeypatch.setattr(client_module.SoftLayer, 'create_client_from_env', lambda **kw: sdk)
    client = SoftLayerClient.from_params(params())
    with pytest.raises(ApiFaultError) as caught:
        client.read('SoftLayer_Ticket', 'getObject', id=1)
    assert str(caught.value) == 'SoftLayer_Ticket::getObject failed: echo %s [X]' % REDACTED


# --------------------------------------------------------------------------- paging


def ids(items):
    return [item['id'] for item in items]


def page_requests(fake_sdk):
    return [(c['kwargs']['offset'], c['kwargs']['limit']) for c in fake_sdk.calls]


TEN = [{'id': i} for i in range(1, 11)]


@pytest.mark.parametrize('count, page_size, send_total, expected_pages', [
    pytest.param(3, 1, True, [(0, 1), (1, 1), (2, 1)], id='page-size-1'),
    pytest.param(3, 1, False, [(0, 1), (1, 1), (2, 1), (3, 1)], id='page-size-1-no-total'),
    pytest.param(4, 2, True, [(0, 2), (2, 2)], id='divisible-stops-at-total'),
    pytest.param(4, 2, False, [(0, 2), (2, 2), (4, 2)], id='divisible-no-total-reads-an-empty-page'),
    pytest.param(5, 2, True, [(0, 2), (2, 2), (4, 2)], id='last-page-short'),
    pytest.param(5, 2, False, [(0, 2), (2, 2), (4, 2)], id='missing-total-does-not-stop-early'),
    pytest.param(0, 100, True, [(0, 100)], id='empty-list'),
    pytest.param(10, 100, True, [(0, 100)], id='one-page'),
])
def test_paging_reads_every_item_once(client, fake_sdk, count, page_size, send_total, expected_pages):
    fake_sdk.responses[('SoftLayer_Account', 'getTickets')] = paged_list(TEN[:count], send_total=send_total)
    items = client.read_all('SoftLayer_Account', 'getTickets', 'tickets', page_size=page_size)
    assert ids(items) == list(range(1, count + 1))
    assert page_requests(fake_sdk) == expected_pages


def test_limit_smaller_than_a_page_asks_for_just_that_many(client, fake_sdk):
    fake_sdk.responses[('SoftLayer_Account', 'getTickets')] = paged_list(TEN)
    assert ids(client.read_all('SoftLayer_Account', 'getTickets', 'tickets', limit=3, page_size=5)) == [1, 2, 3]
    assert page_requests(fake_sdk) == [(0, 3)]


def test_limit_across_pages_shrinks_the_last_page(client, fake_sdk):
    fake_sdk.responses[('SoftLayer_Account', 'getTickets')] = paged_list(TEN)
    assert ids(client.read_all('SoftLayer_Account', 'getTickets', 'tickets', limit=6, page_size=4)) == [1, 2, 3, 4, 5, 6]
    assert page_requests(fake_sdk) == [(0, 4), (4, 2)]


def test_limit_larger_than_the_list_stops_at_the_end(client, fake_sdk):
    fake_sdk.responses[('SoftLayer_Account', 'getTickets')] = paged_list(TEN[:5], send_total=False)
    assert ids(client.read_all('SoftLayer_Account', 'getTickets', 'tickets', limit=50, page_size=3)) == [1, 2, 3, 4, 5]
    assert page_requests(fake_sdk) == [(0, 3), (3, 3)]


def test_limit_0_reads_nothing(client, fake_sdk):
    assert client.read_all('SoftLayer_Account', 'getTickets', 'tickets', limit=0) == []
    assert fake_sdk.calls == []


def test_iter_pages_is_lazy_and_stops_reading_when_the_caller_stops(client, fake_sdk):
    fake_sdk.responses[('SoftLayer_Account', 'getTickets')] = paged_list(TEN)
    pages = client.iter_pages('SoftLayer_Account', 'getTickets', 'tickets', page_size=2)
    assert fake_sdk.calls == []
    assert [next(pages)['id'], next(pages)['id'], next(pages)['id']] == [1, 2, 3]
    assert page_requests(fake_sdk) == [(0, 2), (2, 2)]


@pytest.mark.parametrize('limit, expected', [(None, list(range(1, 11))), (4, [1, 2, 3, 4])])
def test_api_ignoring_result_limit_is_read_once(client, fake_sdk, limit, expected):
    fake_sdk.responses[('SoftLayer_Account', 'getTickets')] = paged_list(TEN, honour_limit=False)
    assert ids(client.read_all('SoftLayer_Account', 'getTickets', 'tickets', limit=limit, page_size=3)) == expected
    assert len(fake_sdk.calls) == 1


def test_paging_a_method_that_returns_no_list_fails_clearly(client, fake_sdk):
    fake_sdk.responses[('SoftLayer_Account', 'getObject')] = {'id': 1}
    with pytest.raises(ApiFaultError, match=r'^list it failed: SoftLayer_Account::getObject does not return a list$'):
        client.read_all('SoftLayer_Account', 'getObject', None, operation='list it')


def test_page_size_below_1_is_an_input_error(client, fake_sdk):
    with pytest.raises(InvalidInputError) as caught:
        client.read_all('SoftLayer_Account', 'getTickets', 'tickets', page_size=0)
    assert caught.value.option == 'page_size'
    assert fake_sdk.calls == []


@pytest.mark.parametrize('value', [0, MAX_PAGE_SIZE + 1, True, '10', 2.5, None])
def test_check_page_size_names_the_option_and_the_range(value):
    with pytest.raises(InvalidInputError) as caught:
        check_page_size(value, option='page_size')
    assert str(caught.value) == 'page_size must be between 1 and 1000 (a whole number), got %r' % (value,)
    assert caught.value.option == 'page_size'


def test_check_page_size_passes_the_accepted_range_through():
    assert (check_page_size(1), check_page_size(DEFAULT_PAGE_SIZE), check_page_size(MAX_PAGE_SIZE)) == (1, 100, 1000)


def test_paging_passes_mask_and_operation_and_adds_order_at_the_root_key(client, fake_sdk):
    fake_sdk.responses[('SoftLayer_Account', 'getOpenTickets')] = sequence(ListResult([{'id': 1}], 2), XMLRPC_NOT_FOUND)
    caller_filter = {'openTickets': {'title': {'operation': '*= disk'}}}
    with pytest.raises(ApiFaultError) as caught:
        client.read_all('SoftLayer_Account', 'getOpenTickets', 'openTickets', mask='mask[id]',
                        object_filter=caller_filter, page_size=1, operation='list open tickets')
    assert str(caught.value).startswith('list open tickets failed: ')
    first = fake_sdk.calls[0]['kwargs']
    assert first == {'mask': 'mask[id]', 'limit': 1, 'offset': 0,
                     'filter': {'openTickets': {'title': {'operation': '*= disk'}, 'id': ORDER_ASC}}}
    assert fake_sdk.calls[1]['kwargs']['filter'] == first['filter']
    assert caller_filter == {'openTickets': {'title': {'operation': '*= disk'}}}  # not modified


def test_paging_without_order_sends_no_empty_filter(client, fake_sdk):
    fake_sdk.responses[('SoftLayer_Account', 'getTickets')] = paged_list(TEN[:1])
    client.read_all('SoftLayer_Account', 'getTickets', 'tickets', order_by=None)
    assert fake_sdk.calls[0]['kwargs']['filter'] is None


# --------------------------------------------------------------------------- parallel


def test_parallel_returns_results_in_argument_order(client):
    assert client.parallel(lambda: 1, lambda: 2, lambda: 3) == [1, 2, 3]
    assert client.parallel(lambda: 'only') == ['only']
    assert client.parallel() == []


def test_parallel_raises_the_first_failure(client, fake_sdk):
    fake_sdk.responses[('SoftLayer_Ticket', 'getObject')] = XMLRPC_NOT_FOUND
    fake_sdk.responses[('SoftLayer_Account', 'getCurrentUser')] = {'id': 7}
    with pytest.raises(ApiFaultError, match='ObjectNotFound'):
        client.parallel(lambda: client.read('SoftLayer_Account', 'getCurrentUser'),
                        lambda: client.read('SoftLayer_Ticket', 'getObject', id=1))


def test_parallel_runs_at_most_max_parallel_at_once_and_makes_every_call(client, fake_sdk):
    lock = threading.Lock()
    state = {'running': 0, 'peak': 0}

    def answer(*args, **kwargs):
        with lock:
            state['running'] += 1
            state['peak'] = max(state['peak'], state['running'])
        threading.Event().wait(0.01)
        with lock:
            state['running'] -= 1
        return {'ok': True}

    fake_sdk.responses[('SoftLayer_Account', 'getObject')] = answer
    thunks = [lambda: client.read('SoftLayer_Account', 'getObject') for dummy in range(3 * MAX_PARALLEL)]
    assert client.parallel(*thunks) == [{'ok': True}] * (3 * MAX_PARALLEL)
    assert 2 <= state['peak'] <= MAX_PARALLEL
    assert len(fake_sdk.calls) == 3 * MAX_PARALLEL


# -- nulls: '' over XML-RPC, null over REST, None for every caller --------------------------------

def test_empty_string_properties_arrive_as_none_at_every_depth(client, fake_sdk):
    fake_sdk.responses[('SoftLayer_Ticket', 'getObject')] = {
        'id': 1, 'assignedUserId': '', 'modifyDate': '', 'title': 'Disk', 'assignedUser': '',
        'updates': [{'id': 9, 'entry': 'text', 'editor': ''}], 'attachedAdditionalEmails': [],
    }
    raw = client.read('SoftLayer_Ticket', 'getObject', id=1)
    assert raw == {'id': 1, 'assignedUserId': None, 'modifyDate': None, 'title': 'Disk', 'assignedUser': None,
                   'updates': [{'id': 9, 'entry': 'text', 'editor': None}], 'attachedAdditionalEmails': []}


def test_null_conversion_keeps_the_list_total_that_paging_reads(client, fake_sdk):
    items = [{'id': n, 'modifyDate': ''} for n in range(1, 6)]
    fake_sdk.responses[('SoftLayer_Account', 'getTickets')] = paged_list(items)
    found = client.read_all('SoftLayer_Account', 'getTickets', 'tickets', page_size=5)
    assert [t['modifyDate'] for t in found] == [None] * 5
    # A full page whose total says "that was all" ends the paging: one call, not two.
    assert len(fake_sdk.calls) == 1


def test_strings_inside_lists_are_values_not_nulls(client, fake_sdk):
    fake_sdk.responses[('SoftLayer_Ticket_Attachment_File', 'getExtensionWhitelist')] = ['txt', 'log']
    assert client.read('SoftLayer_Ticket_Attachment_File', 'getExtensionWhitelist') == ['txt', 'log']


class CountingOpener:
    """Stands in for connections.py's opener: counts the connections opened early (in their daemon threads)."""

    def __init__(self):
        self.opened = []
        self.done = threading.Semaphore(0)

    def __call__(self):
        self.opened.append(threading.current_thread().daemon)
        self.done.release()

    def wait(self, count):
        return all(self.done.acquire(timeout=5) for dummy in range(count))


def test_parallel_opens_beside_a_batch_the_connections_a_wider_later_batch_lacks(client):
    client.open_connection = opener = CountingOpener()
    client.parallel(lambda: 1, lambda: 2, ahead=4)
    assert opener.wait(2) and opener.opened == [True, True]  # 4 wanted, 2 opened by the batch itself
    assert client.connections == 4
    client.parallel(lambda: 1, lambda: 2, lambda: 3, ahead=4)
    assert not opener.done.acquire(timeout=0.2) and len(opener.opened) == 2  # the session holds enough


def test_parallel_opens_nothing_early_without_an_opener_or_a_wider_batch_to_come(client):
    client.parallel(lambda: 1, lambda: 2, ahead=5)  # no opener: a proxy, or another transport
    assert client.connections == 2
    client.open_connection = opener = CountingOpener()
    assert client.parallel(lambda: 'a', ahead=1) == ['a']
    client.parallel(*[lambda: 0] * (MAX_PARALLEL + 4), ahead=MAX_PARALLEL + 4)
    assert not opener.done.acquire(timeout=0.2) and opener.opened == []
