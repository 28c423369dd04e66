"""SoftLayer services and methods: argument binding, validation, state changes and result shaping.

``dispatch(context, call)`` runs one API call that the server has already decoded and
authenticated. It returns a ``Result``: the JSON-able value (bytes stay bytes for the transport
to encode), and for list results the total before paging, which becomes ``SoftLayer-Total-Items``.
Messages quoted in the API reference are used verbatim; the others are marked UNCONFIRMED in
README.md.
"""

import base64
import binascii
import collections
import re
from datetime import datetime

from . import faults
from . import model
from . import objectfilter
from . import objectmask
from . import state as st

UPDATE_PIECE = 3900          # the server cuts update text into pieces of this many characters
MAX_ENTRY = 19000            # [WIKI] ceiling per call (UNCONFIRMED today; enforced)
MAX_FILES_PER_CALL = 2
MAX_FILE_BYTES = 1024 * 1000 * 5   # hinted by ibmcloud sl's unused five_MB constant (UNCONFIRMED; enforced)
MAX_FINAL_COMMENTS = 4000
ATTACHMENT_TYPES = ('HARDWARE', 'VIRTUAL_GUEST')
FILE_CONTAINER = 'SoftLayer_Container_Utility_File_Attachment'
FILE_FAILED = 'Unable to attach file to this ticket.'
FILE_NO_CONTENTS = 'Unable to attach a file with no contents to this ticket.'
EMAIL_RE = re.compile(r'^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+$')

WRITE_METHODS = frozenset((
    'createStandardTicket', 'addUpdate', 'edit', 'addAttachedHardware', 'addAttachedVirtualGuest', 'addAttachedFile',
    'removeAttachedHardware', 'removeAttachedVirtualGuest', 'addAttachedAdditionalEmails',
    'updateAttachedAdditionalEmails', 'removeAttachedAdditionalEmails', 'markAsViewed', 'addFinalComments',
))

# Template properties a customer may set on create/edit, with their types; other local properties are
# accepted but ignored (the server sets them), unknown ones are rejected.
TICKET_WRITABLE = {
    'title': str, 'subjectId': int, 'priority': int, 'assignedUserId': int, 'notifyUserOnUpdateFlag': bool,
}


class Call:
    """A decoded API request, the same for both transports."""

    def __init__(self, protocol, service, method, init_id=None, mask=None, object_filter=None, limit=None, offset=None,
                 args=()):
        self.protocol = protocol
        self.service = service
        self.method = method
        self.init_id = init_id
        self.mask = mask
        self.filter = object_filter
        self.limit = limit
        self.offset = offset
        self.args = list(args)


class Context:
    """What a method needs besides its arguments: the state, the caller and the server policy."""

    def __init__(self, state, user, protocol, policy=None):
        self.state = state
        self.user = user
        self.protocol = protocol
        # The server's switches (server.POLICIES); the model reads them through the state while a call runs.
        self.policy = dict(policy or {})
        state.policy = self.policy
        # The caller's own time zone: the API writes their dates in it and reads filter dates in it.
        self.user_timezone = self.policy.get('user_timezone', st.DEFAULT_USER_TIMEZONE)
        self.zone = st.user_timezone(self.user_timezone)


class Result:
    def __init__(self, value, total=None):
        self.value = value
        self.total = total


class Method:
    """One API method: handler(context, obj, *args), parameter spec, and M/F/L flags."""

    def __init__(self, handler, params=(), static=False, mask=True, filtered=False, limited=False, root=None):
        self.handler = handler
        self.params = params
        self.static = static
        self.mask = mask
        self.filtered = filtered
        self.limited = limited
        # Filter key for relational getters (e.g. 'openTickets'); None means the filter is rooted at the element.
        self.root = root


class Service:
    def __init__(self, name, node_cls, table, methods):
        self.name = name
        self.node_cls = node_cls
        self.table = table
        self.methods = dict(methods)
        self.methods.setdefault('getObject', Method(lambda ctx, obj: obj, filtered=True))
        if node_cls is not None:
            for prop in node_cls.relation_names():
                getter = 'get' + prop[0].upper() + prop[1:]
                self.methods.setdefault(getter, Method(_relational_getter(prop), filtered=True, limited=True, root=prop))

    def lookup(self, ctx, init_id):
        if self.table is None:
            if init_id is not None and init_id != ctx.state.account['id']:
                raise faults.object_not_found(init_id)
            return self.node_cls(ctx.state, ctx.state.account)
        record = ctx.state.get(self.table, init_id)
        if record is None:
            raise faults.object_not_found(init_id)
        return self.node_cls(ctx.state, record)


