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

import base64
import configparser
import importlib
import os
import random
import sys
import threading
import time
import traceback
import types
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import unquote, urlsplit

from ansible.module_utils.basic import missing_required_lib

from ansible_collections.softlayer.support.plugins.module_utils.arguments import DEFAULT_TIMEOUT
from ansible_collections.softlayer.support.plugins.module_utils.errors import (
    ApiFaultError,
    InvalidInputError,
    OutcomeUnknownError,
    SoftLayerSupportError,
)

# Start-up cost: the SDK imports rich at its top level (for slcli's console output), which no module run
# uses and which is about a fifth of a module process's start-up. While the SDK is imported, rich.console and
# rich.theme are stand-ins whose Console and Theme import the real rich on first use; then they leave
# sys.modules again, so any later import of rich gets the real one. Skipped when the SDK or rich is loaded
# already (a controller process); any failure imports the SDK the plain way.
_DEFERRED_SDK_IMPORTS = {'rich.console': ('Console',), 'rich.theme': ('Theme',)}


def _deferred(module_name, attribute):
    def build(*args, **kwargs):
        return getattr(importlib.import_module(module_name), attribute)(*args, **kwargs)
    build.__name__ = attribute
    return build


def _drop(stand_ins):
    for name, stand_in in stand_ins.items():
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]


def _import_sdk_without_console():
    stand_ins = {}
    if 'SoftLayer' not in sys.modules:
        for name, attributes in _DEFERRED_SDK_IMPORTS.items():
            if name not in sys.modules:
                stand_in = types.ModuleType(name)
                for attribute in attributes:
                    setattr(stand_in, attribute, _deferred(name, attribute))
                stand_ins[name] = sys.modules[name] = stand_in
    try:
        return importlib.import_module('SoftLayer')
    except Exception:  # pylint: disable=broad-except
        if not stand_ins:
            raise
        # Perhaps the SDK now uses rich differently: forget the partial import and import it the plain way.
        _drop(stand_ins)
        for name in [name for name in sys.modules if name == 'SoftLayer' or name.startswith('SoftLayer.')]:
            del sys.modules[name]
        return importlib.import_module('SoftLayer')
    finally:
        _drop(stand_ins)


try:
    SoftLayer = _import_sdk_without_console()
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
# At most this many calls run at once in parallel(): well under the API's 50 requests per second.
MAX_PARALLEL = 8
# Longer SDK error texts (an HTML error page, say) are cut to this many characters.
MAX_DETAIL_LENGTH = 1000
REDACTED = '********'
SDK_PIP_REQUIREMENT = 'SoftLayer>=6.1.4'

# Faults a user can act on, with what to do next.
FAULT_HINTS = {
    'SoftLayer_Exception_InvalidLegacyToken': (
        'authentication failed: check username and api_key (module options, SL_USERNAME / SL_API_KEY, '
        'or the [softlayer] section of ~/.softlayer)'),
    'SoftLayer_Exception_ObjectNotFound': 'no such object on this account',
    'SoftLayer_Exception_AccessDenied': (
        "access denied: the API user needs the portal permissions 'View Tickets' and 'Add / Edit Tickets'"),
    RATE_LIMIT_FAULT: 'the API rate limit (50 requests per second) was still exceeded after retrying; run with fewer forks',
    # An HTTP 404 instead of an XML-RPC answer (REST's 404 maps to ObjectNotFound below).
    404: 'endpoint_url does not point at the SoftLayer API: it should end in /xmlrpc/v3.1/ or /rest/v3.1/',
}
# The REST transport reports the HTTP status instead of the exception name.
HTTP_STATUS_FAULTS = {401: 'SoftLayer_Exception_InvalidLegacyToken', 404: 'SoftLayer_Exception_ObjectNotFound'}
# An HTTP error instead of an XML-RPC answer says nothing about objects, only (401) about credentials.
TRANSPORT_STATUS_FAULTS = {401: 'SoftLayer_Exception_InvalidLegacyToken'}
# HTTP statuses that refuse a request before it is handled (too many requests).
HTTP_STATUS_UNAPPLIED = (429,)
# HTTP statuses of a gateway in front of the REST API: the API itself may or may not have handled the call.
HTTP_STATUS_GATEWAY = (502, 503, 504)

