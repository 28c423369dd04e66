# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The collection's single way to talk to SoftLayer: a thin wrapper over the official SDK.

It owns what every API access needs and none should repeat: the transport built
from the resolved settings (settings.py), retries by the retry policy (retries.py)
on the failures that allow them (faults.py), the translation of SDK exceptions to
the collection's errors (errors.py) without secrets, ordered paging, and parallel reads.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.softlayer.support.plugins.module_utils.api.connections import connection_opener
from ansible_collections.softlayer.support.plugins.module_utils.api.errors import (
    ApiFaultError,
    InvalidInputError,
    OutcomeUnknownError,
    SoftLayerSupportError,
)
from ansible_collections.softlayer.support.plugins.module_utils.api.faults import (
    RATE_LIMIT_FAULT,
    certificate_untrusted,
    fault_code_of,
    is_sdk_error,
    is_transient,
    is_unapplied,
    response_lost,
)
from ansible_collections.softlayer.support.plugins.module_utils.api.object_filter import with_order
from ansible_collections.softlayer.support.plugins.module_utils.api.retries import RetryPolicy
from ansible_collections.softlayer.support.plugins.module_utils.api.sdk import HAS_SOFTLAYER, HTTPAdapter, SoftLayer, missing_sdk_message
from ansible_collections.softlayer.support.plugins.module_utils.api.settings import connection_settings, secret_forms

# Items per list call. 100 is what the SDK and slcli page by: small enough that a page with attached
# devices (and updates, on request) never runs into the API's "Internal Error" on large results,
# large enough that 500 hosts' open tickets take a few calls. Every page_size option takes 1 to MAX_PAGE_SIZE.
DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
# At most this many calls run at once in parallel(): well under the API's 50 requests per second.
MAX_PARALLEL = 8
# Longer SDK error texts (an HTML error page, say) are cut to this many characters.
MAX_DETAIL_LENGTH = 1000
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
    # An HTTP 404 instead of an XML-RPC answer (REST's 404 maps to ObjectNotFound).
    404: 'endpoint_url does not point at the SoftLayer API: it should end in /xmlrpc/v3.1/ or /rest/v3.1/',
}
CERTIFICATE_HINT = ("the endpoint's TLS certificate is not trusted: behind a proxy that inspects TLS, set ca_bundle "
                    "(or SL_CA_BUNDLE) to a PEM file with the proxy's CA")