def _relational_getter(prop):
    return lambda ctx, obj: obj.relational(prop)


# -- argument helpers ------------------------------------------------------------------------


def _coerce(value, kind, name):
    """Check one argument against its declared type; REST clients may send numbers as digit strings."""
    if value is None or kind is None:
        return value
    if kind is int:
        if isinstance(value, bool):
            raise _invalid_value(name)
        if isinstance(value, int):
            return value
        if isinstance(value, str) and value.strip().lstrip('-').isdigit():
            return int(value)
        raise _invalid_value(name)
    if kind is bool:
        if isinstance(value, bool):
            return value
        if value in (0, 1):
            return bool(value)
        raise _invalid_value(name)
    if not isinstance(value, kind):
        raise _invalid_value(name)
    return value


def _invalid_value(name):
    return faults.ApiFault(faults.INVALID_VALUE, "Invalid value provided for '{}'.".format(name))


def bind_args(method_name, params, args):
    """Positional binding as the API does it: trailing parameters may be omitted, extra ones are an error."""
    if len(args) > len(params):
        raise faults.invalid_parameters('{} takes at most {} parameter(s), {} given.'.format(method_name, len(params), len(args)))
    bound = []
    for index, (name, kind, default) in enumerate(params):
        value = args[index] if index < len(args) else default
        bound.append(_coerce(value, kind, name))
    return bound


def check_template(template, node_cls, required_message=None):
    """Reject unknown or relational keys in a template object (REST behaviour per ISS #1147, enforced on both transports)."""
    if template is None:
        if required_message:
            raise faults.public(required_message)
        return {}
    if not isinstance(template, dict):
        raise _invalid_value('templateObject')
    for key, value in template.items():
        if key == 'complexType':
            if value != node_cls.type_name:
                raise faults.public("Invalid complexType '{}' for '{}'.".format(value, node_cls.type_name))
            continue
        if key not in node_cls.LOCALS:
            raise faults.invalid_property(key, node_cls.type_name)
    return template


def _template_value(template, key):
    return _coerce(template.get(key), TICKET_WRITABLE[key], key)


# -- shared ticket logic -----------------------------------------------------------------------


def _ticket_record(obj):
    return obj.record


def _refuse_closed(ticket):
    if ticket['statusId'] == st.STATUS_CLOSED:
        raise faults.public('This ticket is closed and cannot be updated.')


def _check_entry(text, empty_message, fault=faults.public):
    if text is None or not isinstance(text, str) or not text.strip():
        if text is not None and not isinstance(text, str):
            raise _invalid_value('entry')
        raise fault(empty_message)
    if len(text) > MAX_ENTRY:
        raise fault('Unable to create a ticket update longer than {} characters.'.format(MAX_ENTRY))


def _file_bytes(ctx, data, filename):
    """XML-RPC sends bytes as <base64>; a plain string there is stored as its text, as the real API corrupts it."""
    if isinstance(data, (bytes, bytearray)):
        return bytes(data)
    if not isinstance(data, str):
        raise _invalid_value('data')
    if ctx.protocol == 'rest':
        try:
            return base64.b64decode(data.encode('ascii'), validate=True)
        except (binascii.Error, UnicodeEncodeError, ValueError):
            raise faults.exception(FILE_FAILED) from None
    return data.encode('utf-8')


def _check_files(ctx, containers, existing_names):
    """Validate file containers (all before any write) and return (filename, bytes) pairs."""
    if containers is None:
        return []
    if not isinstance(containers, list):
        raise _invalid_value('attachedFiles')
    if len(containers) > MAX_FILES_PER_CALL:
        raise faults.exception('You may not attach more than two files when updating a ticket.')
    names = set(existing_names)
    checked = []
    for container in containers:
        filename, data = _check_file(ctx, container, names)
        names.add(filename)
        checked.append((filename, data))
    return checked