# A run that needed this many retries warns (see SoftLayerClient.retry_report).
RETRY_WARN_THRESHOLD = 3

_RANDOM = random.SystemRandom()


def missing_sdk_message():
    """Ansible's missing-library message for the SDK, with the pip command that fixes it."""
    return '%s Install it with: pip install "%s"' % (
        missing_required_lib('SoftLayer', url='https://pypi.org/project/SoftLayer/'), SDK_PIP_REQUIREMENT)


class RetryPolicy:
    """How hard a safe call is retried.

    At most ``retries`` retries, each after an exponential delay (``delay_base``,
    twice that, ... capped at ``delay_threshold`` seconds) with jitter, and no
    retry whose delay would end more than ``total_seconds`` after the policy
    started (the first attempt).

    Why not ``ansible.module_utils.api``'s helpers: ``generate_jittered_backoff``
    draws whole seconds from zero, so a retry after a rate-limit refusal often
    comes back at once, and ``retry_with_delays_and_condition`` checks the budget
    before an attempt instead of before the sleep, so it cannot bound total time.
    """

    def __init__(self, retries=4, delay_base=1, delay_threshold=8, total_seconds=30):
        self.retries = retries
        self.delay_base = delay_base
        self.delay_threshold = delay_threshold
        self.total_seconds = total_seconds

    def backoff(self):
        """The delay before each retry: half the exponential cap plus a random part of the other half.

        The fixed half keeps a rate-limited retry from coming back at once;
        the random half spreads parallel tasks apart.
        """
        for retry in range(self.retries):
            cap = min(self.delay_threshold, self.delay_base * 2 ** retry)
            yield cap / 2.0 + _RANDOM.uniform(0, cap / 2.0)

    def delays(self):
        """Delays in seconds, stopping early once the next sleep would overrun the budget.

        The budget starts now, when this is called, not when the first delay is asked for.
        """
        return self._delays_until(time.monotonic() + self.total_seconds)

    def _delays_until(self, deadline):
        for delay in self.backoff():
            if time.monotonic() + delay > deadline:
                return
            yield delay

    def run(self, function, should_retry, on_retry=None):
        """Call ``function()`` until it returns, fails with an error ``should_retry`` refuses, or the policy is spent.

        ``on_retry(error)`` is called before each retry's sleep. The last error is raised unchanged.
        """
        delays = self.delays()
        while True:
            try:
                return function()
            except Exception as error:
                if not should_retry(error):
                    raise
                # Asked only now, so the time check sees how long the attempt took.
                delay = next(delays, None)
                if delay is None:
                    raise
                if on_retry is not None:
                    on_retry(error)
            time.sleep(delay)


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


def _is_transport_error(error):
    return HAS_SOFTLAYER and isinstance(error, sl_exceptions.TransportError)


def _response_lost(error):
    """True when the request may have reached the API but no answer came back.

    That is a connection failure or timeout (status 0), an HTTP 5xx instead of an
    XML-RPC answer, or a gateway error in front of the REST API.
    """
    if not HAS_SOFTLAYER or is_unapplied(error):
        return False
    status = _numeric(getattr(error, 'faultCode', None))
    if status is None:
        return False
    if _is_transport_error(error):
        return status == 0 or status >= 500
    if isinstance(error, sl_exceptions.SoftLayerAPIError):
        return status in HTTP_STATUS_GATEWAY
    return False


def is_transient(error):
    """True for failures worth retrying on a call that is safe to repeat."""
    return is_unapplied(error) or _response_lost(error)


def is_unapplied(error):
    """True when the API certainly refused the request before doing anything with it."""
    code = fault_code_of(error)
    return code == RATE_LIMIT_FAULT or code in HTTP_STATUS_UNAPPLIED


