"""IBM Cloud Support Center cases: the Case Management API's records, rules and answers (no HTTP here).

What the API accepts and answers follows tests/emulator/CASES.md (the facts and their sources); where the
evidence is split the strictest reading is the default and the other is a switch (``ticket_cases``).
``cloud.py`` carries these operations over HTTP. Every operation takes an ``Ask`` (state, caller, policy)
and returns a JSON-ready value or raises ``CaseError``; the caller runs it as one transaction.

Records live in the emulator's state document, one table per concept: ``cases`` (one row per case opened
through this API), ``caseComments``, ``caseWatchers``, ``caseResources`` and ``caseAttachments``, the last
four keyed by case number so that a case mirrored from a SoftLayer ticket can hold them too.
"""

import base64
import re
import uuid
from datetime import datetime, timezone

from . import services
from . import state as st

CASE_TYPES = ('technical', 'account_and_access', 'billing_and_invoice', 'sales')
STATUSES = ('new', 'in_progress', 'waiting_on_client', 'resolution_provided', 'resolved', 'closed')
# The get_cases / get_case ``fields`` values the SDK lists (GetCasesEnums.Fields).
FIELDS = ('number', 'short_description', 'description', 'created_at', 'created_by', 'updated_at', 'updated_by',
          'contact', 'contact_type', 'status', 'severity', 'support_tier', 'resolution', 'close_notes',
          'invoice_number', 'agent_close_only', 'eu', 'watchlist', 'attachments', 'resources', 'comments', 'offering')
SORT_FIELDS = ('number', 'short_description', 'created_at', 'updated_at', 'status', 'severity')
DEFAULT_SORT = '~updated_at'
DEFAULT_LIMIT = 10
MAX_LIMIT = 100
SEVERITIES = (1, 2, 3, 4)
DEFAULT_SEVERITY = 4
# ResolvePayload.resolution_code, 1 to 8, with the texts the SDK documents.
RESOLUTION_CODES = {
    1: 'Client error', 2: 'Defect found with Component/Service', 3: 'Documentation Error',
    4: 'Solution found in forums', 5: 'Solution found in public Documentation', 6: 'Solution no longer required',
    7: 'Solution provided by IBM outside of support case', 8: 'Solution provided by IBM support engineer',
}
REALMS = ('IBMid', 'SL', 'BSS')
# Classic devices attached by type and id (no CRN): the emulator's names for SoftLayer's two device kinds.
CLASSIC_RESOURCE_TYPES = {'hardware': 'hardware', 'virtual_guest': 'virtualGuests'}
MAX_FILE_BYTES = 8 * 1024 * 1024
# The technical offerings (/case-management/utilities/v1/offerings/technical). Only Cloud Object Storage, with
# its catalog id, is recorded (the SDK's integration test); the others are examples of the same shape.
OFFERINGS = (
    {'name': 'Cloud Object Storage',
     'type': {'group': 'crn_service_name', 'key': 'cloud-object-storage', 'id': 'dff97f5c-bc5e-4455-b470-411c3edbe49c'}},
    {'name': 'Virtual Private Cloud', 'type': {'group': 'crn_service_name', 'key': 'is'}},
    {'name': 'Bare Metal Servers for Classic', 'type': {'group': 'crn_service_name', 'key': 'bare-metal-classic'}},
    {'name': 'Virtual Servers for Classic', 'type': {'group': 'crn_service_name', 'key': 'virtual-server-classic'}},
    {'name': 'Classic Infrastructure', 'type': {'group': 'category', 'key': 'classic_infrastructure'}},
)
TICKET_CASE_NUMBER = re.compile(r'^CS\d+$')
WRITES = frozenset(('create_case', 'update_case_status', 'add_comment', 'add_watchlist', 'remove_watchlist',
                    'add_resource', 'upload_file', 'delete_file'))


class CaseError(Exception):
    """An error answer: HTTP status, error code and message (the API Handbook's error container)."""

    def __init__(self, status, code, message):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def bad_request(message):
    return CaseError(400, 'bad_request', message)