def _check_file(ctx, container, existing_names):
    if container is None or container == {}:
        raise faults.exception('Unable to attach a null file to this ticket.')
    if not isinstance(container, dict):
        raise _invalid_value('fileAttachment')
    for key, value in container.items():
        if key == 'complexType' and value == FILE_CONTAINER:
            continue
        if key not in ('filename', 'data'):
            raise faults.invalid_property(key, FILE_CONTAINER)
    filename = container.get('filename')
    if not isinstance(filename, str) or not filename.strip():
        raise faults.exception('Unable to attach a file with no file name to this ticket.')
    if container.get('data') in (None, '', b''):
        raise faults.exception(FILE_NO_CONTENTS)
    data = _file_bytes(ctx, container['data'], filename)
    if not data:
        raise faults.exception(FILE_NO_CONTENTS)
    # No public text for a refused extension or size: the documented catch-all (evidence row 9).
    extension = filename.rsplit('.', 1)[1].lower() if '.' in filename else ''
    if extension not in ctx.state.extension_whitelist or len(data) > MAX_FILE_BYTES:
        raise faults.exception(FILE_FAILED)
    if filename in existing_names:
        raise faults.exception('A file named {} is already attached to this ticket.'.format(filename))
    return filename, data


def _store_file(ctx, ticket, filename, data, update_id, now):
    return ctx.state.insert('attachedFiles', {
        'ticketId': ticket['id'], 'updateId': update_id, 'fileName': filename, 'fileSize': str(len(data)),
        'createDate': now, 'modifyDate': now, 'uploaderType': 'USER', 'uploaderId': str(ctx.user['id']),
        '_data': base64.b64encode(data).decode('ascii'),
    })


def _add_updates(ctx, ticket, text, now):
    """Store ``text`` as one update per 3900-character piece and return the new records."""
    created = []
    for start in range(0, len(text), UPDATE_PIECE):
        created.append(ctx.state.insert('updates', {
            'ticketId': ticket['id'], 'entry': text[start:start + UPDATE_PIECE], 'createDate': now,
            'editorId': ctx.user['id'], 'editorType': 'USER',
        }))
    return created


def _touch_ticket(ctx, ticket, now, **fields):
    updates = ctx.state.updates_by_ticket.get(ticket['id'], [])
    ctx.state.change('tickets', ticket, modifyDate=now, lastEditDate=now, lastEditType='USER',
                     totalUpdateCount=len(updates), **fields)


def _user_id(ctx, value):
    if value is not None and ctx.state.get('users', value) is None:
        raise faults.object_not_found(value)
    return value


def _priority(value):
    if value is not None and not 0 <= value <= 4:
        raise faults.public('Invalid priority {}. Valid values are 0 to 4 (see SoftLayer_Ticket_Priority::getPriorities).'
                            .format(value))
    return value


def _device_table(attachment_type):
    return 'hardware' if attachment_type == 'HARDWARE' else 'virtualGuests'


# -- SoftLayer_Ticket ------------------------------------------------------------------------


def create_standard_ticket(ctx, _obj, template, contents, attachment_id, root_password, control_panel_password,
                           access_port, attached_files, attachment_type):
    template = check_template(template, model.Ticket)
    subject_id = _template_value(template, 'subjectId')
    if not subject_id:
        raise faults.exception('Please provide a subject when creating a standard support ticket.')
    subject = ctx.state.get('subjects', subject_id)
    if subject is None:
        raise faults.object_not_found(subject_id)
    _check_entry(contents, 'Please provide ticket contents.', faults.exception)
    attachment_type = attachment_type or 'HARDWARE'
    if attachment_type not in ATTACHMENT_TYPES:
        raise faults.exception("Invalid attachment type '{}'. Valid types are {}.".format(attachment_type, ', '.join(ATTACHMENT_TYPES)))
    device = None
    if attachment_id:
        if not root_password:
            raise faults.exception('Please provide a root/admin password.')
        device = ctx.state.get(_device_table(attachment_type), attachment_id)
        if device is None:
            raise faults.object_not_found(attachment_id)
    files = _check_files(ctx, attached_files, ())
    assigned_user_id = _user_id(ctx, _template_value(template, 'assignedUserId'))
    if assigned_user_id is None and ctx.policy.get('assigned_user', 'required') == 'required':
        # The API guide: every ticket template needs at minimum subjectId and assignedUserId.
        # No public text; the class is the one createStandardTicket's documented errors use (evidence row 11).
        raise faults.exception('Please provide an assigned user (assignedUserId) when creating a standard support ticket.')
    priority = _priority(_template_value(template, 'priority'))
    title = _template_value(template, 'title')
    notify = _template_value(template, 'notifyUserOnUpdateFlag')
    policy = ctx.policy.get('title_policy', 'prefixed')
    if policy == 'subject' or not title:
        title = subject['name']
    elif policy == 'prefixed':
        # As recorded from the real API: 'Hardware Issue - Dead Drive'.
        title = '{} - {}'.format(subject['name'], title)

    now = st.now_iso()
    ticket = ctx.state.insert('tickets', {
        'accountId': ctx.state.account['id'], 'assignedUserId': assigned_user_id, 'billableFlag': False,
        'changeOwnerFlag': False, 'createDate': now, 'groupId': subject.get('_groupId'), 'lastEditDate': now,
        'lastEditType': 'USER', 'modifyDate': now, 'notifyUserOnUpdateFlag': False if notify is None else notify,
        'priority': priority or 0, 'responsibleBrandId': ctx.state.account.get('brandId'),
        'serverAdministrationFlag': 0, 'serviceProviderId': 1,
        'serviceProviderResourceId': 'CS{:07d}'.format(ctx.state.next_counter('caseNumber', 2400001)),
        'statusId': st.STATUS_OPEN, 'subjectId': subject_id, 'title': title, 'userEditableFlag': True,
    })
    updates = _add_updates(ctx, ticket, contents, now)
    for filename, data in files:
        _store_file(ctx, ticket, filename, data, updates[-1]['id'], now)
    if device is not None:
        _link_device(ctx, ticket, attachment_type, device, now)
    # The caller has seen their own first update.
    _touch_ticket(ctx, ticket, now, _lastViewedUpdateId=updates[-1]['id'])
    return model.Ticket(ctx.state, ticket)