class SoftLayerClient:
    """Every module's API access goes through one instance of this class."""

    def __init__(self, sdk_client, secrets=(), retry_policy=None, timeout=None):
        self.sdk = sdk_client
        self.secrets = sorted({s for s in secrets if s}, key=len, reverse=True)
        self.retry_policy = retry_policy or RetryPolicy()
        self.timeout = timeout
        self.calls = 0
        # Retries this client needed, and how many of them followed a rate-limit refusal.
        self.retries = 0
        self.rate_limited = 0
        self._lock = threading.Lock()

    # -- construction -----------------------------------------------------
    @classmethod
    def from_module(cls, module):
        """Build a client from a module's connection options, or fail the module clearly."""
        if not HAS_SOFTLAYER:
            module.fail_json(msg=missing_sdk_message(), exception=SOFTLAYER_IMPORT_ERROR)
        return cls.from_params(module.params)

    @classmethod
    def from_params(cls, params):
        """Build a client from connection options (a module's ``params`` or a plain dict)."""
        if not HAS_SOFTLAYER:
            raise SoftLayerSupportError(missing_sdk_message())
        timeout = params.get('timeout')
        if timeout is not None and _positive(timeout) is None:
            raise InvalidInputError('timeout must be a positive number of seconds, not %r' % (timeout,),
                                    option='timeout')
        config_file = params.get('config_file')
        if config_file and not os.path.isfile(os.path.expanduser(config_file)):
            raise InvalidInputError('config_file %s does not exist or is not a file' % config_file, option='config_file')
        try:
            settings = resolve_settings(params)
        except (ValueError, configparser.Error) as error:
            raise InvalidInputError('the SoftLayer config file cannot be read: %s' % error, option='config_file') from None
        check_endpoint_url(settings['endpoint_url'])
        if not settings['username'] or not settings['api_key']:
            raise SoftLayerSupportError(
                'no SoftLayer credentials: set the username and api_key options, the SL_USERNAME and SL_API_KEY '
                'environment variables, or the [softlayer] section of ~/.softlayer')
        if _positive(settings['timeout']) is None:
            raise InvalidInputError('timeout in the SoftLayer config file must be a positive number of seconds',
                                    option='timeout')
        sdk_client = SoftLayer.create_client_from_env(
            username=settings['username'],
            api_key=settings['api_key'],
            endpoint_url=settings['endpoint_url'] or None,
            timeout=settings['timeout'],
            proxy=settings['proxy'] or None,
            config_file=params.get('config_file'),
            verify=settings['verify'],
        )
        return cls(sdk_client, secrets=secret_forms(settings), timeout=settings['timeout'])

    # -- calls ------------------------------------------------------------
    def read(self, service, method, *args, **kwargs):
        """A call that changes nothing: retried on transient failures within the retry policy.

        ``operation`` (keyword) names the call in error messages; every other
        argument goes to the SDK's ``call`` unchanged.
        """
        operation = kwargs.pop('operation', None)
        return self._run(service, method, args, kwargs, operation, is_transient, write=False)

    def write(self, service, method, *args, **kwargs):
        """A call that changes state: never repeated blindly.

        Only a rate-limit refusal, which the API gives before doing anything, is
        retried. Any failure after the request may have reached the server raises
        OutcomeUnknownError so the caller can look whether the write landed.
        """
        operation = kwargs.pop('operation', None)
        return self._run(service, method, args, kwargs, operation, is_unapplied, write=True)

    def read_all(self, service, method, root, mask=None, object_filter=None, limit=None,
                 page_size=DEFAULT_PAGE_SIZE, order_by='id', **kwargs):
        """Read a whole list in ordered pages; ``limit`` stops early. Returns a list."""
        return list(self.iter_pages(service, method, root, mask=mask, object_filter=object_filter,
                                    limit=limit, page_size=page_size, order_by=order_by, **kwargs))

    def iter_pages(self, service, method, root, mask=None, object_filter=None, limit=None,
                   page_size=DEFAULT_PAGE_SIZE, order_by='id', **kwargs):
        """Yield the items of a list, one ``resultLimit`` page per call.

        ``root`` is the filter's first key (``openTickets`` for Account::getOpenTickets;
        ``None`` when the filter's keys are the called type's own properties).
        Without an explicit order SoftLayer's pages may overlap or skip rows, so an
        ``orderBy`` on ``order_by`` is added unless the filter already sorts.
        Paging stops at a short page, at the API's total count, or at ``limit`` items.
        """
        if page_size < 1:
            raise InvalidInputError('page_size must be at least 1, not %r' % (page_size,), option='page_size')
        object_filter = with_order(object_filter, root, order_by) or None
        offset = 0
        while limit is None or offset < limit:
            wanted = page_size if limit is None else min(page_size, limit - offset)
            page = self.read(service, method, mask=mask, filter=object_filter, limit=wanted, offset=offset, **kwargs)
            if page is None:
                return
            if not isinstance(page, list):
                operation = kwargs.get('operation') or '%s::%s' % (service, method)
                raise ApiFaultError('%s failed: %s::%s does not return a list' % (operation, service, method),
                                    operation=operation)
            if len(page) > wanted:
                # The API ignored resultLimit and sent the whole list: asking again would repeat it.
                yield from page[:None if limit is None else limit - offset]
                return
            yield from page
            offset += len(page)
            # The SDK reports a total of 0 when the SoftLayer-Total-Items header is missing.
            total = getattr(page, 'total_count', None)
            if len(page) < wanted or (total and offset >= total):
                return

    def parallel(self, *thunks):
        """Run independent reads at once (they only wait on the network) and return their results in order.

        At most MAX_PARALLEL run at the same time; the first failure (in argument order) is raised.
        """
        if len(thunks) < 2:
            return [thunk() for thunk in thunks]
        with ThreadPoolExecutor(max_workers=min(len(thunks), MAX_PARALLEL)) as pool:
            futures = [pool.submit(thunk) for thunk in thunks]
            return [future.result() for future in futures]

    # -- internals --------------------------------------------------------
    def _call(self, service, method, args, kwargs):
        with self._lock:
            self.calls += 1
        return nulls_as_none(self.sdk.call(service, method, *args, **kwargs))

    def _count_retry(self, error):
        with self._lock:
            self.retries += 1
            if is_unapplied(error):
                self.rate_limited += 1

    def _run(self, service, method, args, kwargs, operation, should_retry, write):
        operation = operation or '%s::%s' % (service, method)
        try:
            return self.retry_policy.run(lambda: self._call(service, method, args, kwargs), should_retry,
                                         on_retry=self._count_retry)
        except SoftLayerSupportError:
            raise
        except Exception as error:
            raise self.translate(error, operation, write) from None

    def translate(self, error, operation, write=False):
        """One clear, secret-free error for any SDK exception.

        A write that may have reached the API without an answer (connection lost,
        timeout, HTTP 5xx, or an exception that is not an API answer at all)
        becomes OutcomeUnknownError; everything else ApiFaultError.
        """
        code = fault_code_of(error)
        from_sdk = HAS_SOFTLAYER and isinstance(error, sl_exceptions.SoftLayerError)
        if from_sdk:
            text = getattr(error, 'faultString', None) or str(error) or error.__class__.__name__
            lost = _response_lost(error)
        else:
            text = '%s: %s' % (error.__class__.__name__, error) if str(error) else error.__class__.__name__
            lost = True
        text = self.redact(str(text))
        if len(text) > MAX_DETAIL_LENGTH:
            text = text[:MAX_DETAIL_LENGTH] + '...'
        if lost and code == 0:
            detail = 'could not get an answer from the API (connection failed or no reply within %s s): %s' % (
                _seconds(self.timeout), text)
        else:
            detail = text
            hint = FAULT_HINTS.get(code)
            if hint:
                detail = '%s (%s)' % (detail, hint)
        if write and lost:
            detail += '; the change may or may not have been applied'
        message = '%s failed: %s' % (operation, detail)
        if code is not None:
            message += ' [%s]' % (code,)
        message = self.redact(message)
        if write and lost:
            return OutcomeUnknownError(message, fault_code=code, operation=operation)
        return ApiFaultError(message, fault_code=code, operation=operation)

    def retry_report(self, warn=None):
        """The ``retries`` a module returns; past RETRY_WARN_THRESHOLD also a warning through ``warn``."""
        if warn is not None and self.retries >= RETRY_WARN_THRESHOLD:
            warn('%d API calls had to be retried (%d after a rate-limit refusal). The API allows 50 requests per '
                 'second per user, shared by every fork and controller using the account: if this recurs, run '
                 'with fewer forks or spread the runs out.' % (self.retries, self.rate_limited))
        return {'retries': self.retries}

    def redact(self, text):
        """``text`` with every secret of this client replaced by REDACTED."""
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return text