def not_found(number):
    return CaseError(404, 'not_found', "Case '{}' not found.".format(number))


class Ask:
    """One call's context: the state, the calling user (from the IAM token) and the server's switches."""

    def __init__(self, state, user, policy):
        self.state = state
        self.user = user
        self.policy = policy
        self.now = utc_now()

    def user_ref(self):
        return user_ref(self.user)


def utc_now():
    return datetime.now(timezone.utc).strftime('%Y-%m-%dT%H:%M:%S.%f')[:-3] + 'Z'


def api_date_to_utc(value):
    """A SoftLayer date (with its offset) as the Case Management API writes dates: UTC with a Z."""
    if not value:
        return None
    moment = datetime.fromisoformat(value).astimezone(timezone.utc)
    return moment.strftime('%Y-%m-%dT%H:%M:%S.') + '000Z'


def user_ref(user):
    return {'name': '{} {}'.format(user.get('firstName', ''), user.get('lastName', '')).strip(), 'realm': 'IBMid',
            'user_id': user['email']}


# -- finding cases ---------------------------------------------------------------------------------


def _stored_case(state, number):
    return next((case for case in state.tables['cases'].values() if case['number'] == number), None)


def _ticket_by_number(state, number):
    if state.policy.get('ticket_cases', 'mirrored') != 'mirrored' or not TICKET_CASE_NUMBER.match(number or ''):
        return None
    return next((ticket for ticket in state.tables['tickets'].values()
                 if ticket.get('serviceProviderResourceId') == number), None)


def _find(ask, number):
    """(stored case or None, ticket or None) for a case number; 404 when neither exists."""
    case = _stored_case(ask.state, number)
    ticket = None if case else _ticket_by_number(ask.state, number)
    if case is None and ticket is None:
        raise not_found(number)
    return case, ticket


def _all_numbers(state):
    numbers = [case['number'] for case in state.tables['cases'].values()]
    if state.policy.get('ticket_cases', 'mirrored') == 'mirrored':
        numbers.extend(ticket['serviceProviderResourceId'] for ticket in state.tables['tickets'].values()
                       if TICKET_CASE_NUMBER.match(ticket.get('serviceProviderResourceId') or ''))
    return numbers


def _rows(state, table, number):
    return [row for row in state.tables[table].values() if row['caseNumber'] == number]


# -- the case as the API answers it ------------------------------------------------------------------


def _public(row, keys):
    return {key: row.get(key) for key in keys}


def _attachment(row):
    return {'id': row['fileId'], 'filename': row['filename'], 'size_in_bytes': row['size'], 'created_at': row['createdAt'],
            'url': '/case-management/v1/cases/{}/attachments/{}'.format(row['caseNumber'], row['fileId'])}


def _case_parts(state, number):
    """What every case holds by number, whether opened here or mirrored from a ticket."""
    return {
        'watchlist': [dict(row['user']) for row in _rows(state, 'caseWatchers', number)],
        'attachments': [_attachment(row) for row in _rows(state, 'caseAttachments', number)],
        'resources': [_public(row, ('crn', 'name', 'type', 'url', 'note')) for row in _rows(state, 'caseResources', number)],
        'comments': [_public(row, ('value', 'added_at', 'added_by')) for row in _rows(state, 'caseComments', number)],
    }


def _stored_view(state, case):
    view = {key: case.get(key) for key in (
        'number', 'short_description', 'description', 'created_at', 'created_by', 'updated_at', 'updated_by',
        'contact_type', 'contact', 'status', 'severity', 'support_tier', 'resolution', 'close_notes', 'eu',
        'offering', 'invoice_number')}
    view.update(_case_parts(state, case['number']))
    return view


def _ticket_status(state, ticket):
    if ticket['statusId'] == st.STATUS_CLOSED:
        return 'closed'
    if ticket.get('lastEditType') == 'EMPLOYEE':
        return 'waiting_on_client'
    staff_spoke = any(update.get('editorType') == 'EMPLOYEE' for update in state.updates_by_ticket.get(ticket['id'], []))
    return 'in_progress' if staff_spoke or ticket['statusId'] == st.STATUS_ASSIGNED else 'new'