def add_update(ctx, obj, template, attached_files):
    ticket = _ticket_record(obj)
    template = check_template(template, model.TicketUpdate, 'Please provide ticket update contents.')
    _refuse_closed(ticket)
    _check_entry(template.get('entry'), 'Please provide ticket update contents.')
    files = _check_files(ctx, attached_files, [f['fileName'] for f in ctx.state.files_by_ticket.get(ticket['id'], [])])
    now = st.now_iso()
    updates = _add_updates(ctx, ticket, template['entry'], now)
    for filename, data in files:
        _store_file(ctx, ticket, filename, data, updates[-1]['id'], now)
    _touch_ticket(ctx, ticket, now)
    return [model.TicketUpdate(ctx.state, update) for update in updates]


def edit_ticket(ctx, obj, template, contents, attached_files):
    ticket = _ticket_record(obj)
    template = check_template(template, model.Ticket, 'Please provide a ticket to edit.')
    _refuse_closed(ticket)
    status_id = _coerce(template.get('statusId'), int, 'statusId')
    if status_id is not None and status_id != ticket['statusId']:
        raise faults.public('The status of a ticket cannot be changed with edit; tickets can not be closed or reopened here.')
    changes = {}
    if 'subjectId' in template:
        subject_id = _template_value(template, 'subjectId')
        if not subject_id:
            raise faults.public('Please provide a subject when editing a standard support ticket.')
        subject = ctx.state.get('subjects', subject_id)
        if subject is None:
            raise faults.object_not_found(subject_id)
        changes.update(subjectId=subject_id, groupId=subject.get('_groupId'))
    assigned_user_id = _user_id(ctx, _template_value(template, 'assignedUserId'))
    if assigned_user_id is not None:
        changes['assignedUserId'] = assigned_user_id
    priority = _priority(_template_value(template, 'priority'))
    support = ctx.policy.get('priority_support', 'applied')
    if priority is not None and priority != ticket.get('priority') and support == 'refused':
        # Invented text: what an account without Advanced or Premium support answers is unconfirmed.
        raise faults.public('Priority can only be set on accounts with Advanced or Premium support.')
    if priority is not None and support == 'applied':
        changes['priority'] = priority
    notify = _template_value(template, 'notifyUserOnUpdateFlag')
    if notify is not None:
        changes['notifyUserOnUpdateFlag'] = notify
    _template_value(template, 'title')  # type-checked; standard tickets keep their title
    if not isinstance(contents, str) or not contents.strip():
        raise faults.public('Please provide ticket update contents.')
    _check_entry(contents, 'Please provide ticket update contents.')
    files = _check_files(ctx, attached_files, [f['fileName'] for f in ctx.state.files_by_ticket.get(ticket['id'], [])])
    now = st.now_iso()
    updates = _add_updates(ctx, ticket, contents, now)
    for filename, data in files:
        _store_file(ctx, ticket, filename, data, updates[-1]['id'], now)
    _touch_ticket(ctx, ticket, now, **changes)
    return model.Ticket(ctx.state, ticket)