def run_module(module, work):
    """Every module's run: build the client, ``work(client)``, then exit with its result and ``retries``.

    A SoftLayerSupportError fails the module with its message and details; ``retries``
    (and the warning past the threshold) is part of every result, failed or not.
    """
    client = None
    try:
        client = SoftLayerClient.from_module(module)
        result = work(client)
    except SoftLayerSupportError as error:
        report = client.retry_report(module.warn) if client is not None else {'retries': 0}
        module.fail_json(msg=str(error), **dict(report, **error.details()))
    module.exit_json(**dict(result, **client.retry_report(module.warn)))


def nulls_as_none(value):
    """One shape for both transports: the API sends a null property as '' over XML-RPC (null over REST).

    Every '' property becomes None, so no check downstream can take an absent value
    for a value. Lists are changed in place to keep the SDK's list type (and its
    total count, which paging reads).
    """
    if isinstance(value, dict):
        return {key: None if item == '' else nulls_as_none(item) for key, item in value.items()}
    if isinstance(value, list):
        value[:] = [nulls_as_none(item) for item in value]
    return value


def _positive(value):
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def _seconds(value):
    number = _positive(value)
    if number is None:
        return value
    return int(number) if number == int(number) else number


def secret_forms(settings):
    """Every form in which the resolved credentials could show up in an error text."""
    forms = []
    api_key = settings.get('api_key')
    if api_key:
        forms.append(api_key)
        credentials = '%s:%s' % (settings.get('username') or '', api_key)
        forms.append(base64.b64encode(credentials.encode('utf-8')).decode('ascii'))
    proxy = settings.get('proxy')
    if proxy:
        try:
            password = urlsplit(proxy).password
        except ValueError:
            password = None
        if password:
            forms.extend([password, unquote(password)])
    return [f for f in forms if f]


