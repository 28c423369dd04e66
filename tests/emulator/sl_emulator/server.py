"""HTTP front end: the XML-RPC and REST transports as the SDK speaks them, plus the /_emulator admin API.

One ``Emulator`` holds the state and the server-side knobs; ``Emulator.answer`` decodes a request
into a ``services.Call``, applies fault injection, latency, authentication and the rate limit, runs
the call under the state lock, saves the state after a write (before answering), and encodes the
answer for the transport. ``Handler`` carries that over HTTP; the collection's unit tests call
``Emulator.answer`` in-process (no socket), through the SDK's own XML-RPC transport. Nothing here
ever stores or logs the API key or the authenticate header.
"""

import base64
import binascii
import collections
import hmac
import json
import re
import socket
import ssl
import sys
import threading
import time
import traceback
import xmlrpc.client
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs
from xml.parsers.expat import ExpatError

from . import cloud
from . import faults
from . import services
from . import state as st

XMLRPC_PREFIXES = ('/xmlrpc/v3.1/', '/xmlrpc/v3/')
REST_PREFIXES = ('/rest/v3.1/', '/rest/v3/')
ADMIN_PREFIX = '/_emulator/'
LOOPBACK = ('127.0.0.1', '::1')
FAULT_KINDS = ('http_500', 'rate_limit', 'timeout', 'lost_response', 'drop', 'fault')
DEFAULT_WHEN = {'http_500': 'before', 'rate_limit': 'before', 'timeout': 'before', 'lost_response': 'after', 'drop': 'before',
                'fault': 'before'}
# Where public evidence about the real API is split, each variant is a switch; the first value of
# each is the default and the strictest reading (tests/emulator/README.md, "Fidelity").
POLICIES = {
    # How createStandardTicket stores a title: '<subject name> - <title>', the subject name, or as given.
    'title_policy': ('prefixed', 'subject', 'keep'),
    # A null property: '' over XML-RPC and null over REST (the real API), or left out on both.
    'xmlrpc_nulls': ('empty', 'omit'),
    # createStandardTicket without assignedUserId: refused (the API guide) or accepted.
    'assigned_user': ('required', 'optional'),
    # Account::getOpenTickets: Open tickets only (one report), or Open and Assigned.
    'open_tickets': ('open_only', 'with_assigned'),
    # Object-filter conditions on computed properties (fullyQualifiedDomainName, the flags): dropped
    # silently, the full list coming back (softlayer-ruby #79), or applied.
    'computed_filters': ('drop', 'apply'),
    # A SoftLayer ticket seen through the Case Management API as the case its serviceProviderResourceId names
    # (tests/emulator/CASES.md), or not at all.
    'ticket_cases': ('mirrored', 'separate'),
    # SoftLayer_Ticket::edit with a priority: applied (an account with Advanced or Premium support, the only
    # ones the SDK and ibmcloud say take priorities), or, as an account without may answer (unconfirmed),
    # ignored silently or refused.
    'priority_support': ('applied', 'ignored', 'refused'),
}
TITLE_POLICIES = POLICIES['title_policy']
# The API user's own time zone (a UTC offset '-08:00' or a zone name 'America/Chicago'): the API writes the user's
# dates in it and reads filter dates without an offset in it. Default: SoftLayer's -06:00, what the API writes for a
# user without a zone of their own (tests/emulator/README.md, "Fidelity").
USER_TIMEZONE = 'user_timezone'
# How long an IAM token the emulator issues lives (IAM's own: 3600 s).
IAM_TOKEN_SECONDS = 'iam_token_seconds'
CALL_LOG_SIZE = 100000
IAM_USERNAME = 'apikey'
IBM_CLOUD_KEY_FIELD = '_ibmCloudApiKey'   # internal (never rendered); redacted in /_emulator/state
_XML_DECL_RE = re.compile(rb'^(\s*<\?xml[^>]*?encoding\s*=\s*)(["\'])[^"\']*\2')


class AdminError(Exception):
    """A bad request to the admin API."""


class Dropped(Exception):
    """A fault rule closes the connection without an answer (``drop`` before the call runs, ``lost_response`` after)."""

    def __init__(self, rule):
        super().__init__(rule['kind'])
        self.rule = rule