# How each attachable device kind is stored: its table, the ticket link table and key, the
# state's per-ticket link index, the noun used in error messages and the link's model class.
DeviceKind = collections.namedtuple('DeviceKind', 'table link_table device_key index label link_cls')
_DEVICE_KINDS = {
    'HARDWARE': DeviceKind('hardware', 'attachedHardware', 'hardwareId', 'hardware_links_by_ticket', 'hardware',
                           model.AttachmentHardware),
    'VIRTUAL_GUEST': DeviceKind('virtualGuests', 'attachedVirtualGuests', 'virtualGuestId', 'guest_links_by_ticket',
                                'virtual guest', model.AttachmentVirtualGuest),
}


def _null_device_message(verb, preposition, kind):
    """The documented texts differ in one article: "Unable to attach null hardware to this ticket." but "Unable to
    attach a null virtual guest to this ticket."; detaching has no article for either."""
    null_noun = 'null ' + _DEVICE_KINDS[kind].label
    if verb == 'attach' and kind == 'VIRTUAL_GUEST':
        null_noun = 'a ' + null_noun
    return 'Unable to {} {} {} this ticket.'.format(verb, null_noun, preposition)


def _link_device(ctx, ticket, kind, device, now):
    link_table, device_key = _DEVICE_KINDS[kind].link_table, _DEVICE_KINDS[kind].device_key
    return ctx.state.insert(link_table, {
        'ticketId': ticket['id'], device_key: device['id'], 'attachmentId': device['id'], 'createDate': now,
    })


def _find_device_link(ctx, ticket, kind, device_id):
    device_key, index = _DEVICE_KINDS[kind].device_key, _DEVICE_KINDS[kind].index
    for link in getattr(ctx.state, index).get(ticket['id'], []):
        if link[device_key] == device_id:
            return link
    return None


def _attach_device(kind):
    table, label, link_cls = _DEVICE_KINDS[kind].table, _DEVICE_KINDS[kind].label, _DEVICE_KINDS[kind].link_cls

    def handler(ctx, obj, device_id, _call_commit=None):
        ticket = _ticket_record(obj)
        if device_id is None:
            raise faults.exception(_null_device_message('attach', 'to', kind))
        _refuse_closed(ticket)
        device = ctx.state.get(table, device_id)
        if device is None:   # a device of another account (or none): the permission refusal, not ObjectNotFound
            raise faults.exception('You may not attach this {} to this ticket.'.format(label))
        if _find_device_link(ctx, ticket, kind, device_id) is not None:
            raise faults.exception('This {} is already attached to this ticket.'.format(label))
        now = st.now_iso()
        link = _link_device(ctx, ticket, kind, device, now)
        ctx.state.change('tickets', ticket, modifyDate=now)
        return link_cls(ctx.state, link)
    return handler


def _detach_device(kind):
    kind_info = _DEVICE_KINDS[kind]
    table, link_table, label = kind_info.table, kind_info.link_table, kind_info.label

    def handler(ctx, obj, device_id):
        ticket = _ticket_record(obj)
        if device_id is None:
            raise faults.exception(_null_device_message('detach', 'from', kind))
        _refuse_closed(ticket)
        if ctx.state.get(table, device_id) is None:
            raise faults.exception('You may not detach this {} from this ticket.'.format(label))
        link = _find_device_link(ctx, ticket, kind, device_id)
        if link is None:
            raise faults.exception('This {} is not attached to this ticket.'.format(label))
        ctx.state.delete(link_table, link)
        ctx.state.change('tickets', ticket, modifyDate=st.now_iso())
        return True
    return handler


def add_attached_file(ctx, obj, container):
    ticket = _ticket_record(obj)
    _refuse_closed(ticket)
    existing = [f['fileName'] for f in ctx.state.files_by_ticket.get(ticket['id'], [])]
    filename, data = _check_file(ctx, container, existing)
    now = st.now_iso()
    record = _store_file(ctx, ticket, filename, data, None, now)
    ctx.state.change('tickets', ticket, modifyDate=now)
    return model.AttachmentFile(ctx.state, record)


def get_attached_file(ctx, obj, attachment_id):
    """The file's bytes. The 2019 service page names three refusals, all ``SoftLayer_Exception``: a file of
    another ticket (or none), a listed file whose content is gone from the attachment store (a record whose
    ``_data`` is null here), and a content that cannot be loaded (not modelled)."""
    ticket = _ticket_record(obj)
    for attached in ctx.state.files_by_ticket.get(ticket['id'], []):
        if attached['id'] == attachment_id:
            if attached.get('_data') is None:
                raise faults.exception('File does not exist: file not found.')
            return base64.b64decode(attached['_data'])
    raise faults.exception('File {} is not attached to ticket {}.'.format(attachment_id, ticket['id']))


