"""Contract check: the emulator answers the collection's own object masks with the keys and value types that
SoftLayer's recorded API responses show.

The facts below were written down by reading SoftLayer's published test recordings (each block names the repository
and path); nothing is copied from them. Where no recording shows a property the collection asks for, the type comes
from SoftLayer's generated type definitions (softlayer/softlayer-go ``datatypes/*.go``), and the comment says so.

The masks are read from the collection's source (plugins/module_utils), so a mask that grows without a fact here
fails this test with the property named.

Null values: a recording shows JSON ``null`` over REST; over XML-RPC the API sends ``''`` for null (softlayer/
softlayer-python issue #948, an XML-RPC dump). A key marked ``Nullable`` may therefore be ``None`` over REST or
``''`` over XML-RPC; it may be absent only under the emulator's ``--xmlrpc-nulls omit`` variant. Every other key must
be there with its type.
"""

import ast
import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
MODULE_UTILS = os.path.join(ROOT, 'plugins', 'module_utils')
OPEN_UNASSIGNED = 148350001   # seeded: Open, no assigned user
DB02, APP01 = 1500104, 91000001


class Nullable:
    """A property that a recording (or the evidence) shows as null."""

    def __init__(self, kind):
        self.kind = kind

    def __repr__(self):
        return 'Nullable({!r})'.format(self.kind)


# -- facts ---------------------------------------------------------------------------------------

# softlayer/softlayer-cli plugin/testfixtures/SoftLayer_Ticket_Subject/getAllObjects.json: every subject has an
# integer id and categoryId, a string name, and parentId null.
SUBJECT = {'id': int, 'name': str, 'categoryId': int, 'parentId': Nullable(int)}
# softlayer/softlayer-go datatypes/ticket.go, Ticket_Subject_Category (Id *int, Name *string): no recording.
SUBJECT_CATEGORY = {'id': int, 'name': str}
SUBJECT_WITH_CATEGORY = dict(SUBJECT, category=SUBJECT_CATEGORY)

# softlayer/softlayer-cli plugin/testfixtures/SoftLayer_Account/getCurrentUser.json (id, username, firstName,
# lastName: int and strings); softlayer/softlayer-python SoftLayer/fixtures/SoftLayer_Account.py getCurrentUser
# (id int, username str); softlayer-cli SoftLayer_Ticket/getObject.json assignedUser (firstName, lastName strings).
USER = {'id': int, 'username': str, 'firstName': str, 'lastName': str}

# softlayer/softlayer-cli plugin/testfixtures/SoftLayer_Account/getHardware.json and getVirtualGuests.json (id int,
# hostname and fullyQualifiedDomainName strings; the guests also a string domain); softlayer/softlayer-python
# SoftLayer/fixtures/SoftLayer_Account.py getHardware / getVirtualGuests (domain a string on both kinds).
DEVICE = {'id': int, 'hostname': str, 'domain': str, 'fullyQualifiedDomainName': str}

# softlayer/softlayer-cli plugin/testfixtures/SoftLayer_Ticket/getUpdates.json and addUpdate.json: id int,
# createDate / editorType / entry strings (editorId int, or null on EMPLOYEE updates; ticketId int).
UPDATE = {'id': int, 'createDate': str, 'editorType': str, 'entry': str}
UPDATE_FULL = dict(UPDATE, editorId=Nullable(int), ticketId=int)

# softlayer/softlayer-python SoftLayer/fixtures/SoftLayer_Ticket.py addAttachedFile: the size and the uploader id
# are strings ("100", "300"), the ids integers, the dates and uploaderType strings.
FILE_FULL = {
    'id': int, 'fileName': str, 'fileSize': str, 'ticketId': int, 'createDate': str, 'modifyDate': str,
    'uploaderType': str, 'uploaderId': str,
    # An integer in the recording; a file attached on its own (not with an update) has none in the emulator.
    'updateId': Nullable(int),
}
FILE = {key: FILE_FULL[key] for key in ('id', 'fileName', 'fileSize', 'createDate')}

# softlayer/softlayer-go datatypes/user.go, User_Customer_AdditionalEmail (Email *string): no recording.
ADDITIONAL_EMAIL = {'email': str}