class _HttpError(Exception):
    """An HTTP error page instead of an API answer (fault injection)."""

    def __init__(self, status, body):
        super().__init__(status)
        self.status = status
        self.body = body


# An encoded answer: HTTP status, body bytes, content type and extra headers.
Answer = collections.namedtuple('Answer', 'status body content_type headers')


class Emulator:
    """Everything the handlers share: state, configuration, call log and fault rules."""

    def __init__(self, seed_path, state_path=None, latency_ms=0, rate_limit=50, verbose=False, user_timezone=None,
                 **policies):
        self.seed_path = seed_path
        self.state_path = state_path
        self.state = st.open_state(state_path, seed_path)
        self.lock = threading.RLock()          # guards the state; one call runs at a time
        self.meta_lock = threading.Lock()      # guards config, call log, fault rules and rate windows
        self.config = dict({'latency_ms': 0, 'connect_latency_ms': 0, 'rate_limit': 50, USER_TIMEZONE: st.DEFAULT_USER_TIMEZONE,
                            IAM_TOKEN_SECONDS: cloud.DEFAULT_TOKEN_SECONDS}, **default_policies())
        self.set_config(dict({'latency_ms': latency_ms, 'rate_limit': rate_limit},
                             **{name: value for name, value in dict(policies, user_timezone=user_timezone).items()
                                if value is not None}))
        self.calls = collections.deque(maxlen=CALL_LOG_SIZE)
        self.next_seq = 1
        self.fault_rules = []
        self.rate_windows = {}
        self.verbose = verbose

    # -- configuration and admin ---------------------------------------------------------------

    def set_config(self, changes):
        if not isinstance(changes, dict):
            raise AdminError('config must be a JSON object')
        unknown = set(changes) - set(self.config)
        if unknown:
            raise AdminError('unknown config key(s): {}'.format(', '.join(sorted(unknown))))
        for key in ('latency_ms', 'connect_latency_ms'):
            if key in changes and not _is_number(changes[key], minimum=0):
                raise AdminError('%s must be a number >= 0' % key)
        if IAM_TOKEN_SECONDS in changes and not (isinstance(changes[IAM_TOKEN_SECONDS], int)
                                                 and changes[IAM_TOKEN_SECONDS] >= 1):
            raise AdminError('iam_token_seconds must be an integer >= 1')
        if 'rate_limit' in changes and not (isinstance(changes['rate_limit'], int) and changes['rate_limit'] >= 0):
            raise AdminError('rate_limit must be an integer >= 0 (0 disables it)')
        for name, choices in POLICIES.items():
            if name in changes and changes[name] not in choices:
                raise AdminError('{} must be one of {}'.format(name, ', '.join(choices)))
        if USER_TIMEZONE in changes:
            try:
                st.user_timezone(changes[USER_TIMEZONE])
            except ValueError as error:
                raise AdminError('user_timezone must be a UTC offset such as -08:00 or +01:00, or a time zone name '
                                 'such as America/Chicago: {}'.format(error)) from None
        with self.meta_lock:
            self.config.update(changes)
            return dict(self.config)

    def reset(self, seed_path=None):
        document = st.load_document(seed_path or self.seed_path)
        new_state = st.State(document, self.state_path)
        with self.lock:
            new_state.save()
            self.state = new_state
        with self.meta_lock:
            self.calls.clear()
            self.fault_rules = []
            self.rate_windows = {}

    def add_fault_rules(self, rules):
        if isinstance(rules, dict):
            rules = [rules]
        if not isinstance(rules, list):
            raise AdminError('faults must be a JSON list of rules')
        checked = [_check_rule(rule) for rule in rules]
        with self.meta_lock:
            self.fault_rules.extend(checked)
            return [dict(rule) for rule in self.fault_rules]

    def clear_fault_rules(self):
        with self.meta_lock:
            self.fault_rules = []

    def take_fault(self, service, method, when):
        """Consume one matching rule for this stage of the call, if any."""
        with self.meta_lock:
            for rule in self.fault_rules:
                if rule['when'] != when or rule['times'] == 0:
                    continue
                if rule['service'] not in (None, '*', service) or rule['method'] not in (None, '*', method):
                    continue
                if rule['times'] > 0:
                    rule['times'] -= 1
                self.fault_rules = [r for r in self.fault_rules if r['times'] != 0]
                return dict(rule)
        return None

    def record_call(self, entry):
        with self.meta_lock:
            entry['seq'] = self.next_seq
            self.next_seq += 1
            self.calls.append(entry)

    def calls_since(self, since):
        with self.meta_lock:
            return [dict(entry) for entry in self.calls if entry['seq'] > since]

    def check_rate(self, username):
        """Sliding one-second window per user; rejected calls do not count."""
        limit = self.config['rate_limit']
        if not limit:
            return
        now = time.monotonic()
        with self.meta_lock:
            window = self.rate_windows.setdefault(username, collections.deque())
            while window and now - window[0] >= 1.0:
                window.popleft()
            if len(window) >= limit:
                raise faults.rate_limited(limit)
            window.append(now)

    def authenticate(self, username, api_key, protocol='xmlrpc'):
        """The user a username and key belong to. Username ``apikey`` with an IBM Cloud API key logs in as the
        user that owns the key (evidence row 12). Refusals: XML-RPC InvalidLegacyToken, REST 401 Access Denied."""
        if username == IAM_USERNAME:
            user = self.user_by_ibm_cloud_key(api_key)
        else:
            user = self.state.user_by_name.get(username) if isinstance(username, str) else None
            if user is not None and not (isinstance(api_key, str) and hmac.compare_digest(user['apiKey'].encode(), api_key.encode())):
                user = None
        if user is None:
            raise faults.invalid_token() if protocol == 'xmlrpc' else faults.rest_access_denied()
        return user

    def user_by_ibm_cloud_key(self, api_key):
        if not isinstance(api_key, str) or not api_key:
            return None
        found = None
        for user in self.state.tables['users'].values():   # compare with every key: no early exit on a match
            key = user.get(IBM_CLOUD_KEY_FIELD)
            if isinstance(key, str) and hmac.compare_digest(key.encode(), api_key.encode()):
                found = user
        return found

    def public_state(self):
        """The whole state document, with API keys redacted (they are never exposed by the emulator)."""
        with self.lock:
            document = json.loads(self.state.to_json_text())
        for user in document.get('users', []):
            for field in ('apiKey', IBM_CLOUD_KEY_FIELD):
                if field in user:
                    user[field] = '<redacted>'
        return document

    def apply(self, change, *args):
        """Apply an admin-side change (SoftLayer staff's doing) under the state lock and save it, or roll it back."""
        with self.lock:
            return self._transaction(lambda state: change(state, *args), save=True)

    def _transaction(self, work, save):
        """Run ``work(state)`` as one transaction: saved (when ``save``) before it returns, or rolled back."""
        state = self.state
        state.begin()
        try:
            result = work(state)
            if save:
                state.save()
        except BaseException:
            state.rollback()
            raise
        state.commit()
        return result

    def run(self, call, user):
        """Execute a call under the state lock; a write is saved before this returns, or rolled back."""
        with self.lock:
            with self.meta_lock:
                policy = {name: self.config[name] for name in tuple(POLICIES) + (USER_TIMEZONE,)}
            ctx = services.Context(self.state, user, call.protocol, policy)
            return self._transaction(lambda _state: services.dispatch(ctx, call), save=services.is_write(call.method))

    # -- one API request, whatever carries it ------------------------------------------------------

    def answer(self, protocol, verb, rest_path, query, body, authorization=None):
        """Answer one API request (``rest_path`` is the path below the /xmlrpc/v3.1/ or /rest/v3.1/ prefix).

        The HTTP handler and in-process callers (the collection's unit tests) share this path: decoding,
        fault rules, latency, authentication (``authorization`` is the HTTP Authorization header, if any),
        the rate limit, the call under the state lock, the call log and the encoded answer. Returns an
        ``Answer``; raises ``Dropped`` when a rule closes the connection without an answer.
        """
        started = time.monotonic()
        entry = {
            'protocol': protocol, 'service': None, 'method': None, 'init_id': None, 'mask': None, 'filter': None,
            'limit': None, 'offset': None, 'status': None, 'fault_code': None, 'request_bytes': len(body),
            'response_bytes': 0, 'write': False, 'duration_ms': None, 'injected': None,
        }
        try:
            answer = self._api_answer(protocol, verb, rest_path, query, body, authorization, entry)
        except Dropped:
            entry['duration_ms'] = round((time.monotonic() - started) * 1000, 3)
            self.record_call(entry)
            raise
        entry.update(status=answer.status, response_bytes=len(answer.body),
                     duration_ms=round((time.monotonic() - started) * 1000, 3))
        self.record_call(entry)
        return answer

    def _api_answer(self, protocol, verb, rest_path, query, body, authorization, entry):
        try:
            if protocol == 'xmlrpc':
                if verb != 'POST':
                    raise faults.ApiFault(faults.BAD_REQUEST, 'XML-RPC requests must use POST.')
                service = rest_path.strip('/')
                entry['service'] = service
                call, auth = parse_xmlrpc_call(service, body)
            else:
                call = parse_rest_call(rest_path, query, verb, body)
                auth = None
            entry.update(service=call.service, method=call.method, init_id=call.init_id, filter=call.filter,
                         limit=call.limit, offset=call.offset, write=services.is_write(call.method),
                         mask=call.mask if isinstance(call.mask, str) or call.mask is None else services.dict_mask_to_text(call.mask))
            result = self._run_with_faults(protocol, call, auth, authorization, entry)
        except faults.ApiFault as fault:
            entry['fault_code'] = fault.code if protocol == 'xmlrpc' else fault.rest_code
            return fault_answer(protocol, fault)
        except _HttpError as error:
            return Answer(error.status, error.body, 'text/html', {})
        headers = {}
        nulls = self.config['xmlrpc_nulls']
        if result.total is not None:
            headers['SoftLayer-Total-Items'] = str(result.total)
        try:
            if protocol == 'xmlrpc':
                payload = xmlrpc.client.dumps((_to_xmlrpc(result.value, nulls),), methodresponse=True, allow_none=True,
                                              encoding='utf-8')
                return Answer(200, payload.encode('utf-8'), 'text/xml; charset=utf-8', headers)
            return Answer(200, json.dumps(_to_json(result.value, nulls), ensure_ascii=False).encode('utf-8'),
                          'application/json', headers)
        except (OverflowError, TypeError, ValueError):  # a value the transport cannot carry is an emulator bug
            traceback.print_exc(file=sys.stderr)
            fault = faults.internal_error()
            entry['fault_code'] = fault.code
            return fault_answer(protocol, fault)

    def _run_with_faults(self, protocol, call, auth, authorization, entry):
        rule = self.take_fault(call.service, call.method, 'before')
        if rule:
            entry['injected'] = rule['kind']
            self._inject(rule)
        latency = self.config['latency_ms']
        if latency:
            time.sleep(latency / 1000.0)
        user = self._authenticate_request(protocol, auth, authorization)
        self.check_rate(user['username'])
        try:
            result = self.run(call, user)
        except faults.ApiFault:
            raise
        except Exception:  # an emulator bug must still answer like the API's internal error
            traceback.print_exc(file=sys.stderr)
            raise faults.internal_error() from None
        rule = self.take_fault(call.service, call.method, 'after')
        if rule:
            entry['injected'] = rule['kind']
            self._inject(rule)
        return result

    def _inject(self, rule):
        kind = rule['kind']
        if kind in ('drop', 'lost_response'):
            raise Dropped(rule)
        if kind == 'timeout':
            time.sleep(rule['seconds'])
        elif kind == 'http_500':
            raise _HttpError(500, b'<html><head><title>500 Internal Server Error</title></head>'
                                  b'<body><h1>Internal Server Error</h1></body></html>')
        elif kind == 'rate_limit':
            raise faults.rate_limited(self.config['rate_limit'] or 50)
        elif kind == 'fault':
            raise faults.ApiFault(rule['code'], rule['message'])

    def _authenticate_request(self, protocol, auth, authorization):
        username, password = basic_auth(authorization)
        if protocol == 'rest':
            return self.authenticate(username, password, 'rest')
        if isinstance(auth, dict):
            return self.authenticate(auth.get('username'), auth.get('apiKey'))
        # The SDK sends an IBM Cloud API key (username "apikey") over XML-RPC as HTTP basic auth, not as a header.
        if username == IAM_USERNAME:
            return self.authenticate(username, password)
        raise faults.invalid_token()


