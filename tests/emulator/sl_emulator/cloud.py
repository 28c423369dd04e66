"""IBM Cloud beside SoftLayer: IAM's token endpoint and the Case Management API, over HTTP, as IBM's SDK speaks them.

``answer`` is the whole request path for these URLs (the counterpart of ``Emulator.answer`` for the SoftLayer
transports): routing, fault rules, latency, the bearer token, the call under the state lock (a write is saved
before the answer goes out), the call log and the encoded answer. The same fault rules apply, naming the
service ``case_management`` or ``iam`` and the SDK's operation id as the method (``create_case``, ``get_token``).
The facts behind each answer are in tests/emulator/CASES.md. Nothing here logs an API key or a token.
"""

import base64
import email.parser
import email.policy
import hashlib
import hmac
import json
import re
import sys
import time
import traceback
import uuid
from urllib.parse import parse_qs

from . import cases

IAM_SERVICE = 'iam'
CASES_SERVICE = 'case_management'
SERVICES = (IAM_SERVICE, CASES_SERVICE)
TOKEN_PATH = '/identity/token'
CASES_PREFIX = '/case-management/v1'
OFFERINGS_PATH = '/case-management/utilities/v1/offerings/technical'
APIKEY_GRANT = 'urn:ibm:params:oauth:grant-type:apikey'
DEFAULT_TOKEN_SECONDS = 3600
IAM_ISSUER = 'https://iam.cloud.ibm.com/identity'
_CASE = r'/cases/(?P<number>[^/]+)'
# (verb, path pattern below /case-management/v1, the SDK's operation id)
CASE_ROUTES = tuple((verb, re.compile('^' + pattern + '$'), operation) for verb, pattern, operation in (
    ('GET', r'/cases', 'get_cases'),
    ('POST', r'/cases', 'create_case'),
    ('GET', _CASE, 'get_case'),
    ('PUT', _CASE + r'/status', 'update_case_status'),
    ('PUT', _CASE + r'/comments', 'add_comment'),
    ('PUT', _CASE + r'/watchlist', 'add_watchlist'),
    ('DELETE', _CASE + r'/watchlist', 'remove_watchlist'),
    ('PUT', _CASE + r'/resources', 'add_resource'),
    ('PUT', _CASE + r'/attachments', 'upload_file'),
    ('GET', _CASE + r'/attachments/(?P<file_id>[^/]+)', 'download_file'),
    ('DELETE', _CASE + r'/attachments/(?P<file_id>[^/]+)', 'delete_file'),
))


def handles(path):
    """Whether a request path belongs to IAM or the Case Management API."""
    return path == TOKEN_PATH or path.startswith('/case-management/')


class _Refusal(cases.CaseError):
    """An answer other than 200, encoded: status, JSON body (None: the HTML 500 page) and the logged error code."""

    def __init__(self, status, body, code):
        super().__init__(status, code, None)
        self.body = body


def _iam_error(status, code, message):
    """IAM's error body (errorCode, errorMessage, context), as recorded for BXNIM0415E."""
    return _Refusal(status, {'errorCode': code, 'errorMessage': message,
                             'context': {'requestId': uuid.uuid4().hex, 'requestType': 'incoming.Identity_Token'}}, code)


def _case_error(status, code, message):
    """The API Handbook's error container: a trace id and a list of errors."""
    return _Refusal(status, {'trace': uuid.uuid4().hex, 'errors': [{'code': code, 'message': message}],
                             'status_code': status}, code)


# -- IAM tokens -----------------------------------------------------------------------------------


def _b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b'=').decode('ascii')


def _unb64(text):
    return base64.urlsafe_b64decode(text + '=' * (-len(text) % 4))


def _sign(user, signing_input):
    # Keyed by the user's own IBM Cloud API key: a token outlives a restart and dies with the key.
    key = user.get('_ibmCloudApiKey') or ''
    return _b64(hmac.new(key.encode(), signing_input.encode(), hashlib.sha256).digest())