# The ticket, from softlayer/softlayer-cli plugin/testfixtures/SoftLayer_Account/getTickets.json and
# getOpenTickets.json (id, statusId, priority, assignedUserId integers; subjectId null on a non-standard ticket;
# title, dates, lastEditType, serviceProviderResourceId strings, the last one even when it is all digits;
# lastEditDate null on a ticket nobody edited; notifyUserOnUpdateFlag boolean; status {id int, name str}),
# plugin/testfixtures/SoftLayer_Ticket/getObject.json (updateCount int, assignedUser, updates) and
# softlayer/softlayer-python SoftLayer/fixtures/SoftLayer_Ticket.py getObject / createStandardTicket.
TICKET = {
    'id': int, 'title': str, 'subjectId': Nullable(int), 'subject': Nullable({'id': int, 'name': str}),
    'statusId': int, 'status': {'id': int, 'name': str}, 'priority': int, 'serviceProviderResourceId': str,
    'createDate': str, 'modifyDate': str, 'lastEditDate': Nullable(str), 'lastEditType': str,
    # Always an integer in the recordings; tickets without an owner exist (the e-mail refusal, evidence row 8).
    'assignedUserId': Nullable(int), 'assignedUser': Nullable(USER),
    'notifyUserOnUpdateFlag': bool, 'updateCount': int,
    # softlayer/softlayer-go datatypes/ticket.go (AttachedFileCount *uint): no recording.
    'attachedFileCount': int,
    # softlayer-go datatypes/ticket.go: lists of Hardware / Virtual_Guest / Ticket_Attachment_File /
    # User_Customer_AdditionalEmail; their elements as recorded above.
    'attachedHardware': [DEVICE], 'attachedVirtualGuests': [DEVICE],
    'updates': [UPDATE], 'attachedFiles': [FILE], 'attachedAdditionalEmails': [ADDITIONAL_EMAIL],
    # softlayer/softlayer-go datatypes/ticket.go (AwaitingUserResponseFlag *bool, LastUpdate *Ticket_Update; the
    # evidence file, row 14): no recording. Every ticket has its first update, so lastUpdate is never null here.
    'awaitingUserResponseFlag': bool, 'lastUpdate': UPDATE,
}
# A ticket without a mask: its local properties as softlayer/softlayer-cli plugin/testfixtures/SoftLayer_Account/
# getTickets.json shows them (integers, strings and booleans as listed; the ones that are null there are Nullable,
# with the type softlayer/softlayer-go datatypes/ticket.go gives them).
TICKET_LOCALS = {
    'id': int, 'accountId': int, 'assignedUserId': Nullable(int), 'billableFlag': Nullable(bool), 'changeOwnerFlag': bool,
    'createDate': str, 'euSupportedLocationId': Nullable(int), 'groupId': int, 'lastEditDate': Nullable(str),
    'lastEditType': str, 'lastResponseDate': Nullable(str), 'locationId': Nullable(int), 'modifyDate': str,
    'notifyUserOnUpdateFlag': bool, 'priority': int, 'responsibleBrandId': int,
    'serverAdministrationBillingAmount': Nullable(int), 'serverAdministrationBillingInvoiceId': Nullable(int),
    'serverAdministrationFlag': int, 'serverAdministrationRefundInvoiceId': Nullable(int), 'serviceProviderId': int,
    'serviceProviderResourceId': str, 'statusId': int, 'subjectId': Nullable(int), 'title': str, 'totalUpdateCount': int,
    'userEditableFlag': bool,
}
# softlayer/softlayer-python SoftLayer/fixtures/SoftLayer_Ticket.py createStandardTicket (id, assignedUserId,
# subjectId integers; serviceProviderResourceId, title strings) and softlayer/softlayer-cli
# plugin/testfixtures/SoftLayer_Ticket/createStandardTicket.json (accountId, id integers).
CREATED_TICKET = {'id': int, 'accountId': int, 'assignedUserId': int, 'subjectId': int, 'serviceProviderResourceId': str,
                  'title': str}

# softlayer/softlayer-cli plugin/testfixtures/SoftLayer_Ticket/addAttachedHardware.json (id, ticketId, hardwareId,
# attachmentId integers, createDate string); softlayer/softlayer-python SoftLayer/fixtures/SoftLayer_Ticket.py
# addAttachedVirtualGuest (id, ticketId, virtualGuestId integers, createDate string).
HARDWARE_LINK = {'id': int, 'ticketId': int, 'hardwareId': int, 'attachmentId': int, 'createDate': str}
GUEST_LINK = {'id': int, 'ticketId': int, 'virtualGuestId': int, 'createDate': str}
# softlayer-python fixtures removeAttachedHardware / removeAttachedVirtualGuest = True; softlayer/softlayer-go
# services/ticket.go: updateAttachedAdditionalEmails returns bool, getExtensionWhitelist []string.
BOOLEAN_RESULT = bool
EXTENSION_WHITELIST = [str]