def default_policies():
    return {name: choices[0] for name, choices in POLICIES.items()}


def _is_number(value, minimum):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value >= minimum


def _check_rule(rule):
    if not isinstance(rule, dict):
        raise AdminError('each fault rule must be a JSON object')
    unknown = set(rule) - {'service', 'method', 'kind', 'times', 'when', 'seconds', 'code', 'message'}
    if unknown:
        raise AdminError('unknown fault rule key(s): {}'.format(', '.join(sorted(unknown))))
    kind = rule.get('kind')
    if kind not in FAULT_KINDS:
        raise AdminError('kind must be one of {}'.format(', '.join(FAULT_KINDS)))
    times = rule.get('times', 1)
    if not isinstance(times, int) or isinstance(times, bool) or times == 0 or times < -1:
        raise AdminError('times must be a positive integer, or -1 for every call')
    when = rule.get('when', DEFAULT_WHEN[kind])
    if when not in ('before', 'after'):
        raise AdminError("when must be 'before' or 'after'")
    seconds = rule.get('seconds', 30)
    if not _is_number(seconds, minimum=0):
        raise AdminError('seconds must be a number >= 0')
    service = rule.get('service')
    if service not in (None, '*') + cloud.SERVICES and not service.startswith('SoftLayer_'):
        service = 'SoftLayer_' + service
    checked = {'service': service, 'method': rule.get('method'), 'kind': kind, 'times': times, 'when': when,
               'seconds': seconds}
    if kind == 'fault':
        code, message = rule.get('code', faults.PUBLIC), rule.get('message')
        if not isinstance(code, str) or not code:
            raise AdminError('code must be the exception name the fault carries, e.g. SoftLayer_Exception_Public')
        if not isinstance(message, str) or not message:
            raise AdminError("a 'fault' rule needs the message the fault carries")
        checked.update(code=code, message=message)
    elif 'code' in rule or 'message' in rule:
        raise AdminError("code and message belong to 'fault' rules only")
    return checked


