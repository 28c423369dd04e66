# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What an SDK error says, whichever transport raised it: its fault name, and whether the call may have run.

Pure decisions on exceptions: the client uses them to choose what to retry
(``is_transient`` for reads, ``is_unapplied`` for writes) and whether a failed
write's outcome is unknown (``response_lost``).
"""

from __future__ import annotations

from ansible_collections.softlayer.support.plugins.module_utils.api.sdk import HAS_SOFTLAYER, sl_exceptions

RATE_LIMIT_FAULT = 'SoftLayer_Exception_WebService_RateLimitExceeded'
# The REST transport reports the HTTP status instead of the exception name.
HTTP_STATUS_FAULTS = {401: 'SoftLayer_Exception_InvalidLegacyToken', 404: 'SoftLayer_Exception_ObjectNotFound'}
# An HTTP error instead of an XML-RPC answer says nothing about objects, only (401) about credentials.
TRANSPORT_STATUS_FAULTS = {401: 'SoftLayer_Exception_InvalidLegacyToken'}
# HTTP statuses that refuse a request before it is handled (too many requests).
HTTP_STATUS_UNAPPLIED = (429,)
# HTTP statuses of a gateway in front of the REST API: the API itself may or may not have handled the call.
HTTP_STATUS_GATEWAY = (502, 503, 504)
# What the SDK's REST transport passes on instead of the API's JSON fault text when a 5xx body is none.
REST_EMPTY_BODY = 'Empty response.'
# OpenSSL's reason, in the SDK's text, when the endpoint's TLS certificate is not trusted.
CERTIFICATE_UNTRUSTED = 'CERTIFICATE_VERIFY_FAILED'


def _numeric(code):
    if isinstance(code, bool):
        return None
    if isinstance(code, int):
        return code
    if isinstance(code, str) and code.isdigit():
        return int(code)
    return None


def fault_code_of(error):
    """The SoftLayer exception name for an SDK error, whichever transport raised it.

    XML-RPC faults carry the name; the REST transport and HTTP failures carry a
    status (0 for no answer at all), mapped to the name where it is certain.
    """
    code = getattr(error, 'faultCode', None)
    status = _numeric(code)
    if status is None:
        return code
    text = getattr(error, 'faultString', '') or ''
    if 'rate limit' in str(text).lower():
        return RATE_LIMIT_FAULT
    table = TRANSPORT_STATUS_FAULTS if _is_transport_error(error) else HTTP_STATUS_FAULTS
    return table.get(status, status)


def is_sdk_error(error):
    """True for an exception the SDK raised as an API or transport answer (not a bug or a parse failure)."""
    return HAS_SOFTLAYER and isinstance(error, sl_exceptions.SoftLayerError)


def _is_transport_error(error):
    return HAS_SOFTLAYER and isinstance(error, sl_exceptions.TransportError)


def response_lost(error):
    """True when the request may have reached the API but no answer came back.

    That is a connection failure or timeout (status 0), an HTTP 5xx instead of an
    XML-RPC answer, a gateway error in front of the REST API, or a REST 5xx whose body
    is not the API's JSON fault (an HTML error page, or nothing).
    """
    if not HAS_SOFTLAYER or is_unapplied(error) or certificate_untrusted(error):
        return False
    status = _numeric(getattr(error, 'faultCode', None))
    if status is None:
        return False
    if _is_transport_error(error):
        return status == 0 or status >= 500
    if isinstance(error, sl_exceptions.SoftLayerAPIError):
        return status in HTTP_STATUS_GATEWAY or (status >= 500 and not _rest_fault_answer(error))
    return False


def _rest_fault_answer(error):
    """False for a REST 5xx the API did not write: its faults are JSON, of which the SDK keeps the text.

    A body the SDK cannot read as JSON reaches us whole: an error page of a server in front of the API.
    """
    text = str(getattr(error, 'faultString', '') or '').strip()
    return bool(text) and text != REST_EMPTY_BODY and not text.startswith('<')


def certificate_untrusted(error):
    """True when the TLS handshake refused the endpoint's certificate: nothing was sent, and no retry can help."""
    return _is_transport_error(error) and CERTIFICATE_UNTRUSTED in str(getattr(error, 'faultString', '') or '')


def is_transient(error):
    """True for failures worth retrying on a call that is safe to repeat."""
    return is_unapplied(error) or response_lost(error)


def is_unapplied(error):
    """True when the API certainly refused the request before doing anything with it."""
    code = fault_code_of(error)
    return code == RATE_LIMIT_FAULT or code in HTTP_STATUS_UNAPPLIED