def _check_emails(emails):
    if emails is None:
        emails = []
    if not isinstance(emails, list) or not all(isinstance(email, str) for email in emails):
        raise _invalid_value('emails')
    invalid = [email for email in emails if not EMAIL_RE.match(email.strip())]
    if invalid:
        raise faults.public('Invalid email address(es) found: {}'.format(', '.join(invalid)))
    unique = {}
    for email in emails:
        unique.setdefault(email.strip().lower(), email.strip())
    return unique


def _emails_need_user(ticket):
    """The same documented text for add and update (the service pages of both methods say "add")."""
    if ticket.get('assignedUserId') is None:
        raise faults.public('This ticket does not have an assigned user. Could not add additional emails.')


def _attach_missing_emails(ctx, ticket, wanted, attached_records):
    """Attach the ``wanted`` addresses (lower-cased key -> spelling) that no record has yet."""
    attached = {e['email'].lower() for e in attached_records}
    for key, email in wanted.items():
        if key not in attached:
            ctx.state.insert('additionalEmails', {'ticketId': ticket['id'], 'email': email, 'userId': ticket['assignedUserId']})


def add_additional_emails(ctx, obj, emails):
    ticket = _ticket_record(obj)
    _refuse_closed(ticket)
    _emails_need_user(ticket)
    wanted = _check_emails(emails)
    _attach_missing_emails(ctx, ticket, wanted, ctx.state.emails_by_ticket.get(ticket['id'], []))
    return True


def update_additional_emails(ctx, obj, emails):
    ticket = _ticket_record(obj)
    _refuse_closed(ticket)
    _emails_need_user(ticket)
    wanted = _check_emails(emails)
    current = list(ctx.state.emails_by_ticket.get(ticket['id'], []))
    for record in current:
        if record['email'].lower() not in wanted:
            ctx.state.delete('additionalEmails', record)
    _attach_missing_emails(ctx, ticket, wanted, current)
    return True


def remove_additional_emails(ctx, obj, emails):
    ticket = _ticket_record(obj)
    _refuse_closed(ticket)
    if not isinstance(emails, list) or not all(isinstance(email, str) for email in emails):
        raise _invalid_value('emails')
    unwanted = {email.strip().lower() for email in emails}
    for record in list(ctx.state.emails_by_ticket.get(ticket['id'], [])):
        if record['email'].lower() in unwanted:
            ctx.state.delete('additionalEmails', record)
    return True


def mark_as_viewed(ctx, obj):
    ticket = _ticket_record(obj)
    updates = ctx.state.updates_by_ticket.get(ticket['id'], [])
    ctx.state.change('tickets', ticket, _lastViewedUpdateId=updates[-1]['id'] if updates else 0)


def add_final_comments(ctx, obj, comments):
    ticket = _ticket_record(obj)
    if ticket['statusId'] != st.STATUS_CLOSED:
        raise faults.public('You can only add final comments to a closed ticket.')
    if ticket.get('finalComments'):
        raise faults.public('This ticket already has final comments set.')
    if not isinstance(comments, str) or not comments.strip():
        raise faults.public('Please provide final comments.')
    if len(comments) > MAX_FINAL_COMMENTS:
        raise faults.public('Final comments may not be longer than {} characters.'.format(MAX_FINAL_COMMENTS))
    ctx.state.change('tickets', ticket, finalComments=comments, modifyDate=st.now_iso())
    return True


def _all(table, node_cls):
    return lambda ctx, obj: [node_cls(ctx.state, record) for record in ctx.state.rows(table)]


def _current_user(ctx, _obj):
    return model.UserCustomer(ctx.state, ctx.user)


def _priorities(ctx, _obj):
    return [dict(priority) for priority in ctx.state.priorities]


def _extension_whitelist(ctx, _obj):
    return list(ctx.state.extension_whitelist)


_FILES = [('attachedFiles', list, None)]
_TEMPLATE = ('templateObject', dict, None)