def api_route(path):
    """(protocol, path below the API prefix) for an API request path, or None for any other path."""
    for protocol, prefixes in (('xmlrpc', XMLRPC_PREFIXES), ('rest', REST_PREFIXES)):
        for prefix in prefixes:
            if path.startswith(prefix):
                return protocol, path[len(prefix):]
    return None


# -- transport encoding ------------------------------------------------------------------------


def decode_xmlrpc_body(body):
    """Parse an XML-RPC call. The SDK sends UTF-8 bytes under an iso-8859-1 declaration (ISS #1540): when the
    bytes are valid UTF-8 they are read as UTF-8, so non-ASCII text round-trips; otherwise the declaration rules."""
    try:
        body.decode('utf-8')
    except UnicodeDecodeError:
        pass
    else:
        body = _XML_DECL_RE.sub(rb'\1\2utf-8\2', body, count=1)
    try:
        params, method = xmlrpc.client.loads(body, use_builtin_types=True)
    except (ExpatError, ValueError, TypeError, xmlrpc.client.ResponseError) as error:
        raise faults.not_well_formed(str(error)) from None
    if not method:
        raise faults.ApiFault('-32600', 'Invalid XML-RPC request: no methodName.')
    return list(params), method


def _to_xmlrpc(value, nulls='empty'):
    """XML-RPC has no null: the real API sends a null property as an empty string."""
    if isinstance(value, bytes):
        return xmlrpc.client.Binary(value)
    if isinstance(value, list):
        return [_to_xmlrpc(item, nulls) for item in value]
    if isinstance(value, dict):
        return {key: '' if item is None else _to_xmlrpc(item, nulls)
                for key, item in value.items() if item is not None or nulls == 'empty'}
    return value


