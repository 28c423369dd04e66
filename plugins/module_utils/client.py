# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The collection's single way to talk to SoftLayer: a thin wrapper over the official SDK.

It owns what every module needs and none should repeat: settings resolution
(module options, then SL_USERNAME / SL_API_KEY, then the SDK's config file),
an explicit timeout, bounded jittered retries for calls that are safe to repeat,
the mapping of SDK exceptions to SoftLayerSupportError, and ordered paging.
"""

from __future__ import annotations

import time
import traceback
from concurrent.futures import ThreadPoolExecutor

from ansible.module_utils.api import generate_jittered_backoff, retry_with_delays_and_condition
from ansible.module_utils.basic import missing_required_lib

from ansible_collections.softlayer.support.plugins.module_utils.arguments import DEFAULT_TIMEOUT
from ansible_collections.softlayer.support.plugins.module_utils.errors import (
    ApiFaultError,
    OutcomeUnknownError,
    SoftLayerSupportError,
)

try:
    import SoftLayer
    from SoftLayer import config as sl_config
    from SoftLayer import exceptions as sl_exceptions
except ImportError:
    HAS_SOFTLAYER = False
    SOFTLAYER_IMPORT_ERROR = traceback.format_exc()
else:
    HAS_SOFTLAYER = True
    SOFTLAYER_IMPORT_ERROR = None

RATE_LIMIT_FAULT = 'SoftLayer_Exception_WebService_RateLimitExceeded'
DEFAULT_PAGE_SIZE = 100
REDACTED = '********'

# Faults a user can act on, with what to do next.
FAULT_HINTS = {
    'SoftLayer_Exception_InvalidLegacyToken': (
        'authentication failed: check username and api_key (module options, SL_USERNAME / SL_API_KEY, '
        'or the [softlayer] section of ~/.softlayer)'),
    'SoftLayer_Exception_ObjectNotFound': 'no such object on this account',
    'SoftLayer_Exception_AccessDenied': (
        "access denied: the API user needs the portal permissions 'View Tickets' and 'Add / Edit Tickets'"),
    RATE_LIMIT_FAULT: 'the API rate limit (50 requests per second) was still exceeded after retrying; run with fewer forks',
}
# The REST transport reports the HTTP status instead of the exception name.
HTTP_STATUS_FAULTS = {401: 'SoftLayer_Exception_InvalidLegacyToken', 404: 'SoftLayer_Exception_ObjectNotFound'}


class RetryPolicy:
    """How hard a safe call is retried: a bounded count of full-jitter delays within a total time budget."""

    def __init__(self, retries=4, delay_base=1, delay_threshold=8, total_seconds=30):
        self.retries = retries
        self.delay_base = delay_base
        self.delay_threshold = delay_threshold
        self.total_seconds = total_seconds

    def delays(self):
        """Delays in seconds, stopping early once the next sleep would overrun the budget."""
        deadline = time.monotonic() + self.total_seconds
        for delay in generate_jittered_backoff(self.retries, self.delay_base, self.delay_threshold):
            if time.monotonic() + delay > deadline:
                return
            yield delay


def fault_code_of(error):
    """The SoftLayer exception name for an SDK error, whichever transport raised it."""
    code = getattr(error, 'faultCode', None)
    text = getattr(error, 'faultString', '') or ''
    if isinstance(code, int) or (isinstance(code, str) and code.isdigit()):
        status = int(code)
        if 'Rate limit' in text:
            return RATE_LIMIT_FAULT
        return HTTP_STATUS_FAULTS.get(status, status)
    return code


def is_transient(error):
    """True for failures worth retrying on a call that is safe to repeat."""
    code = fault_code_of(error)
    if code == RATE_LIMIT_FAULT:
        return True
    if HAS_SOFTLAYER and isinstance(error, sl_exceptions.TransportError):
        return code == 0 or (isinstance(code, int) and code >= 500)
    return False


def is_unapplied(error):
    """True when the API certainly refused the request before doing anything with it."""
    return fault_code_of(error) == RATE_LIMIT_FAULT


class SoftLayerClient:
    """Every module's API access goes through one instance of this class."""

    def __init__(self, sdk_client, secrets=(), retry_policy=None, timeout=None):
        self.sdk = sdk_client
        self.secrets = [s for s in secrets if s]
        self.retry_policy = retry_policy or RetryPolicy()
        self.timeout = timeout
        self.calls = 0

    # -- construction -----------------------------------------------------
    @classmethod
    def from_module(cls, module):
        """Build a client from a module's connection options, or fail the module clearly."""
        if not HAS_SOFTLAYER:
            module.fail_json(msg=missing_required_lib('SoftLayer'), exception=SOFTLAYER_IMPORT_ERROR)
        return cls.from_params(module.params)

    @classmethod
    def from_params(cls, params):
        settings = resolve_settings(params)
        if not settings['username'] or not settings['api_key']:
            raise SoftLayerSupportError(
                'no SoftLayer credentials: set the username and api_key options, the SL_USERNAME and SL_API_KEY '
                'environment variables, or the [softlayer] section of ~/.softlayer')
        sdk_client = SoftLayer.create_client_from_env(
            username=settings['username'],
            api_key=settings['api_key'],
            endpoint_url=settings['endpoint_url'] or None,
            timeout=settings['timeout'],
            proxy=settings['proxy'] or None,
            config_file=params.get('config_file'),
            verify=settings['verify'],
        )
        return cls(sdk_client, secrets=[settings['api_key']], timeout=settings['timeout'])

    # -- calls ------------------------------------------------------------
    def read(self, service, method, *args, **kwargs):
        """A call that changes nothing: retried on transient failures within the retry policy."""
        operation = kwargs.pop('operation', None)
        retrying = retry_with_delays_and_condition(self.retry_policy.delays(), should_retry_error=is_transient)
        return self._translated(retrying(self._call), operation, service, method, args, kwargs)

    def write(self, service, method, *args, **kwargs):
        """A call that changes state: never repeated blindly.

        Only a rate-limit refusal, which the API gives before doing anything, is
        retried. Any failure after the request may have reached the server raises
        OutcomeUnknownError so the caller can look whether the write landed.
        """
        operation = kwargs.pop('operation', None)
        retrying = retry_with_delays_and_condition(self.retry_policy.delays(), should_retry_error=is_unapplied)
        return self._translated(retrying(self._call), operation, service, method, args, kwargs, write=True)

    def read_all(self, service, method, root, mask=None, object_filter=None, limit=None,
                 page_size=DEFAULT_PAGE_SIZE, order_by='id', **kwargs):
        """Read a whole list in ordered pages; ``limit`` stops early. Returns a list."""
        return list(self.iter_pages(service, method, root, mask=mask, object_filter=object_filter,
                                    limit=limit, page_size=page_size, order_by=order_by, **kwargs))

    def iter_pages(self, service, method, root, mask=None, object_filter=None, limit=None,
                   page_size=DEFAULT_PAGE_SIZE, order_by='id', **kwargs):
        """Yield the items of a list, one ``resultLimit`` page per call.

        ``root`` is the filter's first key (``openTickets`` for Account::getOpenTickets).
        Without an explicit order SoftLayer's pages may overlap or skip rows, so an
        ``orderBy`` on ``order_by`` is added unless the filter already sorts.
        """
        object_filter = with_order(object_filter, root, order_by)
        offset = 0
        while limit is None or offset < limit:
            wanted = page_size if limit is None else min(page_size, limit - offset)
            page = self.read(service, method, mask=mask, filter=object_filter, limit=wanted, offset=offset, **kwargs)
            for item in page:
                yield item
            offset += len(page)
            total = getattr(page, 'total_count', None)
            if len(page) < wanted or (total is not None and offset >= total):
                return

    def parallel(self, *thunks):
        """Run independent reads at once (they only wait on the network) and return their results in order."""
        if len(thunks) < 2:
            return [thunk() for thunk in thunks]
        with ThreadPoolExecutor(max_workers=len(thunks)) as pool:
            futures = [pool.submit(thunk) for thunk in thunks]
            return [future.result() for future in futures]

    # -- internals --------------------------------------------------------
    def _call(self, service, method, args, kwargs):
        self.calls += 1
        return self.sdk.call(service, method, *args, **kwargs)

    def _translated(self, call, operation, service, method, args, kwargs, write=False):
        operation = operation or '%s::%s' % (service, method)
        try:
            return call(service, method, args, kwargs)
        except SoftLayerSupportError:
            raise
        except Exception as error:  # pylint: disable=broad-except
            raise self.translate(error, operation, write) from None

    def translate(self, error, operation, write=False):
        """One clear, secret-free error for any SDK exception."""
        code = fault_code_of(error)
        text = getattr(error, 'faultString', None) or str(error) or error.__class__.__name__
        lost = HAS_SOFTLAYER and isinstance(error, sl_exceptions.TransportError) and not is_unapplied(error)
        if lost and code == 0:
            detail = 'could not get an answer from the API (connection failed or no reply within %s s): %s' % (
                self.timeout, text)
        else:
            detail = text
            hint = FAULT_HINTS.get(code)
            if hint:
                detail = '%s (%s)' % (detail, hint)
        message = self.redact('%s failed: %s [%s]' % (operation, detail, code))
        if write and lost:
            return OutcomeUnknownError(message, fault_code=code, operation=operation)
        return ApiFaultError(message, fault_code=code, operation=operation)

    def redact(self, text):
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return text


def with_order(object_filter, root, order_by):
    """Return a copy of ``object_filter`` that sorts ``root`` items, unless it sorts already."""
    object_filter = dict(object_filter or {})
    branch = dict(object_filter.get(root) or {})
    if not order_by or _sorts(branch):
        return object_filter
    if order_by in branch:
        # SoftLayer cannot sort and search on one property; sort by creation instead.
        order_by = 'createDate' if order_by != 'createDate' else None
        if order_by is None or order_by in branch:
            return object_filter
    branch[order_by] = {'operation': 'orderBy', 'options': [{'name': 'sort', 'value': ['ASC']}]}
    object_filter[root] = branch
    return object_filter


def _sorts(branch):
    for value in branch.values():
        if isinstance(value, dict):
            if value.get('operation') == 'orderBy' or _sorts(value):
                return True
    return False


def resolve_settings(params):
    """Connection settings by the SDK's own precedence: options, then environment, then config file.

    The SDK has no timeout by default (a hung call would hang the play), so 60 s
    applies unless an option or the config file says otherwise.
    """
    settings = sl_config.get_client_settings(
        username=params.get('username'),
        api_key=params.get('api_key'),
        endpoint_url=params.get('endpoint_url'),
        timeout=params.get('timeout'),
        proxy=params.get('proxy'),
        config_file=params.get('config_file'),
    )
    verify = params.get('validate_certs')
    if verify is None:
        verify = settings.get('verify', True)
    return {
        'username': settings.get('username'),
        'api_key': settings.get('api_key'),
        'endpoint_url': settings.get('endpoint_url'),
        'timeout': settings.get('timeout') or DEFAULT_TIMEOUT,
        'proxy': settings.get('proxy'),
        'verify': True if verify in (None, '') else verify,
    }