# -- the collection's masks, read from its source ------------------------------------------------

def _module_constants(filename, names):
    """Module-level constants (and the pure helpers named) of a module_utils file, without importing it."""
    with open(os.path.join(MODULE_UTILS, filename), encoding='utf-8') as handle:
        tree = ast.parse(handle.read())
    safe = (ast.Constant, ast.Name, ast.Load, ast.Tuple, ast.List, ast.BinOp, ast.Mod, ast.Add)
    namespace = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and all(isinstance(sub, safe) for sub in ast.walk(node.value)):
            try:
                exec(compile(ast.Module([node], []), filename, 'exec'), namespace)  # pylint: disable=exec-used
            except NameError:   # built from something that is not a constant: not a mask
                pass
        elif isinstance(node, ast.FunctionDef) and node.name in names:
            exec(compile(ast.Module([node], []), filename, 'exec'), namespace)  # pylint: disable=exec-used
    missing = [name for name in names if name not in namespace]
    assert not missing, 'not found in {}: {}'.format(filename, missing)
    return {name: namespace[name] for name in names}


MASKS = {}
MASKS.update(_module_constants('tickets.py', ['ticket_mask']))
MASKS.update(_module_constants('device_lookup.py', ['DEVICE_MASK']))
MASKS.update(_module_constants('subjects.py', ['SUBJECT_MASK']))
MASKS.update(_module_constants('ticket_writer.py', ['UPDATES_MASK', 'FILE_MASK']))
MASKS.update(_module_constants('users.py', ['USER_MASK']))
FULL_MASK = MASKS['ticket_mask'](include_updates=True, include_attachments=True)


# -- the check -----------------------------------------------------------------------------------

def conforms(value, shape, protocol, path='result', exact=True, absent_nulls=False):
    """Assert that ``value`` has the keys and types of ``shape``; with ``exact``, no other keys (a masked answer);
    with ``absent_nulls``, a Nullable key may be missing (the --xmlrpc-nulls omit variant)."""
    if isinstance(shape, Nullable):
        if value == ('' if protocol == 'xmlrpc' else None) and not isinstance(value, bool):
            return
        assert value is not None and value != '', '{}: a null must be {!r} over {}, got {!r}'.format(
            path, '' if protocol == 'xmlrpc' else None, protocol, value)
        conforms(value, shape.kind, protocol, path, exact, absent_nulls)
    elif isinstance(shape, dict):
        assert isinstance(value, dict), '{}: expected an object, got {!r}'.format(path, value)
        for key, sub in shape.items():
            if key not in value:
                assert absent_nulls and isinstance(sub, Nullable), '{}: key {!r} missing (recorded as {!r})'.format(
                    path, key, sub)
                continue
            conforms(value[key], sub, protocol, '{}.{}'.format(path, key), exact, absent_nulls)
        if exact:
            extra = sorted(set(value) - set(shape))
            assert not extra, '{}: keys with no recorded fact: {}'.format(path, extra)
    elif isinstance(shape, list):
        assert isinstance(value, list), '{}: expected a list, got {!r}'.format(path, value)
        assert value, '{}: an empty list checks no element; the test data must fill it'.format(path)
        for index, item in enumerate(value):
            conforms(item, shape[0], protocol, '{}[{}]'.format(path, index), exact, absent_nulls)
    elif shape is int:
        assert isinstance(value, int) and not isinstance(value, bool), '{}: expected an integer, got {!r}'.format(path, value)
    else:
        assert isinstance(value, shape), '{}: expected {}, got {!r}'.format(path, shape.__name__, value)


def conforms_with_empty_lists(value, shape, protocol, path, absent_nulls=False):
    """``conforms`` for an object whose lists may be empty (a new ticket, a seeded one without files)."""
    assert isinstance(value, dict), path
    empty = [key for key, sub in shape.items() if isinstance(sub, list) and value.get(key) == []]
    conforms(value, {key: sub for key, sub in shape.items() if key not in empty}, protocol, path, exact=False,
             absent_nulls=absent_nulls)
    extra = sorted(set(value) - set(shape))
    assert not extra, '{}: keys with no recorded fact: {}'.format(path, extra)