def issue_token(emulator, form):
    """POST /identity/token with grant type apikey: a JWT the SDK decodes (iat, exp), plus expiry fields."""
    for name, wanted in (('grant_type', APIKEY_GRANT), ('response_type', 'cloud_iam')):
        value = form.get(name)
        if name in form or name == 'grant_type':
            if value != wanted:
                raise _iam_error(400, 'BXNIM0106E', "Validation of property '{}' with value '{}' failed. Valid values: "
                                                    "'{}'".format(name, value or '', wanted))
    api_key = form.get('apikey')
    if not api_key:
        raise _iam_error(400, 'BXNIM0106E', "Validation of property 'apikey' with value '' failed.")
    user = emulator.user_by_ibm_cloud_key(api_key)
    if user is None:
        raise _iam_error(400, 'BXNIM0415E', 'Provided API key could not be found')
    lifetime = emulator.config.get('iam_token_seconds', DEFAULT_TOKEN_SECONDS)
    issued = int(time.time())
    header = _b64(json.dumps({'alg': 'HS256', 'typ': 'JWT', 'kid': 'sl-emulator'}).encode())
    claims = {'iam_id': 'IBMid-emu{}'.format(user['id']), 'id': 'IBMid-emu{}'.format(user['id']), 'realmid': 'IBMid',
              'sub': user['email'], 'email': user['email'], 'account': {'bss': str(user.get('accountId', ''))},
              'iat': issued, 'exp': issued + lifetime, 'iss': IAM_ISSUER, 'grant_type': APIKEY_GRANT,
              'scope': 'ibm openid', 'jti': uuid.uuid4().hex}
    signing_input = header + '.' + _b64(json.dumps(claims).encode())
    return {'access_token': signing_input + '.' + _sign(user, signing_input), 'refresh_token': 'not_supported',
            'token_type': 'Bearer', 'expires_in': lifetime, 'expiration': issued + lifetime, 'scope': 'ibm openid'}


def token_user(emulator, authorization):
    """The user a bearer token was issued to; 401 when it is missing, forged, for a changed key, or expired."""
    if not authorization or not authorization.startswith('Bearer '):
        raise _case_error(401, 'unauthorized', 'A bearer token from IAM is required (Authorization: Bearer ...).')
    token = authorization[len('Bearer '):].strip()
    try:
        header, payload, signature = token.split('.')
        claims = json.loads(_unb64(payload))
        user_id = int(str(claims['iam_id']).rsplit('emu', 1)[1])
    except (ValueError, KeyError, IndexError, TypeError):
        raise _case_error(401, 'unauthorized', 'The bearer token is not a valid IAM token.') from None
    user = emulator.state.get('users', user_id)
    if user is None or not hmac.compare_digest(_sign(user, header + '.' + payload), signature):
        raise _case_error(401, 'unauthorized', 'The bearer token is not a valid IAM token.')
    if claims.get('exp', 0) <= time.time():
        raise _case_error(401, 'unauthorized', 'The IAM token is expired.')
    return user


# -- decoding ---------------------------------------------------------------------------------------


def _json_body(body):
    if not body.strip():
        return {}
    try:
        return json.loads(body.decode('utf-8'))
    except (ValueError, UnicodeDecodeError):
        raise _case_error(400, 'bad_request', 'The request body is not valid JSON.') from None


def _multipart_files(content_type, body):
    """(filename, content type, bytes) of each 'file' part of a multipart/form-data body."""
    if not (content_type or '').startswith('multipart/form-data'):
        raise _case_error(400, 'bad_request', 'Attachments are sent as multipart/form-data.')
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b'Content-Type: ' + content_type.encode('latin-1') + b'\r\n\r\n' + body)
    files = []
    for part in message.iter_parts():
        if part.get_param('name', header='content-disposition') == 'file':
            files.append((part.get_filename(), part.get_content_type(), part.get_payload(decode=True) or b''))
    return files


def _query(query):
    return {name: values[-1] for name, values in parse_qs(query, keep_blank_values=True).items()}


# -- one request --------------------------------------------------------------------------------------


def _route(verb, path):
    """(service, operation, path parameters) or a 404/405 refusal."""
    if path == TOKEN_PATH:
        if verb != 'POST':
            raise _iam_error(405, 'BXNIM0107E', 'Method not allowed.')
        return IAM_SERVICE, 'get_token', {}
    if path == OFFERINGS_PATH:
        if verb != 'GET':
            raise _case_error(405, 'method_not_allowed', 'Method not allowed.')
        return CASES_SERVICE, 'get_technical_offerings', {}
    if path.startswith(CASES_PREFIX + '/'):
        below = path[len(CASES_PREFIX):]
        for route_verb, pattern, operation in CASE_ROUTES:
            match = pattern.match(below)
            if match and route_verb == verb:
                return CASES_SERVICE, operation, match.groupdict()
    raise _case_error(404, 'not_found', 'No such resource: {} {}.'.format(verb, path))


def _run(emulator, operation, params, query, headers, body):
    """The operation's (status, body bytes, content type, extra headers); writes are saved before it returns."""
    if operation == 'get_token':
        if not (headers.get('Content-Type') or '').startswith('application/x-www-form-urlencoded'):
            raise _iam_error(400, 'BXNIM0109E', 'The token request must be application/x-www-form-urlencoded.')
        return _json(issue_token(emulator, _query(body.decode('utf-8', 'replace'))))
    user = token_user(emulator, headers.get('Authorization'))
    number = params.get('number')
    if operation == 'upload_file':
        payload = _multipart_files(headers.get('Content-Type'), body)
    elif operation in cases.WRITES:
        payload = _json_body(body)
    else:
        payload = _query(query)
    with emulator.lock:
        with emulator.meta_lock:
            policy = {'ticket_cases': emulator.config['ticket_cases']}

        def work(state):
            state.policy = policy
            ask = cases.Ask(state, user, policy)
            if operation == 'get_technical_offerings':
                return cases.technical_offerings(ask)
            if operation in ('get_cases', 'create_case'):
                return getattr(cases, operation)(ask, payload)
            if operation in ('download_file', 'delete_file'):
                return getattr(cases, operation)(ask, number, params['file_id'])
            return getattr(cases, operation)(ask, number, payload)
        try:
            result = emulator._transaction(work, save=operation in cases.WRITES)  # pylint: disable=protected-access
        except cases.CaseError as error:
            raise _case_error(error.status, error.code, error.message) from None
    if operation == 'download_file':
        filename, content_type, data = result
        return 200, data, content_type, {'Content-Disposition': 'attachment; filename="{}"'.format(filename)}
    return _json(result)


