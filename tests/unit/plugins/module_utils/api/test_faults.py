# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What an SDK error means, by transport: its fault name, and whether the call may be repeated or may have run."""

from __future__ import annotations

import pytest

from SoftLayer import exceptions as sl

from ansible_collections.softlayer.support.plugins.module_utils.api.faults import (
    RATE_LIMIT_FAULT,
    fault_code_of,
    is_sdk_error,
    is_transient,
    is_unapplied,
    response_lost,
)
from ansible_collections.softlayer.support.tests.unit.plugins.sdk_fakes import (
    BAD_GATEWAY,
    CONNECTION_REFUSED,
    HTTP_404,
    HTTP_429,
    HTTP_500,
    INVALID_PARAMETERS,
    RATE_LIMIT_TEXT,
    READ_TIMEOUT,
    REST_GATEWAY,
    REST_INTERNAL,
    REST_NOT_FOUND,
    REST_RATE_LIMIT,
    REST_UNAUTHORIZED,
    XMLRPC_INTERNAL,
    XMLRPC_NOT_FOUND,
    XMLRPC_RATE_LIMIT,
)


@pytest.mark.parametrize('error, code', [
    (XMLRPC_NOT_FOUND, 'SoftLayer_Exception_ObjectNotFound'),
    (REST_NOT_FOUND, 'SoftLayer_Exception_ObjectNotFound'),
    (REST_UNAUTHORIZED, 'SoftLayer_Exception_InvalidLegacyToken'),
    (sl.TransportError(401, '401 Client Error: Unauthorized'), 'SoftLayer_Exception_InvalidLegacyToken'),
    (XMLRPC_RATE_LIMIT, RATE_LIMIT_FAULT),
    (REST_RATE_LIMIT, RATE_LIMIT_FAULT),
    (sl.SoftLayerAPIError('500', RATE_LIMIT_TEXT), RATE_LIMIT_FAULT),
    (REST_INTERNAL, 500),
    (CONNECTION_REFUSED, 0),
    (BAD_GATEWAY, 502),
    (HTTP_404, 404),
    (INVALID_PARAMETERS, '-32602'),
    (XMLRPC_INTERNAL, 'SOAP-ENV:Server'),
    (ValueError('x'), None),
])
def test_fault_code_of(error, code):
    assert fault_code_of(error) == code


@pytest.mark.parametrize('error, transient, unapplied', [
    (CONNECTION_REFUSED, True, False),
    (BAD_GATEWAY, True, False),
    (REST_GATEWAY, True, False),
    (XMLRPC_RATE_LIMIT, True, True),
    (REST_RATE_LIMIT, True, True),
    (HTTP_429, True, True),
    (XMLRPC_NOT_FOUND, False, False),
    (REST_INTERNAL, False, False),
    (HTTP_404, False, False),
    (sl.TransportError('-32300', 'transport error'), False, False),
    (ValueError('x'), False, False),
])
def test_is_transient_and_is_unapplied(error, transient, unapplied):
    assert is_transient(error) is transient
    assert is_unapplied(error) is unapplied


@pytest.mark.parametrize('error, lost', [
    pytest.param(CONNECTION_REFUSED, True, id='no-answer'),
    pytest.param(READ_TIMEOUT, True, id='timeout'),
    pytest.param(HTTP_500, True, id='http-500-instead-of-xmlrpc'),
    pytest.param(REST_GATEWAY, True, id='rest-gateway'),
    pytest.param(XMLRPC_RATE_LIMIT, False, id='refused-by-the-rate-limit'),
    pytest.param(REST_RATE_LIMIT, False, id='rest-refused-by-the-rate-limit'),
    pytest.param(HTTP_429, False, id='http-429'),
    pytest.param(REST_INTERNAL, False, id='rest-fault-answer'),
    pytest.param(sl.SoftLayerAPIError(500, '<html><head><title>500 Internal Server Error</title></head></html>'), True,
                 id='rest-500-error-page-instead-of-json'),
    pytest.param(sl.SoftLayerAPIError(500, 'Empty response.'), True, id='rest-500-without-body'),
    pytest.param(REST_NOT_FOUND, False, id='rest-404'),
    pytest.param(XMLRPC_NOT_FOUND, False, id='xmlrpc-fault-answer'),
    pytest.param(ValueError('x'), False, id='not-from-the-sdk'),
])
def test_response_lost_only_when_the_call_may_have_run_unanswered(error, lost):
    assert response_lost(error) is lost


def test_only_the_sdks_own_exceptions_count_as_sdk_errors():
    assert is_sdk_error(XMLRPC_NOT_FOUND) and is_sdk_error(CONNECTION_REFUSED)
    assert not is_sdk_error(ValueError('garbage'))