@pytest.fixture
def rich_ticket(client):
    """A ticket opened the way sl_ticket opens one, with every list the full mask asks for filled."""
    ticket = client['Ticket']
    created = ticket.createStandardTicket({'subjectId': 1021, 'title': 'Contract check', 'assignedUserId': 7001},
                                          'The disk on db02 reports SMART errors.', mask=FULL_MASK)
    ticket_id = created['id']
    hardware_link = ticket.addAttachedHardware(DB02, id=ticket_id)
    guest_link = ticket.addAttachedVirtualGuest(APP01, id=ticket_id)
    emails = ticket.updateAttachedAdditionalEmails(['noc@example.com'], id=ticket_id)
    stored_file = ticket.addAttachedFile({'filename': 'smart.log', 'data': b'SMART error log'}, id=ticket_id,
                                         mask=MASKS['FILE_MASK'])
    updates = ticket.addUpdate({'entry': 'Still failing.'}, id=ticket_id, mask=MASKS['UPDATES_MASK'])
    return {'id': ticket_id, 'created': created, 'hardware_link': hardware_link, 'guest_link': guest_link,
            'emails': emails, 'file': stored_file, 'updates': updates}


# -- tests, each over XML-RPC and over REST --------------------------------------------------------

def test_masks_are_the_collections():
    # Guards the reading above: these are the masks the modules send.
    assert MASKS['DEVICE_MASK'] == 'mask[id,hostname,domain,fullyQualifiedDomainName]'
    assert FULL_MASK.startswith('mask[id,title,') and 'attachedFiles[' in FULL_MASK and 'updates[' in FULL_MASK


def test_ticket_reads_match_the_recordings(client, protocol, rich_ticket):
    fetched = client['Ticket'].getObject(id=rich_ticket['id'], mask=FULL_MASK)
    conforms(fetched, TICKET, protocol, 'SoftLayer_Ticket::getObject')
    assert client['Ticket'].getAttachedFiles(id=rich_ticket['id'])  # the file is really there
    listed = client['Account'].getTickets(mask=FULL_MASK, filter={'tickets': {'id': {'operation': rich_ticket['id']}}})
    assert [t['id'] for t in listed] == [rich_ticket['id']]
    conforms(listed[0], TICKET, protocol, 'SoftLayer_Account::getTickets')


def test_every_ticket_matches_the_recordings_nulls_included(client, protocol, rich_ticket):
    tickets = client['Account'].getTickets(mask=FULL_MASK)
    assert len(tickets) == 8
    for ticket in tickets:
        # Seeded tickets may lack a list (no file, no e-mail): every key checked, an empty list as a list.
        conforms_with_empty_lists(ticket, TICKET, protocol, 'getTickets[{}]'.format(ticket['id']))
    unassigned = next(t for t in tickets if t['id'] == OPEN_UNASSIGNED)
    null = '' if protocol == 'xmlrpc' else None
    assert (unassigned['assignedUserId'], unassigned['assignedUser']) == (null, null)


def test_xmlrpc_nulls_omitted_under_the_switch(fresh):
    fresh.admin('config', {'xmlrpc_nulls': 'omit'})
    tickets = fresh.client('xmlrpc')['Account'].getTickets(mask=FULL_MASK)
    for ticket in tickets:
        conforms_with_empty_lists(ticket, TICKET, 'xmlrpc', 'getTickets[{}]'.format(ticket['id']), absent_nulls=True)
    unassigned = next(t for t in tickets if t['id'] == OPEN_UNASSIGNED)
    assert 'assignedUserId' not in unassigned and 'assignedUser' not in unassigned
    with pytest.raises(AssertionError):      # the strict check does see the missing keys
        conforms_with_empty_lists(unassigned, TICKET, 'xmlrpc', 'getTickets')


def test_write_results_match_the_recordings(client, protocol, rich_ticket):
    conforms_with_empty_lists(rich_ticket['created'], TICKET, protocol, 'createStandardTicket')
    unmasked = client['Ticket'].getObject(id=rich_ticket['id'])
    conforms(unmasked, CREATED_TICKET, protocol, 'createStandardTicket (no mask)', exact=False)
    conforms(rich_ticket['hardware_link'], HARDWARE_LINK, protocol, 'addAttachedHardware', exact=False)
    conforms(rich_ticket['guest_link'], GUEST_LINK, protocol, 'addAttachedVirtualGuest', exact=False)
    conforms(rich_ticket['emails'], BOOLEAN_RESULT, protocol, 'updateAttachedAdditionalEmails')
    conforms(rich_ticket['file'], FILE, protocol, 'addAttachedFile')
    conforms(rich_ticket['updates'], [UPDATE], protocol, 'addUpdate')
    ticket = client['Ticket']
    assert ticket.removeAttachedHardware(DB02, id=rich_ticket['id']) is True
    assert ticket.removeAttachedVirtualGuest(APP01, id=rich_ticket['id']) is True