class SoftLayerClient:
    """Every module's API access goes through one instance of this class."""

    def __init__(self, sdk_client, secrets=(), retry_policy=None, timeout=None, account=None, build_opener=None):
        self.sdk = sdk_client
        # Whose calls these are, as (API user, endpoint) after every fallback: what a run may remember is per account.
        self.account = account
        self.secrets = sorted({s for s in secrets if s}, key=len, reverse=True)
        self.retry_policy = retry_policy or RetryPolicy()
        self.timeout = timeout
        # Retries this client needed, and how many of them followed a rate-limit refusal.
        self.retries = 0
        self.rate_limited = 0
        self._lock = threading.Lock()
        # Connections the SDK's session holds, as far as this client knows (its widest batch, plus those
        # opened early); ``open_connection`` opens one more, or is None (connections.py).
        self.connections = 0
        self._open_connection = None
        # What builds ``open_connection`` on first use: a run that never opens a connection early (most
        # runs of most modules) does not pay for finding the SDK's connection pool at start-up.
        self._build_opener = build_opener

    # -- construction -----------------------------------------------------
    @classmethod
    def from_params(cls, params):
        """Build a client from connection options (a module's ``params`` or a plain dict)."""
        if not HAS_SOFTLAYER:
            raise SoftLayerSupportError(missing_sdk_message())
        settings = connection_settings(params)
        sdk_client = SoftLayer.create_client_from_env(
            username=settings['username'],
            api_key=settings['api_key'],
            endpoint_url=settings['endpoint_url'] or None,
            timeout=settings['timeout'],
            proxy=settings['proxy'] or None,
            config_file=params.get('config_file'),
            verify=settings['verify'],
        )
        without_sdk_retries(sdk_client)
        return cls(sdk_client, secrets=secret_forms(settings), timeout=settings['timeout'],
                   account=(settings['username'] or '', settings['endpoint_url'] or ''),
                   build_opener=lambda: connection_opener(sdk_client, timeout=settings['timeout']))

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
        check_page_size(page_size)
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

    def parallel(self, *thunks, ahead=0):
        """Run independent reads at once (they only wait on the network) and return their results in order.

        At most MAX_PARALLEL run at the same time; the first failure (in argument order) is raised.
        ``ahead`` is the widest batch the caller may make later: the connections it would lack are
        opened now, beside these calls, and nothing waits for them (connections.py says why).
        """
        self.connections = max(self.connections, min(len(thunks), MAX_PARALLEL))
        self.open_ahead(min(ahead, MAX_PARALLEL) - self.connections)
        if len(thunks) < 2:
            return [thunk() for thunk in thunks]
        with ThreadPoolExecutor(max_workers=min(len(thunks), MAX_PARALLEL)) as pool:
            futures = [pool.submit(thunk) for thunk in thunks]
            return [future.result() for future in futures]

    @property
    def open_connection(self):
        if self._build_opener is not None:
            self._open_connection, self._build_opener = self._build_opener(), None
        return self._open_connection

    @open_connection.setter
    def open_connection(self, opener):
        self._open_connection, self._build_opener = opener, None

    def open_ahead(self, count):
        """Open ``count`` more connections in daemon threads: a run never waits on a handshake it may not need."""
        if count < 1 or self.open_connection is None:
            return
        for dummy in range(count):
            threading.Thread(target=self.open_connection, daemon=True).start()
        self.connections += count

    # -- internals --------------------------------------------------------
    def _call(self, service, method, args, kwargs):
        return nulls_as_none(self.sdk.call(service, method, *args, **kwargs))

    def _count_retry(self, error):
        with self._lock:
            self.retries += 1
            if is_unapplied(error):
                self.rate_limited += 1

    def _run(self, service, method, args, kwargs, operation, should_retry, write):
        operation = operation or '%s::%s' % (service, method)
        self.connections = max(self.connections, 1)
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
        if is_sdk_error(error):
            text = getattr(error, 'faultString', None) or str(error) or error.__class__.__name__
            lost = response_lost(error)
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
            hint = CERTIFICATE_HINT if certificate_untrusted(error) else FAULT_HINTS.get(code)
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

    def redact(self, text):
        """``text`` with every secret of this client replaced by REDACTED."""
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return text


def check_page_size(value, option='page_size'):
    """``value`` when it is a whole number from 1 to MAX_PAGE_SIZE, else InvalidInputError naming ``option``."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_PAGE_SIZE:
        raise InvalidInputError('%s must be between 1 and %d (a whole number), got %r' % (option, MAX_PAGE_SIZE, value),
                                option=option)
    return value


def without_sdk_retries(sdk_client):
    """Take the SDK's own retries out of ``sdk_client``'s HTTP session: the retry policy is the only one.

    The SDK mounts a urllib3 ``Retry(total=3, connect=1, backoff_factor=1)`` on https:// only. Beneath the
    policy it resent a REST read (a GET) that timed out up to 3 more times per attempt, with its own
    sleeps (a hung read with timeout 2 took 8 sends and 29 s while ``retries`` said 1; with timeout 60,
    minutes), and it is absent over http, so tests against a local endpoint never saw it. Without it
    every resend is the policy's: within its time budget, and counted in ``retries``.
    """
    transport = getattr(sdk_client, 'transport', None)
    transport = getattr(transport, 'transport', transport)  # the transport inside the SDK's debug/timing wrappers
    session = getattr(transport, 'client', None)  # built on first use by the SDK's get_session()
    if hasattr(session, 'mount'):
        # requests' own default adapter: every request is sent once.
        session.mount('https://', HTTPAdapter())
        session.mount('http://', HTTPAdapter())


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


def _seconds(value):
    """A number of seconds as the user wrote it: 60, not 60.0."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return value
    return int(number) if number.is_integer() else number