TICKET_METHODS = {
    'createStandardTicket': Method(create_standard_ticket, static=True, params=[
        _TEMPLATE, ('contents', None, None), ('attachmentId', int, None), ('rootPassword', str, None),
        ('controlPanelPassword', str, None), ('accessPort', str, None), ('attachedFiles', list, None),
        ('attachmentType', str, 'HARDWARE')]),
    'addUpdate': Method(add_update, params=[_TEMPLATE] + _FILES),
    'edit': Method(edit_ticket, params=[_TEMPLATE, ('contents', None, None)] + _FILES),
    'addAttachedHardware': Method(_attach_device('HARDWARE'), params=[('hardwareId', int, None)]),
    'addAttachedVirtualGuest': Method(_attach_device('VIRTUAL_GUEST'), params=[('guestId', int, None), ('callCommit', bool, False)]),
    'removeAttachedHardware': Method(_detach_device('HARDWARE'), mask=False, params=[('hardwareId', int, None)]),
    'removeAttachedVirtualGuest': Method(_detach_device('VIRTUAL_GUEST'), mask=False, params=[('guestId', int, None)]),
    'addAttachedFile': Method(add_attached_file, params=[('fileAttachment', None, None)]),
    'getAttachedFile': Method(get_attached_file, mask=False, params=[('attachmentId', int, None)]),
    'addAttachedAdditionalEmails': Method(add_additional_emails, mask=False, params=[('emails', None, None)]),
    'updateAttachedAdditionalEmails': Method(update_additional_emails, mask=False, params=[('emails', None, None)]),
    'removeAttachedAdditionalEmails': Method(remove_additional_emails, mask=False, params=[('emails', None, None)]),
    'markAsViewed': Method(mark_as_viewed, mask=False),
    'addFinalComments': Method(add_final_comments, mask=False, params=[('finalComments', None, None)]),
    'getAllTicketStatuses': Method(_all('statuses', model.TicketStatus), static=True),
    'getAllTicketGroups': Method(_all('ticketGroups', model.TicketGroup), static=True),
}

SERVICES = {service.name: service for service in (
    Service('SoftLayer_Account', model.Account, None, {'getCurrentUser': Method(_current_user)}),
    Service('SoftLayer_Ticket', model.Ticket, 'tickets', TICKET_METHODS),
    Service('SoftLayer_Ticket_Update', model.TicketUpdate, 'updates', {}),
    Service('SoftLayer_Ticket_Subject', model.TicketSubject, 'subjects', {
        'getAllObjects': Method(_all('subjects', model.TicketSubject), static=True, filtered=True, limited=True)}),
    Service('SoftLayer_Ticket_Subject_Category', model.TicketSubjectCategory, 'subjectCategories', {
        'getAllObjects': Method(_all('subjectCategories', model.TicketSubjectCategory), static=True, filtered=True, limited=True)}),
    Service('SoftLayer_Ticket_Priority', None, None, {
        'getPriorities': Method(_priorities, static=True, mask=False)}),
    Service('SoftLayer_Ticket_Attachment_File', model.AttachmentFile, 'attachedFiles', {
        'getExtensionWhitelist': Method(_extension_whitelist, static=True, mask=False)}),
    Service('SoftLayer_Hardware', model.Hardware, 'hardware', {}),
    Service('SoftLayer_Hardware_Server', model.HardwareServer, 'hardware', {}),
    Service('SoftLayer_Virtual_Guest', model.VirtualGuest, 'virtualGuests', {}),
    Service('SoftLayer_User_Customer', model.UserCustomer, 'users', {}),
)}
# SoftLayer_Ticket_Priority has no datatype of its own: no getObject either.
del SERVICES['SoftLayer_Ticket_Priority'].methods['getObject']


def find_method(service_name, method_name):
    service = SERVICES.get(service_name)
    if service is None:
        raise faults.service_not_found(service_name)
    method = service.methods.get(method_name)
    if method is None:
        raise faults.method_not_found(method_name)
    return service, method


def is_write(method_name):
    return method_name in WRITE_METHODS


def dict_mask_to_text(mask):
    """The old dict mask style ({'updates': {'entry': {}}}) as a mask string."""
    def items(level):
        parts = []
        for name, sub in level.items():
            parts.append('{}[{}]'.format(name, items(sub)) if isinstance(sub, dict) and sub else name)
        return ','.join(parts)
    if not isinstance(mask, dict):
        raise faults.public('Invalid object mask.')
    return 'mask[{}]'.format(items(mask)) if mask else None


def dispatch(ctx, call):
    """Run one decoded, authenticated call against the state. The caller holds the state lock."""
    service, method = find_method(call.service, call.method)
    obj = None
    if not method.static:
        if call.init_id is None and service.table is not None:
            raise faults.invalid_parameters('{}InitParameters with an id are required for {}::{}.'.format(
                call.service, call.service, call.method))
        obj = service.lookup(ctx, call.init_id)
    mask_text = call.mask
    if isinstance(mask_text, dict):
        mask_text = dict_mask_to_text(mask_text)
    mask = objectmask.parse_mask(mask_text) if method.mask and mask_text else None
    if call.filter is not None:
        objectfilter.validate_filter(call.filter)
    args = bind_args(call.method, method.params, call.args)
    value = method.handler(ctx, obj, *args)
    if isinstance(value, list):
        result = _list_result(call, method, value, mask, ctx.zone, ctx.policy.get('computed_filters', 'drop'))
    elif isinstance(value, model.Node):
        result = Result(objectmask.project(value, mask))
    else:
        result = Result(value)
    if ctx.user_timezone != st.DEFAULT_USER_TIMEZONE:
        result.value = in_zone(result.value, ctx.zone)
    return result