def test_files_carry_size_and_uploader_as_strings(client, protocol, rich_ticket):
    data = b'dmesg output\n' * 10
    stored = client['Ticket'].addAttachedFile({'filename': 'dmesg.txt', 'data': data}, id=rich_ticket['id'])
    conforms(stored, FILE_FULL, protocol, 'addAttachedFile (no mask)', exact=False)
    assert stored['fileSize'] == str(len(data)) and stored['uploaderId'] == '7001'
    listed = client['Ticket'].getAttachedFiles(id=rich_ticket['id'])
    for item in listed:
        conforms(item, FILE_FULL, protocol, 'getAttachedFiles', exact=False)


def test_unmasked_tickets_carry_every_recorded_local_property(client, protocol, rich_ticket):
    for ticket_id in (rich_ticket['id'], OPEN_UNASSIGNED):
        ticket = client['Ticket'].getObject(id=ticket_id)
        conforms(ticket, TICKET_LOCALS, protocol, 'SoftLayer_Ticket::getObject({})'.format(ticket_id), exact=False)
    null = '' if protocol == 'xmlrpc' else None
    assert ticket['assignedUserId'] == null and ticket['locationId'] == null


def test_updates_match_the_recordings(client, protocol, rich_ticket):
    updates = client['Ticket'].getUpdates(id=rich_ticket['id'])
    conforms(updates, [UPDATE_FULL], protocol, 'getUpdates', exact=False)
    assert [u['editorType'] for u in updates] == ['USER', 'USER']


def test_subjects_match_the_recording(client, protocol):
    subjects = client['Ticket_Subject'].getAllObjects(mask=MASKS['SUBJECT_MASK'])
    conforms(subjects, [SUBJECT_WITH_CATEGORY], protocol, 'SoftLayer_Ticket_Subject::getAllObjects')


def test_current_user_matches_the_recording(client, protocol):
    user = client['Account'].getCurrentUser(mask=MASKS['USER_MASK'])
    conforms(user, USER, protocol, 'SoftLayer_Account::getCurrentUser')


def test_users_match_the_recordings(client, protocol):
    # softlayer/softlayer-cli plugin/testfixtures/SoftLayer_Account/getUsers.json: id int, username str (the names
    # as in getCurrentUser.json).
    users = client['Account'].getUsers(mask=MASKS['USER_MASK'])
    conforms(users, [USER], protocol, 'SoftLayer_Account::getUsers')
    assert len(users) == 2


@pytest.mark.parametrize('method', ['getHardware', 'getVirtualGuests'])
def test_devices_match_the_recordings(client, protocol, method):
    devices = getattr(client['Account'], method)(mask=MASKS['DEVICE_MASK'])
    conforms(devices, [DEVICE], protocol, 'SoftLayer_Account::' + method)


def test_extension_whitelist_is_strings(client, protocol):
    conforms(client['Ticket_Attachment_File'].getExtensionWhitelist(), EXTENSION_WHITELIST, protocol, 'getExtensionWhitelist')


# -- the checker itself must be able to fail ------------------------------------------------------

@pytest.mark.parametrize('value, shape, protocol', [
    ({'id': '1'}, {'id': int}, 'rest'),                          # a number sent as a string
    ({'fileSize': 100}, {'fileSize': str}, 'rest'),              # a string sent as a number
    ({'flag': 1}, {'flag': bool}, 'xmlrpc'),
    ({'id': True}, {'id': int}, 'rest'),
    ({}, {'id': int}, 'rest'),                                   # a key missing
    ({}, {'lastEditDate': Nullable(str)}, 'rest'),               # a null key missing (only the omit switch allows it)
    ({'id': 1, 'extra': 2}, {'id': int}, 'rest'),                # a key nobody recorded
    ({'lastEditDate': None}, {'lastEditDate': Nullable(str)}, 'xmlrpc'),   # XML-RPC sends '' for null
    ({'lastEditDate': ''}, {'lastEditDate': Nullable(str)}, 'rest'),       # REST sends null
    ({'items': []}, {'items': [{'id': int}]}, 'rest'),
    ({'items': [{'id': 'x'}]}, {'items': [{'id': int}]}, 'rest'),
])
def test_checker_refuses_deviations(value, shape, protocol):
    with pytest.raises(AssertionError):
        conforms(value, shape, protocol)


def test_checker_accepts_each_transports_null():
    conforms({'lastEditDate': ''}, {'lastEditDate': Nullable(str)}, 'xmlrpc')
    conforms({'lastEditDate': None}, {'lastEditDate': Nullable(str)}, 'rest')
    conforms({}, {'lastEditDate': Nullable(str)}, 'xmlrpc', absent_nulls=True)