def with_order(object_filter, root, order_by):
    """Return a copy of ``object_filter`` that sorts ``root`` items, unless it sorts already.

    ``root`` is the relational property the filter starts with (``tickets``), or
    ``None`` when the filter's keys are the called type's own properties.
    """
    object_filter = dict(object_filter or {})
    branch = dict((object_filter.get(root) if root else object_filter) or {})
    if not order_by or _sorts(branch):
        return object_filter
    if order_by in branch:
        # SoftLayer cannot sort and search on one property; sort by creation instead.
        order_by = 'createDate' if order_by != 'createDate' else None
        if order_by is None or order_by in branch:
            return object_filter
    branch[order_by] = {'operation': 'orderBy', 'options': [{'name': 'sort', 'value': ['ASC']}]}
    if not root:
        return branch
    object_filter[root] = branch
    return object_filter


def _sorts(branch):
    for value in branch.values():
        if isinstance(value, dict):
            if value.get('operation') == 'orderBy' or _sorts(value):
                return True
    return False


def check_endpoint_url(url):
    """Refuse an endpoint that cannot be an API URL, naming the option (a typo otherwise fails obscurely)."""
    if not url:
        return
    parts = urlsplit(url)
    if parts.scheme not in ('http', 'https') or not parts.netloc:
        raise InvalidInputError(
            'endpoint_url %r is not an http(s) URL; use for example https://api.softlayer.com/xmlrpc/v3.1/ '
            'or https://api.softlayer.com/rest/v3.1/' % (url,), option='endpoint_url')


def resolve_settings(params):
    """Connection settings by the SDK's own precedence: options, then environment, then config file.

    ``endpoint_url`` falls back to SL_ENDPOINT_URL (as the modules' argument spec
    does) before the config file. The SDK has no timeout by default (a hung call
    would hang the play), so 60 s applies unless an option or the config file
    says otherwise. ``validate_certs`` falls back to ``verify`` in the config file.
    """
    settings = sl_config.get_client_settings(
        username=params.get('username'),
        api_key=params.get('api_key'),
        endpoint_url=params.get('endpoint_url') or os.environ.get('SL_ENDPOINT_URL'),
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