# A stored date: ISO 8601 with an offset, whole seconds (a fraction where the record has one).
_STORED_DATE_RE = re.compile(r'^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?[+-]\d{2}:\d{2}$')


def in_zone(value, zone):
    """A rendered answer with every date written in ``zone`` (the same instant, the user's offset)."""
    if isinstance(value, dict):
        return {name: in_zone(item, zone) for name, item in value.items()}
    if isinstance(value, list):
        return [in_zone(item, zone) for item in value]
    if isinstance(value, str) and _STORED_DATE_RE.match(value):
        return datetime.fromisoformat(value).astimezone(zone).isoformat()
    return value


def _list_result(call, method, items, mask, zone=st.API_TZ, computed_filters='drop'):
    nodes = items and isinstance(items[0], model.Node)
    if nodes and method.filtered and call.filter is not None:
        # iter_call's automatic {"id": orderBy} sits at the filter root; for relational getters the real API only
        # reads the key named after the property, so other root keys are ignored.
        tree = call.filter.get(method.root) if method.root else call.filter
        if tree is not None:
            items = objectfilter.apply_filter(items, tree, zone=zone, computed=computed_filters)
    total = len(items)
    if method.limited and (call.limit is not None or call.offset):
        items = objectfilter.paginate(items, call.limit, call.offset)
    if nodes:
        items = objectmask.project(items, mask)
    return Result(items, total)


# -- what SoftLayer's side does (admin API only: no customer method does this) -------------------

STAFF_EDITOR_TYPES = ('EMPLOYEE', 'AUTO')


def _admin_ticket(state, ticket_id):
    ticket = state.get('tickets', ticket_id) if isinstance(ticket_id, int) and not isinstance(ticket_id, bool) else None
    if ticket is None:
        raise ValueError('ticket_id must be the id of a ticket of the account, got {!r}'.format(ticket_id))
    return ticket


def staff_update(state, ticket_id, entry, editor_type='EMPLOYEE', employee_id=None):
    """An update posted by SoftLayer staff (EMPLOYEE) or an automated process (AUTO), as the real API records it.

    The ticket's lastEditType/lastEditDate/modifyDate follow, and awaitingUserResponseFlag (computed from
    the last update) turns true for a staff update on an open ticket. An AUTO update leaves lastEditDate
    null, as the recordings show (lastEditType AUTO, lastEditDate null): only modifyDate dates it.
    """
    ticket = _admin_ticket(state, ticket_id)
    if editor_type not in STAFF_EDITOR_TYPES:
        raise ValueError('editor_type must be one of {}'.format(', '.join(STAFF_EDITOR_TYPES)))
    if not isinstance(entry, str) or not entry.strip():
        raise ValueError('entry must be a non-empty string')
    if employee_id is None:
        employee_id = min(state.tables['employees']) if state.tables['employees'] else None
    now = st.now_iso()
    update = state.insert('updates', {'ticketId': ticket['id'], 'entry': entry, 'createDate': now,
                                      'editorType': editor_type, '_employeeId': employee_id})
    state.change('tickets', ticket, modifyDate=now, lastEditDate=None if editor_type == 'AUTO' else now, lastEditType=editor_type,
                 lastResponseDate=now, totalUpdateCount=len(state.updates_by_ticket.get(ticket['id'], [])))
    return update


def set_status(state, ticket_id, status):
    """Staff move a ticket to another status (by name or id): modifyDate follows, as on the real API."""
    ticket = _admin_ticket(state, ticket_id)
    statuses = state.tables['statuses']
    found = statuses.get(status) if isinstance(status, int) else next(
        (s for s in statuses.values() if isinstance(status, str) and s['name'].lower() == status.lower()), None)
    if found is None:
        raise ValueError('status must be one of {}'.format(', '.join(s['name'] for s in statuses.values())))
    state.change('tickets', ticket, statusId=found['id'], modifyDate=st.now_iso())
    return dict(ticket)