def _to_json(value, nulls='empty'):
    if isinstance(value, bytes):
        return base64.b64encode(value).decode('ascii')
    if isinstance(value, list):
        return [_to_json(item, nulls) for item in value]
    if isinstance(value, dict):
        return {key: _to_json(item, nulls) for key, item in value.items() if item is not None or nulls == 'empty'}
    return value


def _init_id(value):
    """An init parameter id: an integer, or digits."""
    if isinstance(value, bool):
        raise faults.invalid_parameters('the init parameter id must be an integer.')
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    raise faults.invalid_parameters('the init parameter id must be an integer.')


def parse_xmlrpc_call(service, body):
    """Return (Call, authenticate struct or None)."""
    params, method = decode_xmlrpc_body(body)
    if not params or not isinstance(params[0], dict) or not isinstance(params[0].get('headers'), dict):
        raise faults.invalid_parameters('the first parameter must be the headers struct.')
    headers = params[0]['headers']
    call = services.Call('xmlrpc', service, method, args=params[1:])
    init = headers.get(service + 'InitParameters')
    if init is not None:
        if not isinstance(init, dict) or 'id' not in init:
            raise faults.invalid_parameters('{}InitParameters must be a struct with an id.'.format(service))
        call.init_id = _init_id(init['id'])
    for mask_header in (service + 'ObjectMask', 'SoftLayer_ObjectMask'):
        mask = headers.get(mask_header)
        if mask is not None:
            if not isinstance(mask, dict) or not isinstance(mask.get('mask'), (str, dict)):
                raise faults.invalid_parameters('{} must be a struct with a mask.'.format(mask_header))
            call.mask = mask['mask']
    object_filter = headers.get(service + 'ObjectFilter')
    if object_filter is not None:
        call.filter = object_filter
    limit = headers.get('resultLimit')
    if limit is not None:
        if not isinstance(limit, dict):
            raise faults.invalid_parameters('resultLimit must be a struct with limit and offset.')
        call.limit = _limit_value(limit.get('limit'), 'limit')
        call.offset = _limit_value(limit.get('offset', 0), 'offset')
    return call, headers.get('authenticate')