def _json(value, status=200):
    return status, json.dumps(value, ensure_ascii=False).encode('utf-8'), 'application/json', {}


def _inject(rule, service):
    """A fault rule for these services: the kinds mean what they mean for SoftLayer's, in IBM Cloud's answers."""
    from . import server   # pylint: disable=import-outside-toplevel
    kind = rule['kind']
    if kind in ('drop', 'lost_response'):
        raise server.Dropped(rule)
    if kind == 'timeout':
        time.sleep(rule['seconds'])
    elif kind == 'http_500':
        raise _Refusal(500, None, 'http_500')
    elif kind == 'rate_limit':
        raise _case_error(429, 'too_many_requests', 'Rate limit exceeded.') if service == CASES_SERVICE else \
            _iam_error(429, 'BXNIM0429E', 'Too many requests.')
    elif kind == 'fault':
        code = rule['code']
        status = int(code) if code.isdigit() else 400
        raise _case_error(status, code, rule['message']) if service == CASES_SERVICE else \
            _iam_error(status, code, rule['message'])


def answer(emulator, verb, path, query, headers, body):
    """Answer one IAM or Case Management request: (status, body, content type, headers); raises server.Dropped."""
    from . import server   # pylint: disable=import-outside-toplevel  # server imports this module
    started = time.monotonic()
    entry = {'protocol': 'cloud', 'service': None, 'method': None, 'init_id': None, 'mask': None, 'filter': None,
             'limit': None, 'offset': None, 'status': None, 'fault_code': None, 'request_bytes': len(body),
             'response_bytes': 0, 'write': False, 'duration_ms': None, 'injected': None}
    try:
        try:
            service, operation, params = _route(verb, path)
            entry.update(service=service, method=operation, init_id=params.get('number'),
                         write=operation in cases.WRITES)
            if operation == 'get_cases':
                asked = _query(query)
                entry.update(filter={name: asked[name] for name in ('search', 'sort', 'status', 'fields') if name in asked}
                             or None, limit=asked.get('limit'), offset=asked.get('offset'))
            rule = emulator.take_fault(service, operation, 'before')
            if rule:
                entry['injected'] = rule['kind']
                _inject(rule, service)
            latency = emulator.config['latency_ms']
            if latency:
                time.sleep(latency / 1000.0)
            try:
                result = _run(emulator, operation, params, query, headers, body)
            except _Refusal:
                raise
            except Exception:  # an emulator bug still answers as the service's internal error
                traceback.print_exc(file=sys.stderr)
                raise _case_error(500, 'internal_error', 'Internal error.') from None
            rule = emulator.take_fault(service, operation, 'after')
            if rule:
                entry['injected'] = rule['kind']
                _inject(rule, service)
        except _Refusal as refusal:
            entry['fault_code'] = refusal.code
            if refusal.body is None:
                result = (refusal.status, b'<html><head><title>500 Internal Server Error</title></head>'
                                          b'<body><h1>Internal Server Error</h1></body></html>', 'text/html', {})
            else:
                result = _json(refusal.body, refusal.status)
    except server.Dropped:
        entry['duration_ms'] = round((time.monotonic() - started) * 1000, 3)
        emulator.record_call(entry)
        raise
    entry.update(status=result[0], response_bytes=len(result[1]), duration_ms=round((time.monotonic() - started) * 1000, 3))
    emulator.record_call(entry)
    return result


# -- Support Center staff (the admin API) -------------------------------------------------------------


def admin(emulator, verb, name, payload):
    """``POST /_emulator/case_reply``: IBM support writes on a case and/or moves its status. None: not ours."""
    if (verb, name) != ('POST', 'case_reply'):
        return None
    body = payload if isinstance(payload, dict) else {}
    with emulator.lock:
        with emulator.meta_lock:
            policy = {'ticket_cases': emulator.config['ticket_cases']}

        def work(state):
            state.policy = policy
            return cases.staff_reply(state, body.get('number'), body.get('comment'), body.get('status'))
        return emulator._transaction(work, save=True)  # pylint: disable=protected-access