def _ticket_author(state, update):
    if update.get('editorType') == 'USER':
        user = state.get('users', update.get('editorId'))
        if user is not None:
            return user_ref(user)
    return {'name': 'IBM Support', 'realm': 'IBMid', 'user_id': 'support@ibm.com'}


def _device_resource(state, table, link_key, link, kind):
    device = state.get(table, link[link_key]) or {}
    name = '{}.{}'.format(device.get('hostname', ''), device.get('domain', '')) if device else None
    return {'crn': None, 'name': name, 'type': kind, 'url': None, 'note': None}


def _ticket_view(state, ticket):
    """A SoftLayer ticket as the case it is in the Support Center (contact type 'IMS Console')."""
    number = ticket['serviceProviderResourceId']
    updates = state.updates_by_ticket.get(ticket['id'], [])
    first = updates[0] if updates else None
    owner = _ticket_author(state, first) if first else None
    parts = _case_parts(state, number)
    parts['comments'] = [{'value': update['entry'], 'added_at': api_date_to_utc(update['createDate']),
                          'added_by': _ticket_author(state, update)} for update in updates[1:]] + parts['comments']
    parts['resources'] = (
        [_device_resource(state, 'hardware', 'hardwareId', link, 'hardware')
         for link in state.hardware_links_by_ticket.get(ticket['id'], [])]
        + [_device_resource(state, 'virtualGuests', 'virtualGuestId', link, 'virtual_guest')
           for link in state.guest_links_by_ticket.get(ticket['id'], [])] + parts['resources'])
    parts['attachments'] = [
        {'id': str(row['id']), 'filename': row['fileName'], 'size_in_bytes': int(row.get('fileSize') or 0),
         'created_at': api_date_to_utc(row['createDate']), 'url': None}
        for row in state.files_by_ticket.get(ticket['id'], [])] + parts['attachments']
    view = {
        'number': number, 'short_description': ticket.get('title'), 'description': first['entry'] if first else None,
        'created_at': api_date_to_utc(ticket.get('createDate')), 'created_by': owner,
        'updated_at': api_date_to_utc(ticket.get('modifyDate') or ticket.get('createDate')), 'updated_by': owner,
        'contact_type': 'IMS Console', 'contact': owner, 'status': _ticket_status(state, ticket),
        'severity': ticket.get('priority') or DEFAULT_SEVERITY, 'support_tier': 'Basic', 'resolution': None,
        'close_notes': None, 'eu': {'support': False, 'data_center': None}, 'offering': None, 'invoice_number': None,
    }
    view.update(parts)
    return view


def case_view(state, number):
    case = _stored_case(state, number)
    if case is not None:
        return _stored_view(state, case)
    return _ticket_view(state, _ticket_by_number(state, number))


def _select(view, fields):
    return view if not fields else {key: view.get(key) for key in fields}


def _fields(raw):
    if raw is None:
        return None
    fields = [field for field in raw.split(',') if field]
    unknown = [field for field in fields if field not in FIELDS]
    if unknown:
        raise bad_request("Invalid field(s): {}. Valid fields: {}.".format(', '.join(unknown), ', '.join(FIELDS)))
    return fields


# -- reads ---------------------------------------------------------------------------------------------


def _int_param(raw, name, default, minimum, maximum=None):
    if raw is None:
        return default
    if not re.match(r'^\d+$', raw) or int(raw) < minimum or (maximum is not None and int(raw) > maximum):
        bounds = '{} to {}'.format(minimum, maximum) if maximum is not None else 'at least {}'.format(minimum)
        raise bad_request("'{}' must be an integer, {}: got '{}'.".format(name, bounds, raw))
    return int(raw)


def _sort_key(field):
    def key(view):
        value = view.get(field)
        return (value is None, value if value is not None else '')
    return key


def _page_link(offset, limit, query):
    extra = ''.join('&{}={}'.format(name, value) for name, value in query if value is not None)
    return {'href': '/case-management/v1/cases?offset={}&limit={}{}'.format(offset, limit, extra)}