def _limit_value(value, name):
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise faults.invalid_parameters('resultLimit {} must be a non-negative integer.'.format(name))
    return value


def parse_rest_call(path, query, verb, body):
    """Return a Call for /rest/v3.1/<Service>[/<id>][/<method>].json."""
    if path.endswith('.json'):
        path = path[:-len('.json')]
    elif '.' in path.rsplit('/', 1)[-1]:
        raise faults.ApiFault(faults.BAD_REQUEST, 'Only the .json format is supported by the emulator.')
    parts = [part for part in path.split('/') if part]
    if not parts or len(parts) > 3:
        raise faults.ApiFault(faults.BAD_REQUEST, 'Unable to route the request path.')
    service, init_id, method = parts[0], None, None
    rest = parts[1:]
    if rest and rest[0].isdigit():
        init_id = int(rest.pop(0))
    if rest:
        method = rest.pop(0)
    if rest:
        raise faults.ApiFault(faults.BAD_REQUEST, 'Unable to route the request path.')
    if method is None:
        method = {'GET': 'getObject', 'PUT': 'editObject', 'DELETE': 'deleteObject', 'POST': 'createObject'}[verb]
    call = services.Call('rest', service, method, init_id=init_id)
    params = parse_qs(query, keep_blank_values=True)
    if 'objectMask' in params:
        call.mask = params['objectMask'][-1]
    if 'objectFilter' in params:
        try:
            call.filter = json.loads(params['objectFilter'][-1])
        except ValueError:
            raise faults.public('Unable to parse object filter: invalid JSON.') from None
    if 'resultLimit' in params:
        pieces = params['resultLimit'][-1].split(',')
        try:
            offset, limit = (int(piece) for piece in pieces)
        except ValueError:
            raise faults.public('resultLimit must be "<offset>,<limit>".') from None
        call.offset, call.limit = _limit_value(offset, 'offset'), _limit_value(limit, 'limit')
    if verb in ('POST', 'PUT') and body.strip():
        try:
            payload = json.loads(body.decode('utf-8'))
        except (ValueError, UnicodeDecodeError):
            raise faults.ApiFault(faults.BAD_REQUEST, 'The request body is not valid JSON.') from None
        if not isinstance(payload, dict) or not isinstance(payload.get('parameters', []), list):
            raise faults.ApiFault(faults.BAD_REQUEST, 'The request body must be {"parameters": [...]}.')
        call.args = payload.get('parameters', [])
    return call


