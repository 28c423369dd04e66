# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The unit tests' SoftLayer account: the project's API emulator, in-process, behind an SDK stand-in.

``EmulatedAPI()`` is a fresh account loaded from the emulator's seed (tests/emulator/sl_emulator/
data/seed.json). Its ``sdk`` answers ``call(service, method, *args, **kwargs)``, the one boundary
SoftLayerClient uses: the call is recorded, then sent through the SDK's own XML-RPC transport, whose
HTTP session hands the request to ``Emulator.answer`` in this process (no socket, no server thread).
So the emulator's service layer, object masks and filters, policies and fault rules answer the
tests, and faults and transport errors reach the client exactly as the SDK raises them.

What a test may arrange, besides the seed:
- ``add_ticket``, ``post_by_hand``, ``attach``: what other people and runs did on the account;
- ``set_policy``: the emulator's switches (title_policy, xmlrpc_nulls, assigned_user, computed_filters, ...);
- ``SERVER_FILTERS`` / ``serve_filters``: how the server treats object filters, up to ignoring them all;
- ``lose``, ``refuse``, ``delay``, ``add_faults``: the emulator's fault rules (server.py);
- ``hold`` / ``release``: a request that gets no answer in time and lands later;
- ``on``: something that happens meanwhile, just before or after the n-th call of a method.
"""

from __future__ import annotations

import base64
import http.client
import io
import os
import sys
import threading
import xmlrpc.client
from urllib.parse import urlsplit

import requests
import urllib3
from SoftLayer import BaseClient
from SoftLayer.auth import BasicAuthentication
from SoftLayer.transports import XmlRpcTransport

# The emulator is a test tool of this repository, importable as ``sl_emulator`` from tests/emulator
# (it is not part of the collection and is left out of the release tarball).
EMULATOR_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), 'emulator')
if EMULATOR_DIR not in sys.path:
    sys.path.insert(0, EMULATOR_DIR)

import sl_emulator  # noqa: E402  pylint: disable=wrong-import-position
from sl_emulator import objectfilter, server, services  # noqa: E402  pylint: disable=wrong-import-position
from sl_emulator import state as emulator_state  # noqa: E402  pylint: disable=wrong-import-position

# Not a real host: every request to it is answered in-process.
ENDPOINT_URL = 'http://sl-emulator.invalid/xmlrpc/v3.1/'
# The emulator's strict defaults, but titles stored as given (most tests read the title back);
# no rate limit, so threads and fast loops are not refused.
UNIT_POLICIES = {'title_policy': 'keep'}
# What the test helpers read of a ticket (``EmulatedAPI.ticket``).
TICKET_MASK = ('mask[id,title,statusId,createDate,serviceProviderResourceId,assignedUserId,'
               'updates[id,entry,editorType,createDate],attachedHardware[id,hostname,domain],'
               'attachedVirtualGuests[id,hostname,domain],attachedFiles[id,fileName],attachedAdditionalEmails[email]]')


# How the server may treat an object filter: as the real API (conditions on computed properties dropped,
# the emulator's default), applying every condition, or ignoring every condition but the sort order (a
# stand-in for any condition the real API might drop). A result must not depend on which.
SERVER_FILTERS = ('drop', 'apply', 'ignore_all')


def serve_filters(api, monkeypatch, mode):
    """Make the emulated account treat object filters as ``mode`` (one of SERVER_FILTERS)."""
    if mode == 'ignore_all':
        apply_filter = objectfilter.apply_filter
        monkeypatch.setattr(objectfilter, 'apply_filter',
                            lambda nodes, tree, **kwargs: apply_filter(nodes, _sorts_only(tree), **kwargs))
    else:
        api.set_policy(computed_filters=mode)


def _sorts_only(tree):
    kept = {}
    for name, sub in (tree or {}).items():
        if 'operation' in sub:
            if sub['operation'] == 'orderBy':
                kept[name] = sub
        else:
            branch = _sorts_only(sub)
            if branch:
                kept[name] = branch
    return kept


class EmulatedAPI:
    """A fresh seeded emulator account, the SDK stand-in over it (``sdk``) and what tests arrange on it."""

    def __init__(self, rate_limit=0, timeout=60, **policies):
        self.emulator = server.Emulator(sl_emulator.SEED_PATH, rate_limit=rate_limit, **dict(UNIT_POLICIES, **policies))
        state = self.emulator.state
        self.seed_ticket_ids = frozenset(state.tables['tickets'])
        # The account's master user: the one the API key belongs to.
        self.user = next(user for user in state.rows('users') if not user.get('parentId'))
        self.sdk = EmulatedSDK(self, self.user['username'], self.user['apiKey'], timeout)
        self._lock = threading.Lock()
        self._holds = []
        self._held = []
        self._hooks = []

    # -- the emulator's switches and fault rules -----------------------------------------------
    def set_policy(self, **changes):
        """Set emulator switches (server.POLICIES, latency_ms, rate_limit)."""
        return self.emulator.set_config(changes)

    def add_faults(self, *rules):
        """Add emulator fault rules, as POST /_emulator/faults takes them."""
        return self.emulator.add_fault_rules(list(rules))

    def clear_faults(self):
        self.emulator.clear_fault_rules()

    def lose(self, method, landed=True, times=1):
        """The next call of ``method`` gets no answer: the connection closes after the call ran (``landed``) or before."""
        self.add_faults({'method': method, 'kind': 'lost_response' if landed else 'drop', 'times': times})

    def refuse(self, method, message, code='SoftLayer_Exception_Public', times=1):
        """The next call(s) of ``method`` fail with this API fault, before anything runs."""
        self.add_faults({'method': method, 'kind': 'fault', 'code': code, 'message': message, 'times': times})

    def delay(self, method, seconds):
        """Every call of ``method`` waits ``seconds`` before it runs (the emulator's ``timeout`` rule).

        The wait is a real ``time.sleep``, which the ``no_sleep`` fixture makes instant; the client does not
        time out meanwhile (use ``hold`` for an answer that comes too late).
        """
        self.add_faults({'method': method, 'kind': 'timeout', 'seconds': seconds, 'times': -1})

    def hold(self, method):
        """The next request for ``method`` is kept, not run: the caller's read times out; ``release()`` lands it."""
        with self._lock:
            self._holds.append(method)

    def release(self):
        """Run the held requests now, through the same path as any other (their answers go nowhere)."""
        with self._lock:
            held, self._held = self._held, []
        for route, query, body, authorization in held:
            self.emulator.answer(route[0], 'POST', route[1], query, body, authorization)

    def on(self, method, action, when='before', nth=1):
        """Run ``action(call)`` once, ``when`` ('before' or 'after') the ``nth`` call of ``method`` from now.

        ``call`` is the SDK stand-in's record of the call; 'after' actions follow calls that returned.
        """
        if when not in ('before', 'after'):
            raise ValueError("when must be 'before' or 'after'")
        with self._lock:
            self._hooks.append({'method': method, 'when': when, 'left': nth, 'action': action})

    # -- what others did on the account ----------------------------------------------------------
    def add_ticket(self, title, status='Open', subject_id=1021, entries=('first',), hardware=(), guests=(), files=(),
                   emails=(), assigned=True, create_date=None):
        """A ticket someone opened elsewhere (a person, another run); returns its id. ``create_date`` defaults to now."""
        def change(state):
            when = create_date or emulator_state.now_iso()
            subject = state.get('subjects', subject_id)
            ticket = state.insert('tickets', {
                'accountId': state.account['id'], 'title': title, 'subjectId': subject_id,
                'statusId': _status_id(state, status), 'priority': 0, 'groupId': subject.get('_groupId'),
                'assignedUserId': self.user['id'] if assigned else None, 'createDate': when, 'modifyDate': when,
                'lastEditDate': when, 'lastEditType': 'USER', 'notifyUserOnUpdateFlag': True, 'userEditableFlag': True,
                'billableFlag': False, 'changeOwnerFlag': False, 'serverAdministrationFlag': 0,
                'responsibleBrandId': state.account.get('brandId'), 'serviceProviderId': 1,
                'serviceProviderResourceId': 'CS{:07d}'.format(state.next_counter('caseNumber', 2400001)),
                'totalUpdateCount': len(entries),
            })
            for entry in entries:
                _insert_update(state, ticket, entry, self.user['id'], when)
            for reference in hardware:
                _link(state, ticket, 'hardware', reference, when)
            for reference in guests:
                _link(state, ticket, 'virtualGuests', reference, when)
            for name in files:
                state.insert('attachedFiles', {
                    'ticketId': ticket['id'], 'updateId': None, 'fileName': name, 'fileSize': '3', 'createDate': when,
                    'modifyDate': when, 'uploaderType': 'USER', 'uploaderId': str(self.user['id']),
                    '_data': base64.b64encode(b'abc').decode('ascii')})
            for email in emails:
                state.insert('additionalEmails', {'ticketId': ticket['id'], 'email': email, 'userId': self.user['id']})
            return ticket['id']
        return self.emulator.apply(change)

    def post_by_hand(self, ticket_id, entry):
        """An update posted by someone else (another run, a person), not through the SDK under test."""
        def change(state):
            ticket = state.get('tickets', ticket_id)
            _insert_update(state, ticket, entry, self.user['id'], emulator_state.now_iso())
            state.change('tickets', ticket, totalUpdateCount=len(state.updates_by_ticket[ticket_id]))
        self.emulator.apply(change)

    def attach_file(self, ticket_id, name, data, listed_size=None, stored=True):
        """A file someone attached, with any name (also one the API would refuse); returns its attachment id.

        ``listed_size`` is the fileSize the listing gives (default: the length of ``data``);
        ``stored=False`` leaves its content out of the attachment store, as getAttachedFile's
        "File does not exist" refusal describes."""
        def change(state):
            when = emulator_state.now_iso()
            return state.insert('attachedFiles', {
                'ticketId': ticket_id, 'updateId': None, 'fileName': name,
                'fileSize': str(len(data) if listed_size is None else listed_size), 'createDate': when,
                'modifyDate': when, 'uploaderType': 'USER', 'uploaderId': str(self.user['id']),
                '_data': base64.b64encode(data).decode('ascii') if stored else None})['id']
        return self.emulator.apply(change)

    def attach(self, ticket_id, hardware):
        """A server attached by someone else."""
        self.emulator.apply(lambda state: _link(state, state.get('tickets', ticket_id), 'hardware', hardware,
                                                emulator_state.now_iso()))

    # -- what the account holds ----------------------------------------------------------------
    def ticket(self, ticket_id):
        """The ticket as the API renders it with TICKET_MASK, read past the fault rules, the call log and the SDK."""
        call = services.Call('xmlrpc', 'SoftLayer_Ticket', 'getObject', init_id=ticket_id, mask=TICKET_MASK)
        return self.emulator.run(call, self.user).value

    def new_tickets(self):
        """Ids of the tickets opened since the seed, oldest first."""
        return sorted(set(self.emulator.state.tables['tickets']) - self.seed_ticket_ids)

    def entries(self, ticket_id):
        return [update['entry'] for update in self.ticket(ticket_id).get('updates', [])]

    def hardware_ids(self, ticket_id):
        return [device['id'] for device in self.ticket(ticket_id).get('attachedHardware', [])]

    def file_names(self, ticket_id):
        return [attached['fileName'] for attached in self.ticket(ticket_id).get('attachedFiles', [])]

    def emails(self, ticket_id):
        return [email['email'] for email in self.ticket(ticket_id).get('attachedAdditionalEmails', [])]

    def device_id(self, reference, table='hardware'):
        return _device(self.emulator.state, table, reference)['id']

    def writes(self):
        """The write methods the SDK stand-in was asked to call, in order."""
        return [call['method'] for call in self.sdk.calls if services.is_write(call['method'])]

    # -- the request path ------------------------------------------------------------------------
    def run_hooks(self, when, call):
        """Run the ``on`` actions due ``when`` (before or after) this call."""
        due = []
        with self._lock:
            for hook in self._hooks:
                if hook['when'] == when and hook['method'] == call['method']:
                    hook['left'] -= 1
                    if hook['left'] == 0:
                        due.append(hook)
            self._hooks = [hook for hook in self._hooks if hook['left'] > 0]
        for hook in due:
            hook['action'](call)

    def exchange(self, request, timeout):
        """Answer one HTTP request of the SDK's transport in-process: (status, body, headers)."""
        url = urlsplit(request.url)
        route = server.api_route(url.path)
        if route is None:
            return 404, b'{"error": "Not found"}', {'Content-Type': 'application/json'}
        body = request.body or b''
        authorization = request.headers.get('Authorization')
        if self._take_hold(route, body):
            with self._lock:
                self._held.append((route, url.query, body, authorization))
            pool = 'HTTPConnectionPool(host=%r, port=%d)' % (url.hostname, url.port or 80)
            raise requests.exceptions.ReadTimeout(urllib3.exceptions.ReadTimeoutError(
                pool, request.url, 'Read timed out. (read timeout=%s)' % timeout), request=request)
        try:
            answer = self.emulator.answer(route[0], request.method, route[1], url.query, body, authorization)
        except server.Dropped:
            raise requests.exceptions.ConnectionError(urllib3.exceptions.ProtocolError(
                'Connection aborted.', http.client.RemoteDisconnected('Remote end closed connection without response')),
                request=request) from None
        return answer.status, answer.body, dict(answer.headers, **{'Content-Type': answer.content_type})

    def _take_hold(self, route, body):
        with self._lock:
            if not self._holds or route[0] != 'xmlrpc':
                return False
            method = xmlrpc.client.loads(body)[1]
            if method not in self._holds:
                return False
            self._holds.remove(method)
            return True


class EmulatedSDK:
    """Stands in for ``SoftLayer.BaseClient``: records each ``call``, then makes it with the real SDK, in-process.

    ``calls`` holds one dict per call: ``service``, ``method``, ``args``, ``kwargs`` and, from them,
    ``id``, ``mask`` and ``filter``.
    """

    def __init__(self, api, username, api_key, timeout):
        self.api = api
        self.calls = []
        self._lock = threading.Lock()
        session = requests.Session()
        session.mount(ENDPOINT_URL, _InProcessAdapter(api))
        self._client = BaseClient(auth=BasicAuthentication(username, api_key),
                                  transport=_InProcessTransport(session, timeout), config_file=os.devnull)

    def call(self, service, method, *args, **kwargs):
        record = {'service': service, 'method': method, 'args': args, 'kwargs': dict(kwargs),
                  'id': kwargs.get('id'), 'mask': kwargs.get('mask'), 'filter': kwargs.get('filter')}
        with self._lock:
            self.calls.append(record)
        self.api.run_hooks('before', record)
        answer = self._client.call(service, method, *args, **kwargs)
        self.api.run_hooks('after', record)
        return answer

    def methods_called(self):
        return ['%s::%s' % (c['service'], c['method']) for c in self.calls]


class _InProcessTransport(XmlRpcTransport):
    """The SDK's XML-RPC transport, with an HTTP session that answers in-process."""

    def __init__(self, session, timeout):
        super().__init__(endpoint_url=ENDPOINT_URL, timeout=timeout)
        self._session = session

    @property
    def client(self):
        return self._session


class _InProcessAdapter(requests.adapters.HTTPAdapter):
    """A requests transport adapter that hands each request to ``EmulatedAPI.exchange`` instead of a socket."""

    def __init__(self, api):
        super().__init__()
        self.api = api

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        status, body, headers = self.api.exchange(request, timeout)
        raw = urllib3.HTTPResponse(body=io.BytesIO(body), headers=headers, status=status,
                                   reason=http.client.responses.get(status, ''), preload_content=False,
                                   decode_content=False)
        return self.build_response(request, raw)


def _status_id(state, status):
    if isinstance(status, int):
        return status
    return next(s['id'] for s in state.rows('statuses') if s['name'].lower() == status.lower())


def _device(state, table, reference):
    """A device by id, hostname (unique on the account) or FQDN."""
    found = [device for device in state.rows(table)
             if reference in (device['id'], device['hostname'], '%s.%s' % (device['hostname'], device['domain']))]
    if len(found) != 1:
        raise KeyError('%d %s match %r on the emulated account' % (len(found), table, reference))
    return found[0]


def _insert_update(state, ticket, entry, user_id, when):
    return state.insert('updates', {'ticketId': ticket['id'], 'entry': entry, 'createDate': when, 'editorId': user_id,
                                    'editorType': 'USER'})


def _link(state, ticket, table, reference, when):
    device = _device(state, table, reference)
    link_table, key = ('attachedHardware', 'hardwareId') if table == 'hardware' else ('attachedVirtualGuests', 'virtualGuestId')
    state.insert(link_table, {'ticketId': ticket['id'], key: device['id'], 'attachmentId': device['id'], 'createDate': when})