def get_cases(ask, query):
    """The account's cases: search, status filter, sort ('~' descending), offset and limit, fields."""
    offset = _int_param(query.get('offset'), 'offset', 0, 0)
    limit = _int_param(query.get('limit'), 'limit', DEFAULT_LIMIT, 1, MAX_LIMIT)
    fields = _fields(query.get('fields'))
    statuses = None
    if query.get('status') is not None:
        statuses = [status for status in query['status'].split(',') if status]
        unknown = [status for status in statuses if status not in STATUSES]
        if unknown:
            raise bad_request("Invalid status(es): {}. Valid statuses: {}.".format(', '.join(unknown), ', '.join(STATUSES)))
    sort = query.get('sort') or DEFAULT_SORT
    sort_field = sort[1:] if sort.startswith('~') else sort
    if sort_field not in SORT_FIELDS:
        raise bad_request("Invalid sort field '{}'. Valid sort fields: {}.".format(sort_field, ', '.join(SORT_FIELDS)))
    search = (query.get('search') or '').lower()
    views = [case_view(ask.state, number) for number in _all_numbers(ask.state)]
    if statuses is not None:
        views = [view for view in views if view['status'] in statuses]
    if search:
        views = [view for view in views if any(search in (view.get(key) or '').lower()
                                               for key in ('number', 'short_description', 'description'))]
    views.sort(key=lambda view: view['number'])
    views.sort(key=_sort_key(sort_field), reverse=sort.startswith('~'))
    total = len(views)
    echo = [('search', query.get('search')), ('sort', query.get('sort')), ('status', query.get('status')),
            ('fields', query.get('fields'))]
    answer = {'total_count': total, 'first': _page_link(0, limit, echo),
              'last': _page_link(max(0, (total - 1) // limit * limit), limit, echo),
              'cases': [_select(view, fields) for view in views[offset:offset + limit]]}
    if offset + limit < total:
        answer['next'] = _page_link(offset + limit, limit, echo)
    if offset > 0:
        answer['previous'] = _page_link(max(0, offset - limit), limit, echo)
    return answer


def get_case(ask, number, query):
    fields = _fields(query.get('fields'))
    _find(ask, number)
    return _select(case_view(ask.state, number), fields)


def technical_offerings(_ask):
    return {'offerings': [dict(offering, type=dict(offering['type'])) for offering in OFFERINGS]}


# -- writes --------------------------------------------------------------------------------------------


def _text(body, name, required=True):
    value = body.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise bad_request("'{}' is required and must be a non-empty string.".format(name))
    return value


def _offering(raw, case_type):
    if raw is None:
        if case_type == 'technical':
            raise bad_request("'offering' is required for a technical case; list them at "
                              "/case-management/utilities/v1/offerings/technical.")
        return None
    if not isinstance(raw, dict) or not isinstance(raw.get('name'), str) or not isinstance(raw.get('type'), dict):
        raise bad_request("'offering' must be an object with 'name' and 'type' ('group', 'key').")
    kind = raw['type']
    for offering in OFFERINGS:
        if offering['name'] == raw['name'] and offering['type']['group'] == kind.get('group') \
                and offering['type']['key'] == kind.get('key'):
            if kind.get('id') is not None and kind['id'] != offering['type'].get('id'):
                break
            return {'name': offering['name'], 'type': dict(offering['type'])}
    raise bad_request("Unknown offering '{}' ({}: {}).".format(raw['name'], kind.get('group'), kind.get('key')))


def _user(raw):
    if not isinstance(raw, dict) or raw.get('realm') not in REALMS or not isinstance(raw.get('user_id'), str) \
            or not raw['user_id']:
        raise bad_request("A user must be an object with 'realm' ({}) and 'user_id'.".format(', '.join(REALMS)))
    return raw['realm'], raw['user_id']


def _account_user(state, realm, user_id):
    if realm != 'IBMid':
        return None
    return next((user for user in state.tables['users'].values() if user.get('email') == user_id), None)


def _resource(ask, raw):
    """A resource row (without its case) from {crn} or {type, id} (a classic device of the account), plus note."""
    if not isinstance(raw, dict):
        raise bad_request('A resource must be an object with a crn, or a type and an id.')
    note = raw.get('note')
    if note is not None and not isinstance(note, str):
        raise bad_request("A resource's 'note' must be a string.")
    crn = raw.get('crn')
    if crn is not None:
        if not isinstance(crn, str) or not crn.startswith('crn:v1:') or len(crn.split(':')) < 10:
            raise bad_request("'crn' must be a Cloud Resource Name (crn:v1:...): got {!r}.".format(crn))
        return {'crn': crn, 'name': crn.split(':')[-3] or crn, 'type': crn.split(':')[4], 'url': None, 'note': note}
    kind, device_id = raw.get('type'), raw.get('id')
    if kind not in CLASSIC_RESOURCE_TYPES or isinstance(device_id, bool) or not isinstance(device_id, (int, float)):
        raise bad_request("A resource needs a 'crn', or a 'type' ({}) and a numeric 'id'.".format(
            ', '.join(CLASSIC_RESOURCE_TYPES)))
    device = ask.state.get(CLASSIC_RESOURCE_TYPES[kind], int(device_id))
    if device is None or int(device_id) != device_id:
        raise bad_request("No {} with id {} in this account.".format(kind, device_id))
    return {'crn': None, 'name': '{}.{}'.format(device['hostname'], device['domain']), 'type': kind, 'url': None,
            'note': note, '_deviceId': device['id']}


def _touch(ask, case):
    if case is not None:
        ask.state.change('cases', case, updated_at=ask.now, updated_by=ask.user_ref())


def create_case(ask, body):
    if not isinstance(body, dict):
        raise bad_request('The request body must be a JSON object.')
    case_type = body.get('type')
    if case_type not in CASE_TYPES:
        raise bad_request("'type' must be one of {}: got {!r}.".format(', '.join(CASE_TYPES), case_type))
    subject = _text(body, 'subject')
    description = _text(body, 'description')
    severity = body.get('severity', DEFAULT_SEVERITY)
    if severity not in SEVERITIES or isinstance(severity, bool):
        raise bad_request("'severity' must be one of 1, 2, 3, 4 (1 is the most severe): got {!r}.".format(severity))
    offering = _offering(body.get('offering'), case_type)
    resources = [_resource(ask, raw) for raw in _list(body, 'resources')]
    watchers = []
    for raw in _list(body, 'watchlist'):
        realm, user_id = _user(raw)
        member = _account_user(ask.state, realm, user_id)
        if member is None:
            raise bad_request("User '{}' ({}) is not a member of this account.".format(user_id, realm))
        watchers.append(user_ref(member))
    invoice = _text(body, 'invoice_number', required=False)
    sla_credit = body.get('sla_credit_request')
    if sla_credit is not None and not isinstance(sla_credit, bool):
        raise bad_request("'sla_credit_request' must be a boolean.")
    eu = body.get('eu')
    if eu is not None and not isinstance(eu, dict):
        raise bad_request("'eu' must be an object.")
    number = 'CS{:07d}'.format(ask.state.next_counter('caseNumber', 2400001))
    me = ask.user_ref()
    case = ask.state.insert('cases', {
        'number': number, 'type': case_type, 'short_description': subject, 'description': description,
        'severity': severity, 'status': 'new', 'offering': offering, 'invoice_number': invoice,
        'sla_credit_request': sla_credit, 'eu': {'support': bool(eu and eu.get('supported')), 'data_center': None},
        'created_at': ask.now, 'created_by': me, 'updated_at': ask.now, 'updated_by': me, 'contact': me,
        'contact_type': 'Cloud Support Center', 'support_tier': 'Basic', 'resolution': None, 'close_notes': None,
        'accountId': ask.user.get('accountId'),
    })
    for row in resources:
        ask.state.insert('caseResources', dict(row, caseNumber=number))
    for user in watchers:
        ask.state.insert('caseWatchers', {'caseNumber': number, 'user': user})
    return _stored_view(ask.state, case)


def _list(body, name):
    value = body.get(name)
    if value is None:
        return []
    if not isinstance(value, list):
        raise bad_request("'{}' must be a list.".format(name))
    return value


def _refuse_closed(case, ticket, number):
    closed = (case or {}).get('status') == 'closed' or (ticket is not None and ticket['statusId'] == st.STATUS_CLOSED)
    if closed:
        raise bad_request("Case '{}' is closed and cannot be updated.".format(number))


def add_comment(ask, number, body):
    case, ticket = _find(ask, number)
    comment = _text(body if isinstance(body, dict) else {}, 'comment')
    _refuse_closed(case, ticket, number)
    if ticket is not None:   # the same case in both portals: a comment is a ticket update
        ctx = services.Context(ask.state, ask.user, 'rest', ask.policy)
        now = st.now_iso()
        created = services._add_updates(ctx, ticket, comment, now)   # pylint: disable=protected-access
        services._touch_ticket(ctx, ticket, now)                    # pylint: disable=protected-access
        return {'value': comment, 'added_at': api_date_to_utc(created[0]['createDate']), 'added_by': ask.user_ref()}
    row = ask.state.insert('caseComments', {'caseNumber': number, 'value': comment, 'added_at': ask.now,
                                            'added_by': ask.user_ref()})
    fields = {'updated_at': ask.now, 'updated_by': ask.user_ref()}
    if case['status'] == 'waiting_on_client':
        fields['status'] = 'in_progress'
    ask.state.change('cases', case, **fields)
    return _public(row, ('value', 'added_at', 'added_by'))


def update_case_status(ask, number, body):
    case, ticket = _find(ask, number)
    body = body if isinstance(body, dict) else {}
    action = body.get('action')
    if action not in ('resolve', 'unresolve', 'accept'):
        raise bad_request("'action' must be one of resolve, unresolve, accept: got {!r}.".format(action))
    if ticket is not None:
        raise bad_request("Case '{}' is a classic infrastructure ticket; its status follows the ticket.".format(number))
    comment = body.get('comment')
    if comment is not None and not isinstance(comment, str):
        raise bad_request("'comment' must be a string.")
    status = case['status']
    if action == 'resolve':
        code = body.get('resolution_code')
        if code not in RESOLUTION_CODES or isinstance(code, bool):
            raise bad_request("'resolution_code' must be an integer from 1 to 8: got {!r}.".format(code))
        if status in ('resolved', 'closed'):
            raise bad_request("Case '{}' is {} and cannot be resolved.".format(number, status))
        changes = {'status': 'resolved', 'resolution': RESOLUTION_CODES[code], 'close_notes': comment}
    elif action == 'unresolve':
        if not comment or not comment.strip():
            raise bad_request("'comment' is required to unresolve a case: say why it is not resolved.")
        if status not in ('resolved', 'resolution_provided'):
            raise bad_request("Case '{}' is {}; only a resolved case can be unresolved.".format(number, status))
        changes = {'status': 'in_progress', 'resolution': None, 'close_notes': None}
    else:
        if status != 'resolution_provided':
            raise bad_request("Case '{}' is {}; only a provided resolution can be accepted.".format(number, status))
        changes = {'status': 'resolved', 'close_notes': comment}
    if comment:
        ask.state.insert('caseComments', {'caseNumber': number, 'value': comment, 'added_at': ask.now,
                                          'added_by': ask.user_ref()})
    ask.state.change('cases', case, updated_at=ask.now, updated_by=ask.user_ref(), **changes)
    return _stored_view(ask.state, case)


def add_watchlist(ask, number, body):
    case, _ticket = _find(ask, number)
    added, failed = [], []
    watching = {(row['user']['realm'], row['user']['user_id']) for row in _rows(ask.state, 'caseWatchers', number)}
    for raw in _list(body if isinstance(body, dict) else {}, 'watchlist'):
        realm, user_id = _user(raw)
        member = _account_user(ask.state, realm, user_id)
        if member is None:
            failed.append({'realm': realm, 'user_id': user_id})
            continue
        ref = user_ref(member)
        if (realm, user_id) not in watching:
            ask.state.insert('caseWatchers', {'caseNumber': number, 'user': ref})
            watching.add((realm, user_id))
        added.append(ref)
    if added:
        _touch(ask, case)
    return {'added': added, 'failed': failed}


def remove_watchlist(ask, number, body):
    case, _ticket = _find(ask, number)
    wanted = {_user(raw) for raw in _list(body if isinstance(body, dict) else {}, 'watchlist')}
    rows = _rows(ask.state, 'caseWatchers', number)
    for row in rows:
        if (row['user']['realm'], row['user']['user_id']) in wanted:
            ask.state.delete('caseWatchers', row)
    _touch(ask, case)
    return {'watchlist': [dict(row['user']) for row in _rows(ask.state, 'caseWatchers', number)]}


def add_resource(ask, number, body):
    case, ticket = _find(ask, number)
    _refuse_closed(case, ticket, number)
    row = _resource(ask, body if isinstance(body, dict) else None)
    stored = ask.state.insert('caseResources', dict(row, caseNumber=number))
    _touch(ask, case)
    return _public(stored, ('crn', 'name', 'type', 'url', 'note'))


def upload_file(ask, number, files):
    """``files``: (filename, content type, bytes) for each 'file' part of the multipart body."""
    case, ticket = _find(ask, number)
    _refuse_closed(case, ticket, number)
    if not files:
        raise bad_request("The multipart body needs at least one 'file' part.")
    stored = []
    for filename, content_type, data in files:
        if not filename:
            raise bad_request("Every 'file' part needs a filename.")
        if len(data) > MAX_FILE_BYTES:
            raise bad_request("File '{}' is {} bytes; the limit is 8 MB.".format(filename, len(data)))
        stored.append(ask.state.insert('caseAttachments', {
            'caseNumber': number, 'fileId': uuid.uuid4().hex, 'filename': filename, 'size': len(data),
            'createdAt': ask.now, 'contentType': content_type or 'application/octet-stream',
            '_data': base64.b64encode(data).decode('ascii')}))
    _touch(ask, case)
    return _attachment(stored[-1])


def _attachment_row(ask, number, file_id):
    _find(ask, number)
    row = next((row for row in _rows(ask.state, 'caseAttachments', number) if row['fileId'] == file_id), None)
    if row is None:
        raise CaseError(404, 'not_found', "Attachment '{}' not found on case '{}'.".format(file_id, number))
    return row


def download_file(ask, number, file_id):
    """(filename, content type, bytes) of one attachment."""
    row = _attachment_row(ask, number, file_id)
    return row['filename'], row['contentType'], base64.b64decode(row['_data'])


def delete_file(ask, number, file_id):
    row = _attachment_row(ask, number, file_id)
    case, _ticket = _find(ask, number)
    ask.state.delete('caseAttachments', row)
    _touch(ask, case)
    return {'attachments': [_attachment(rest) for rest in _rows(ask.state, 'caseAttachments', number)]}


# -- Support Center staff (the admin API) -------------------------------------------------------------


def staff_reply(state, number, comment, status=None):
    """IBM support writes on a case opened through this API; the status follows (default waiting_on_client)."""
    case = _stored_case(state, number)
    if case is None:
        raise ValueError('no case {!r} opened through the Case Management API'.format(number))
    if comment is not None and (not isinstance(comment, str) or not comment.strip()):
        raise ValueError('comment must be a non-empty string')
    status = status or ('waiting_on_client' if comment else None)
    if status not in STATUSES:
        raise ValueError('status must be one of {}'.format(', '.join(STATUSES)))
    now = utc_now()
    staff = {'name': 'IBM Support', 'realm': 'IBMid', 'user_id': 'support@ibm.com'}
    if comment:
        state.insert('caseComments', {'caseNumber': number, 'value': comment, 'added_at': now, 'added_by': staff})
    state.change('cases', case, status=status, updated_at=now, updated_by=staff)
    return case_view(state, number)