def basic_auth(header):
    if not header or not header.startswith('Basic '):
        return None, None
    try:
        decoded = base64.b64decode(header[6:].strip(), validate=True).decode('utf-8')
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None, None
    username, password = decoded.split(':', 1) if ':' in decoded else (decoded, '')
    return username, password


def fault_answer(protocol, fault):
    """An API fault as the transport answers it: an XML-RPC <fault> in HTTP 200, or REST's JSON error."""
    if protocol == 'xmlrpc':
        payload = xmlrpc.client.dumps(xmlrpc.client.Fault(fault.code, fault.message), methodresponse=True,
                                      allow_none=True, encoding='utf-8')
        return Answer(200, payload.encode('utf-8'), 'text/xml; charset=utf-8', {})
    body = json.dumps({'error': fault.message, 'code': fault.rest_code}, ensure_ascii=False).encode('utf-8')
    return Answer(fault.http_status, body, 'application/json', {})


# -- the handler -------------------------------------------------------------------------------


class _Dropped(Exception):
    """The connection was closed on purpose (fault injection)."""


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    server_version = 'sl-emulator'
    sys_version = ''

    @property
    def emulator(self):
        return self.server.emulator

    def log_message(self, fmt, *args):
        if self.emulator.verbose:
            sys.stderr.write('sl_emulator: ' + (fmt % args) + '\n')

    def do_GET(self):
        self._route('GET')

    def do_POST(self):
        self._route('POST')

    def do_PUT(self):
        self._route('PUT')

    def do_DELETE(self):
        self._route('DELETE')

    def _read_body(self):
        length = int(self.headers.get('Content-Length') or 0)
        return self.rfile.read(length) if length > 0 else b''

    def _send(self, status, body, content_type, extra_headers=None):
        self.send_response(status)
        self.send_header('Content-Type', content_type)
        self.send_header('Content-Length', str(len(body)))
        for name, value in (extra_headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != 'HEAD':
            self.wfile.write(body)

    def _close_without_answer(self):
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        raise _Dropped()

    def _route(self, verb):
        path, query = self.path.split('?', 1) if '?' in self.path else (self.path, '')
        try:
            route = api_route(path)
            if path.startswith(ADMIN_PREFIX):
                self._admin(verb, path[len(ADMIN_PREFIX):], query)
            elif route is not None:
                self._api(route[0], verb, route[1], query)
            elif cloud.handles(path):
                self._cloud(verb, path, query)
            else:
                self._read_body()
                self._send(404, b'{"error": "Not found"}', 'application/json')
        except _Dropped:
            pass

    # -- API calls -----------------------------------------------------------------------------

    def _api(self, protocol, verb, rest_path, query):
        body = self._read_body()
        try:
            answer = self.emulator.answer(protocol, verb, rest_path, query, body, self.headers.get('Authorization'))
        except Dropped:
            self._close_without_answer()
        self._send(answer.status, answer.body, answer.content_type, answer.headers)

    def _cloud(self, verb, path, query):
        body = self._read_body()
        try:
            status, payload, content_type, headers = cloud.answer(self.emulator, verb, path, query, self.headers, body)
        except Dropped:
            self._close_without_answer()
        self._send(status, payload, content_type, headers)

    # -- admin API -----------------------------------------------------------------------------

    def _admin(self, verb, name, query):
        body = self._read_body()
        if self.client_address[0] not in LOOPBACK:
            self._send(403, b'{"error": "the admin API is loopback only"}', 'application/json')
            return
        emulator = self.emulator
        try:
            payload = json.loads(body.decode('utf-8')) if body.strip() else None
        except (ValueError, UnicodeDecodeError):
            self._json(400, {'error': 'request body is not valid JSON'})
            return
        route = (verb, name.strip('/'))
        try:
            if route == ('GET', 'health'):
                self._json(200, {'status': 'ok', 'tickets': len(emulator.state.tables['tickets']),
                                 'port': self.server.server_address[1]})
            elif route == ('GET', 'calls'):
                since = parse_qs(query).get('since', ['0'])[-1]
                if not since.lstrip('-').isdigit():
                    raise AdminError('since must be an integer')
                self._json(200, emulator.calls_since(int(since)))
            elif route == ('DELETE', 'calls'):
                with emulator.meta_lock:
                    emulator.calls.clear()
                self._json(200, {'cleared': True})
            elif route == ('POST', 'reset'):
                seed_file = (payload or {}).get('seed_file') if isinstance(payload, dict) else None
                emulator.reset(seed_file)
                self._json(200, {'reset': True, 'tickets': len(emulator.state.tables['tickets'])})
            elif route == ('GET', 'state'):
                self._json(200, emulator.public_state())
            elif route == ('GET', 'config'):
                self._json(200, dict(emulator.config))
            elif route == ('POST', 'config'):
                self._json(200, emulator.set_config(payload or {}))
            elif route == ('GET', 'faults'):
                with emulator.meta_lock:
                    self._json(200, [dict(rule) for rule in emulator.fault_rules])
            elif route == ('POST', 'faults'):
                self._json(200, emulator.add_fault_rules(payload))
            elif route == ('POST', 'staff_update'):
                body = payload if isinstance(payload, dict) else {}
                self._json(200, emulator.apply(services.staff_update, body.get('ticket_id'), body.get('entry'),
                                               body.get('editor_type', 'EMPLOYEE'), body.get('employee_id')))
            elif route == ('POST', 'ticket_status'):
                body = payload if isinstance(payload, dict) else {}
                self._json(200, emulator.apply(services.set_status, body.get('ticket_id'), body.get('status')))
            elif route == ('DELETE', 'faults'):
                emulator.clear_fault_rules()
                self._json(200, {'cleared': True})
            else:
                answered = cloud.admin(emulator, verb, route[1], payload)   # the Support Center's side of a case
                if answered is None:
                    self._json(404, {'error': 'unknown admin endpoint {} /_emulator/{}'.format(verb, name)})
                else:
                    self._json(200, answered)
        except (AdminError, OSError, ValueError, KeyError, st.StateError) as error:
            self._json(400, {'error': str(error)})

    def _json(self, status, value):
        self._send(status, json.dumps(value, ensure_ascii=False, default=str).encode('utf-8'), 'application/json')


class EmulatorHTTPServer(ThreadingHTTPServer):
    """Plain http, or https with ``ssl_context`` (the real endpoint's scheme, see tls.py)."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, emulator, port=0, host='127.0.0.1', ssl_context=None):
        self.emulator = emulator
        self.ssl_context = ssl_context
        super().__init__((host, port), Handler)

    def finish_request(self, request, client_address):
        # A new connection costs its client round trips before the first request is answered (TCP's handshake,
        # and TLS's over https); connections kept alive do not pay again. Over https the client's connect()
        # waits for the delayed handshake, as it does on a distant endpoint; over http only its first answer waits.
        delay = self.emulator.config['connect_latency_ms']
        if delay:
            time.sleep(delay / 1000.0)
        if self.ssl_context is None:
            super().finish_request(request, client_address)
            return
        # The handshake runs here, in the request's own thread, so a slow or failing client holds up no other.
        try:
            request = self.ssl_context.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError) as error:
            if self.emulator.verbose:
                sys.stderr.write('sl_emulator: TLS handshake with {} failed: {}\n'.format(client_address[0], error))
            return
        try:
            super().finish_request(request, client_address)
        finally:
            self.shutdown_request(request)

    @property
    def url(self):
        return '{}://{}:{}'.format('https' if self.ssl_context else 'http', *self.server_address[:2])
