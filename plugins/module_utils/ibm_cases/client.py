# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one wrapper over IBM's Case Management SDK: reads retried, writes sent once, every failure one error type.

Why not the SDK's ``enable_retries()``: its urllib3 ``Retry`` resends POST on 429, 5xx and lost answers,
so a ``create_case`` stored before its answer was lost makes a second case (tests/emulator/CASES.md).
Here a read is retried under the collection's RetryPolicy; a write is sent once, a lost answer (5xx,
timeout, dropped connection) raises OutcomeUnknownError, and the writer looks for the write before
it sends again. A refused token request is never retried: the SDK core then blocks every token
request for up to 60 seconds.
"""

from __future__ import annotations

import traceback

from ansible_collections.softlayer.support.plugins.module_utils.api.errors import (
    ApiFaultError,
    OutcomeUnknownError,
    SoftLayerSupportError,
)
from ansible_collections.softlayer.support.plugins.module_utils.api.retries import RetryPolicy

try:
    import requests
    from ibm_cloud_sdk_core import ApiException
    from ibm_cloud_sdk_core.authenticators import IAMAuthenticator
    from ibm_platform_services.case_management_v1 import CaseManagementV1
    HAS_IBM_SDK = True
    IBM_SDK_IMPORT_ERROR = None
except ImportError:
    HAS_IBM_SDK = False
    IBM_SDK_IMPORT_ERROR = traceback.format_exc()

IBM_SDK_PIP_REQUIREMENTS = ('ibm-platform-services>=0.77.1', 'ibm-cloud-sdk-core>=3.28.0')
TOKEN_PATH = '/identity/token'
# Answers that mean the request was not applied and may be sent again (reads also on 5xx and lost answers).
REFUSED_FOR_NOW = (429,)


def missing_ibm_sdk_message():
    return ('the IBM Cloud SDK is required for the case modules: pip install %s' % ' '.join(
        "'%s'" % requirement for requirement in IBM_SDK_PIP_REQUIREMENTS))


def _is_iam(error):
    response = getattr(error, 'http_response', None)
    return response is not None and TOKEN_PATH in (getattr(response, 'url', '') or '')


def _status(error):
    """The HTTP status of an SDK failure; 0 when no answer came (timeout, dropped connection)."""
    return error.status_code if isinstance(error, ApiException) else 0


def _lost(error):
    return isinstance(error, (requests.exceptions.ConnectionError, requests.exceptions.Timeout))


class CaseClient:
    """IBM's CaseManagementV1 with the collection's rules for retries and errors."""

    def __init__(self, service, retry_policy=None):
        self.service = service
        self.retry_policy = retry_policy or RetryPolicy()
        self.retries = 0
        self.rate_limited = 0

    @classmethod
    def from_params(cls, params, retry_policy=None):
        if not HAS_IBM_SDK:
            raise SoftLayerSupportError(missing_ibm_sdk_message())
        api_key = params.get('ibmcloud_api_key')
        if not api_key:
            raise SoftLayerSupportError('no IBM Cloud API key: set option ibmcloud_api_key or the environment '
                                        'variable IC_API_KEY or IBMCLOUD_API_KEY')
        verify = params.get('ibm_validate_certs', True) is not False
        authenticator = IAMAuthenticator(api_key, url=params['iam_url'], disable_ssl_verification=not verify)
        service = CaseManagementV1(authenticator=authenticator)
        service.set_service_url(params['case_management_url'])
        service.set_disable_ssl_verification(not verify)
        timeout = params.get('ibm_timeout') or 60
        service.set_http_config({'timeout': timeout})
        # The token request takes the same bound (the token manager reads its http_config for every request).
        authenticator.token_manager.http_config = {'timeout': timeout}
        return cls(service, retry_policy=retry_policy)

    @property
    def service_url(self):
        return self.service.service_url

    def read(self, operation, call):
        """``call(service)``'s result, retried on 429, 5xx and lost answers; never after IAM refused the key."""
        def should_retry(error):
            if _is_iam(error):
                return False
            return _lost(error) or (isinstance(error, ApiException) and (error.status_code in REFUSED_FOR_NOW or error.status_code >= 500))
        return self._run(operation, call, should_retry)

    def write(self, operation, call):
        """``call(service)``'s result, sent again only after a 429 (refused, so not applied)."""
        def should_retry(error):
            return isinstance(error, ApiException) and error.status_code in REFUSED_FOR_NOW and not _is_iam(error)
        return self._run(operation, call, should_retry, write=True)

    def _run(self, operation, call, should_retry, write=False):
        def on_retry(error):
            self.retries += 1
            self.rate_limited += _status(error) == 429
        try:
            return self.retry_policy.run(lambda: call(self.service).get_result(), should_retry, on_retry)
        except Exception as error:  # pylint: disable=broad-except
            raise _error(operation, error, write) from None


def _error(operation, error, write):
    if HAS_IBM_SDK and _is_iam(error):
        return ApiFaultError('IAM refused the IBM Cloud API key (%s %s): check ibmcloud_api_key and iam_url' % (
            _status(error), error.message), fault_code=_status(error), operation=operation)
    if HAS_IBM_SDK and isinstance(error, ApiException):
        text = 'failed to %s: HTTP %s: %s' % (operation, error.status_code, error.message)
        if error.status_code == 403:
            text += ' (the API key needs a Support Center role: Editor to open and change cases, Viewer to read them)'
        if write and error.status_code >= 500:
            return OutcomeUnknownError(text + '; the change may have been made', fault_code=error.status_code, operation=operation)
        return ApiFaultError(text, fault_code=error.status_code, operation=operation)
    if HAS_IBM_SDK and _lost(error):
        text = 'failed to %s: no answer (%s)' % (operation, type(error).__name__)
        if write:
            return OutcomeUnknownError(text + '; the change may have been made', fault_code=0, operation=operation)
        return ApiFaultError(text, fault_code=0, operation=operation)
    if isinstance(error, SoftLayerSupportError):
        return error
    return ApiFaultError('failed to %s: %s' % (operation, error), operation=operation)
