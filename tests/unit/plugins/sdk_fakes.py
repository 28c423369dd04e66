# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the SDK sees and raises, for the client's own transport tests: a scripted SDK, its errors by
transport, and a clean HOME. Every other test answers from the emulated account (emulated_api.py).

Import ``sl_home``, ``fake_sdk`` and ``client`` into a test module to use them as fixtures.
"""

from __future__ import annotations

import pytest

from SoftLayer import exceptions as sl

from ansible_collections.softlayer.support.plugins.module_utils.api.client import SoftLayerClient
from ansible_collections.softlayer.support.plugins.module_utils.api.connection_options import CONNECTION_ARGUMENT_SPEC
from ansible_collections.softlayer.support.plugins.module_utils.api.faults import RATE_LIMIT_FAULT
from ansible_collections.softlayer.support.plugins.module_utils.api.retries import RetryPolicy
from ansible_collections.softlayer.support.tests.unit.conftest import API_KEY

RATE_LIMIT_TEXT = 'Rate limit of 50 requests for every 1 second(s) exceeded.'
NOT_FOUND_TEXT = "Unable to find object with id of '10442942'."

# Errors as the SDK raises them, by transport.
CONNECTION_REFUSED = sl.TransportError(0, 'HTTPSConnectionPool(host=api.softlayer.com, port=443): Connection refused')
READ_TIMEOUT = sl.TransportError(0, 'HTTPSConnectionPool(host=api.softlayer.com, port=443): Read timed out. (read timeout=60)')
BAD_GATEWAY = sl.TransportError(502, '502 Server Error: Bad Gateway for url: https://api.softlayer.com/xmlrpc/v3.1/ :: b""')
HTTP_500 = sl.TransportError(500, '500 Server Error: Internal Server Error :: b""')
XMLRPC_RATE_LIMIT = sl.SoftLayerAPIError(RATE_LIMIT_FAULT, RATE_LIMIT_TEXT)
REST_RATE_LIMIT = sl.SoftLayerAPIError(500, RATE_LIMIT_TEXT)
REST_GATEWAY = sl.SoftLayerAPIError(503, '<html><body>503 Service Unavailable</body></html>')
HTTP_429 = sl.TransportError(429, '429 Client Error: Too Many Requests')
XMLRPC_NOT_FOUND = sl.SoftLayerAPIError('SoftLayer_Exception_ObjectNotFound', NOT_FOUND_TEXT)
REST_NOT_FOUND = sl.SoftLayerAPIError(404, NOT_FOUND_TEXT)
REST_UNAUTHORIZED = sl.SoftLayerAPIError(401, 'Access Denied.')
XMLRPC_BAD_KEY = sl.SoftLayerAPIError('SoftLayer_Exception_InvalidLegacyToken', 'Invalid API token.')
ACCESS_DENIED = sl.SoftLayerAPIError('SoftLayer_Exception_Public', 'Access Denied.')
XMLRPC_INTERNAL = sl.SoftLayerAPIError('SOAP-ENV:Server', 'Internal Error')
REST_INTERNAL = sl.SoftLayerAPIError(500, 'Internal Error')
HTTP_404 = sl.TransportError(404, '404 Client Error: Not Found for url: https://api.softlayer.com/nope/SoftLayer_Ticket')
INVALID_PARAMETERS = sl.InvalidMethodParameters('-32602', 'Invalid method parameters')
CERTIFICATE_UNTRUSTED = sl.TransportError(0, (
    "HTTPSConnectionPool(host='api.softlayer.com', port=443): Max retries exceeded with url: /xmlrpc/v3.1/SoftLayer_Ticket "
    "(Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: "
    "self-signed certificate in certificate chain (_ssl.c:1006)')))"))

RETRIED_ON_READ = [
    pytest.param(CONNECTION_REFUSED, id='connection-refused'),
    pytest.param(READ_TIMEOUT, id='read-timeout'),
    pytest.param(BAD_GATEWAY, id='http-502'),
    pytest.param(HTTP_500, id='http-500'),
    pytest.param(XMLRPC_RATE_LIMIT, id='xmlrpc-rate-limit'),
    pytest.param(REST_RATE_LIMIT, id='rest-rate-limit'),
    pytest.param(REST_GATEWAY, id='rest-gateway-503'),
    pytest.param(HTTP_429, id='http-429'),
]
NEVER_RETRIED = [
    pytest.param(XMLRPC_NOT_FOUND, id='xmlrpc-not-found'),
    pytest.param(REST_NOT_FOUND, id='rest-not-found'),
    pytest.param(REST_UNAUTHORIZED, id='rest-401'),
    pytest.param(XMLRPC_BAD_KEY, id='xmlrpc-bad-key'),
    pytest.param(ACCESS_DENIED, id='access-denied'),
    pytest.param(XMLRPC_INTERNAL, id='xmlrpc-internal-error'),
    pytest.param(REST_INTERNAL, id='rest-internal-error'),
    pytest.param(HTTP_404, id='http-404'),
    pytest.param(INVALID_PARAMETERS, id='xmlrpc-invalid-parameters'),
    pytest.param(CERTIFICATE_UNTRUSTED, id='tls-certificate-untrusted'),
]


@pytest.fixture
def sl_home(monkeypatch, tmp_path):
    """A clean environment: no SL_* variables, HOME (and so ~/.softlayer) under tmp_path."""
    for name in ('SL_USERNAME', 'SL_API_KEY', 'SL_ENDPOINT_URL', 'SL_CA_BUNDLE', 'https_proxy'):
        monkeypatch.delenv(name, raising=False)
    # The SDK sets SSL_CERT_FILE itself when `verify` is a path; make sure it is put back.
    monkeypatch.setenv('SSL_CERT_FILE', 'placeholder')
    monkeypatch.delenv('SSL_CERT_FILE')
    monkeypatch.setenv('HOME', str(tmp_path))
    return tmp_path


def write_config(path, **keys):
    lines = ['[softlayer]'] + ['%s = %s' % item for item in keys.items()]
    path.write_text('\n'.join(lines) + '\n', encoding='utf-8')
    return str(path)


def params(**given):
    """Module params as AnsibleModule hands them over: every connection option present."""
    result = {name: None for name in CONNECTION_ARGUMENT_SPEC}
    result.update(given)
    return result


class FakeClock:
    """A monotonic clock and a sleep that moves it: nothing waits, every sleep is recorded."""

    def __init__(self):
        self.now = 1000.0
        self.slept = []

    def monotonic(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds


class FakeSDK:
    """Stands in for ``SoftLayer.BaseClient``: answers ``call`` from a script of responses.

    ``responses`` maps ``(service, method)`` to a value, an exception, a callable
    answering ``(*args, **kwargs)``, or a ``sequence(...)`` of those consumed one per
    call (the last one repeats); every call is recorded in ``calls``.
    """

    def __init__(self, responses=None):
        self.responses = dict(responses or {})
        self.calls = []

    def call(self, service, method, *args, **kwargs):
        self.calls.append({'service': service, 'method': method, 'args': args, 'kwargs': kwargs})
        key = (service, method)
        if key not in self.responses:
            raise AssertionError('unexpected API call %s::%s' % key)
        answer = self.responses[key]
        if hasattr(answer, 'next_answer'):  # a sequence(), also when a test imported this file as a module
            answer = answer.next_answer()
        if isinstance(answer, BaseException):
            raise answer
        if callable(answer):
            return answer(*args, **kwargs)
        return answer

    def methods_called(self):
        return ['%s::%s' % (c['service'], c['method']) for c in self.calls]


class _Sequence:
    """Answers consumed one per call: ``sequence(error, value)`` fails once, then succeeds."""

    def __init__(self, answers):
        self.answers = list(answers)

    def next_answer(self):
        if len(self.answers) > 1:
            return self.answers.pop(0)
        return self.answers[0]


def sequence(*answers):
    return _Sequence(answers)


class ListResult(list):
    """What the SDK returns for a list: a list with the ``SoftLayer-Total-Items`` header as ``total_count``.

    Like ``SoftLayer.transports.SoftLayerListResult``, a missing header gives a total of 0.
    """

    def __init__(self, items=(), total_count=0):
        super().__init__(items)
        self.total_count = total_count


def paged_list(items, send_total=True, honour_limit=True):
    """An answer for FakeSDK that pages ``items`` by ``limit`` / ``offset`` as the API does.

    ``send_total=False`` drops the total header (the SDK then reports 0);
    ``honour_limit=False`` returns the whole list whatever the page asked for.
    """
    items = list(items)

    def answer(*args, **kwargs):
        offset = kwargs.get('offset') or 0
        limit = kwargs.get('limit')
        chosen = items[offset:offset + limit] if (honour_limit and limit) else items
        return ListResult(chosen, len(items) if send_total else 0)

    return answer


@pytest.fixture
def fake_sdk():
    return FakeSDK()


@pytest.fixture
def client(fake_sdk, no_sleep):
    """A real SoftLayerClient over the fake SDK, with instant retries."""
    return SoftLayerClient(fake_sdk, secrets=[API_KEY], retry_policy=RetryPolicy(retries=3, total_seconds=60,
                                                                                 sleep=no_sleep.append), timeout=60)
