"""Contract check: the emulator answers the collection's own object masks with the keys and value types that
SoftLayer's recorded API responses show.

The facts below were written down by reading SoftLayer's published test recordings (each block names the repository
and path); nothing is copied from them. Where no recording shows a property the collection asks for, the type comes
from SoftLayer's generated type definitions (softlayer/softlayer-go ``datatypes/*.go``), and the comment says so.

The masks are imported from the collection (each is a name where it is defined, most derived from the field tables of
module_utils/tickets/fields.py), so a mask that grows without a fact here fails this test with the property named. Every
``mask=`` argument in the collection's source must be a name this test imports and checks (a mask constant, or a mask
function checked with every argument it takes), so a new mask without a check fails too; the scan only parses the
source to find those names, and runs nothing of it.

Null values: a recording shows JSON ``null`` over REST; over XML-RPC the API sends ``''`` for null (softlayer/
softlayer-python issue #948, an XML-RPC dump). A key marked ``Nullable`` may therefore be ``None`` over REST or
``''`` over XML-RPC; it may be absent only under the emulator's ``--xmlrpc-nulls omit`` variant. Every other key must
be there with its type.
"""

import ast
import glob
import importlib
import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
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
    # softlayer/softlayer-go datatypes/ticket.go (FinalComments *string), null until addFinalComments: no recording.
    'finalComments': Nullable(str),
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

# The inventory's device lists. softlayer/softlayer-python SoftLayer/fixtures/SoftLayer_Account.py getHardware
# (primaryIpAddress, primaryBackendIpAddress strings; datacenter {name: str}; hardwareStatus {status: str};
# tagReferences [{tag: {name: str}}]) and getVirtualGuests (status {keyName: str, name: str}); softlayer/softlayer-cli
# plugin/testfixtures/SoftLayer_Account/getVirtualGuests.json (the addresses and datacenter {name} of guests,
# tagReferences a list). activeTickets: softlayer/softlayer-go datatypes/hardware.go and virtual.go ([]Ticket, evidence
# row 14); its elements are tickets as recorded above, with the keys sl_inventory's lean ticket names.
LEAN_TICKET = {key: TICKET[key] for key in (
    'id', 'title', 'statusId', 'status', 'subject', 'priority', 'createDate', 'modifyDate', 'lastEditType',
    'awaitingUserResponseFlag', 'serviceProviderResourceId')}
INVENTORY_DEVICE = dict(DEVICE, primaryIpAddress=str, primaryBackendIpAddress=str, datacenter={'name': str},
                        tagReferences=[{'tag': {'name': str}}], activeTickets=[LEAN_TICKET])
INVENTORY_HARDWARE = dict(INVENTORY_DEVICE, hardwareStatus={'status': str})
INVENTORY_GUEST = dict(INVENTORY_DEVICE, status={'keyName': str})

# sl_ticket_info summary: softlayer/softlayer-cli plugin/testfixtures/SoftLayer_Account/getObject.json (openTicketCount,
# closedTicketCount integers); softlayer/softlayer-go datatypes/account.go (TicketCount, OpenTicketsWaitingOnCustomerCount
# *uint: no recording).
ACCOUNT_TICKET_COUNTS = {'ticketCount': int, 'openTicketCount': int, 'closedTicketCount': int,
                         'openTicketsWaitingOnCustomerCount': int}

# The event source's baseline of the open tickets: the ticket facts above (statusId, status {name}, modifyDate, lastUpdate {id}).
BASELINE_TICKET = {'id': int, 'statusId': int, 'status': {'name': str}, 'modifyDate': str, 'lastUpdate': {'id': int}}


# -- the collection's masks, imported from it -----------------------------------------------------

def _collections_path():
    """The ANSIBLE_COLLECTIONS_PATH tree scripts/lib.sh makes (ansible_collections/softlayer/support -> the checkout),
    made here too when pytest runs on its own, so the collection's own modules can be imported."""
    build = os.environ.get('SL_SUPPORT_BUILD_DIR') or os.path.join(ROOT, '.build')
    collections = os.path.join(build, 'collections')
    link = os.path.join(collections, 'ansible_collections', 'softlayer', 'support')
    if not os.path.exists(link):
        os.makedirs(os.path.dirname(link), exist_ok=True)
        try:
            os.symlink(ROOT, link)
        except FileExistsError:
            pass
    return collections


if _collections_path() not in sys.path:
    sys.path.insert(0, _collections_path())

# pylint: disable=wrong-import-position
from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket_info import query as ticket_query  # noqa: E402
from ansible_collections.softlayer.support.plugins.module_utils.tickets import (  # noqa: E402
    device_lookup, devices, subjects, users)
from ansible_collections.softlayer.support.plugins.module_utils.tickets import fields  # noqa: E402
from ansible_collections.softlayer.support.plugins.module_utils.tickets import statuses  # noqa: E402
from ansible_collections.softlayer.support.plugins.module_utils.api import object_filter  # noqa: E402
from ansible_collections.softlayer.support.plugins.plugin_utils import inventory_source, ticket_events  # noqa: E402
from ansible_collections.softlayer.support.plugins.module_utils.ibm_cases import ticket_link  # noqa: E402

# The four ticket masks sl_ticket_info, sl_ticket and the event source send: (include_updates, include_attachments).
TICKET_MASK_VARIANTS = {
    'ticket_mask()': (False, False),
    'ticket_mask(updates)': (True, False),
    'ticket_mask(attachments)': (False, True),
    'ticket_mask(updates, attachments)': (True, True),
}
DEVICE_MASK_VARIANTS = {'device_mask(%s)' % kind.name: kind for kind in devices.KINDS}
# Every mask the collection sends, by the name it is sent under.
MASKS = {name: fields.ticket_mask(include_updates=updates, include_attachments=attachments)
         for name, (updates, attachments) in TICKET_MASK_VARIANTS.items()}
MASKS.update({name: inventory_source.device_mask(kind) for name, kind in DEVICE_MASK_VARIANTS.items()})
MASKS.update({
    'DEVICE_MASK': device_lookup.DEVICE_MASK,
    'SUBJECT_MASK': subjects.SUBJECT_MASK,
    'UPDATES_MASK': fields.UPDATES_MASK,
    'FILE_MASK': fields.FILE_MASK,
    'USER_MASK': users.USER_MASK,
    'SUMMARY_ACCOUNT_MASK': ticket_query.SUMMARY_ACCOUNT_MASK,
    'COUNT_MASK': ticket_query.COUNT_MASK,
    'BASELINE_MASK': ticket_events.BASELINE_MASK,
    'NEWEST_CHANGE_MASK': ticket_events.NEWEST_CHANGE_MASK,
    'CASE_TICKET_MASK': ticket_link.TICKET_MASK,
})
FULL_MASK = MASKS['ticket_mask(updates, attachments)']
# The mask functions the collection calls at a mask argument, with the masks they give (every argument they take).
MASK_FUNCTIONS = {fields.ticket_mask: tuple(TICKET_MASK_VARIANTS), inventory_source.device_mask: tuple(DEVICE_MASK_VARIANTS)}

# The masks each test below checks (filled by @checks); every key of MASKS must be in it.
CHECKED = {}


def checks(*names):
    """Record that the decorated test checks the answers to these masks."""
    def mark(test):
        for name in names:
            assert name in MASKS, name
            CHECKED.setdefault(name, []).append(test.__name__)
        return test
    return mark


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


@checks('ticket_mask(updates, attachments)')
def test_ticket_reads_match_the_recordings(client, protocol, rich_ticket):
    fetched = client['Ticket'].getObject(id=rich_ticket['id'], mask=FULL_MASK)
    conforms(fetched, TICKET, protocol, 'SoftLayer_Ticket::getObject')
    assert client['Ticket'].getAttachedFiles(id=rich_ticket['id'])  # the file is really there
    listed = client['Account'].getTickets(mask=FULL_MASK, filter={'tickets': {'id': {'operation': rich_ticket['id']}}})
    assert [t['id'] for t in listed] == [rich_ticket['id']]
    conforms(listed[0], TICKET, protocol, 'SoftLayer_Account::getTickets')


@checks('CASE_TICKET_MASK')
def test_a_cases_ticket_read_by_its_case_number_matches_the_recordings(client, protocol, rich_ticket):
    number = client['Ticket'].getObject(id=rich_ticket['id'], mask='mask[serviceProviderResourceId]')
    listed = client['Account'].getTickets(mask=MASKS['CASE_TICKET_MASK'], filter={'tickets': {
        'serviceProviderResourceId': {'operation': 'in', 'options': [
            {'name': 'data', 'value': [number['serviceProviderResourceId']]}]}}})
    assert [t['id'] for t in listed] == [rich_ticket['id']]
    assert set(listed[0]) <= set(TICKET), sorted(set(listed[0]) - set(TICKET))
    conforms(listed[0], {key: TICKET[key] for key in listed[0]}, protocol, 'SoftLayer_Account::getTickets (case link)')
    assert 'serviceProviderResourceId' in listed[0]


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


@checks('UPDATES_MASK', 'FILE_MASK')
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


@checks('SUBJECT_MASK')
def test_subjects_match_the_recording(client, protocol):
    listed = client['Ticket_Subject'].getAllObjects(mask=MASKS['SUBJECT_MASK'])
    conforms(listed, [SUBJECT_WITH_CATEGORY], protocol, 'SoftLayer_Ticket_Subject::getAllObjects')


@checks('USER_MASK')
def test_current_user_matches_the_recording(client, protocol):
    user = client['Account'].getCurrentUser(mask=MASKS['USER_MASK'])
    conforms(user, USER, protocol, 'SoftLayer_Account::getCurrentUser')


def test_users_match_the_recordings(client, protocol):
    # softlayer/softlayer-cli plugin/testfixtures/SoftLayer_Account/getUsers.json: id int, username str (the names
    # as in getCurrentUser.json).
    listed = client['Account'].getUsers(mask=MASKS['USER_MASK'])
    conforms(listed, [USER], protocol, 'SoftLayer_Account::getUsers')
    assert len(listed) == 2


@checks('DEVICE_MASK')
@pytest.mark.parametrize('method', ['getHardware', 'getVirtualGuests'])
def test_devices_match_the_recordings(client, protocol, method):
    listed = getattr(client['Account'], method)(mask=MASKS['DEVICE_MASK'])
    conforms(listed, [DEVICE], protocol, 'SoftLayer_Account::' + method)


def test_extension_whitelist_is_strings(client, protocol):
    conforms(client['Ticket_Attachment_File'].getExtensionWhitelist(), EXTENSION_WHITELIST, protocol, 'getExtensionWhitelist')


@checks(*TICKET_MASK_VARIANTS)
@pytest.mark.parametrize('variant', list(TICKET_MASK_VARIANTS))
def test_every_ticket_mask_variant_matches_the_recordings(client, protocol, rich_ticket, variant):
    # sl_ticket_info's include_updates / include_attachments and the event source's poll: each answer carries exactly
    # what its mask names.
    include_updates, include_attachments = TICKET_MASK_VARIANTS[variant]
    asked = (fields.UPDATES,) * include_updates + (fields.ATTACHMENTS,) * include_attachments
    left_out = [row.prop for row in fields.TICKET.fields if row.group is not None and row.group not in asked]
    assert len(left_out) == 3 - include_updates - 2 * include_attachments
    shape = {key: kind for key, kind in TICKET.items() if key not in left_out}
    for ticket in client['Account'].getTickets(mask=MASKS[variant]):
        conforms_with_empty_lists(ticket, shape, protocol, '{} getTickets[{}]'.format(variant, ticket['id']))
    rich = client['Ticket'].getObject(id=rich_ticket['id'], mask=MASKS[variant])
    conforms(rich, shape, protocol, '{} getObject'.format(variant))


@checks('device_mask(hardware)', 'device_mask(virtual_guest)')
@pytest.mark.parametrize('kind', devices.KINDS, ids=lambda kind: kind.name)
def test_inventory_device_lists_match_the_recordings(client, protocol, kind):
    # sl_inventory's one masked list per kind, with a filter as the plugin sends one (tags and a datacenter).
    mask = MASKS['device_mask(%s)' % kind.name]
    shape = INVENTORY_HARDWARE if kind is devices.HARDWARE else INVENTORY_GUEST
    everything = getattr(client['Account'], kind.account_method)(mask=mask)
    for device in everything:
        conforms_with_empty_lists(device, shape, protocol, '{}[{}]'.format(kind.account_method, device['id']))
    # Every list the mask names is filled on some device, so each element shape is really checked.
    for key in ('tagReferences', 'activeTickets'):
        assert any(device[key] for device in everything), key
    narrowed = getattr(client['Account'], kind.account_method)(
        mask=mask, filter=inventory_source.device_filter(kind, datacenters=['dal10'], tags=['production']))
    assert narrowed and len(narrowed) < len(everything)
    for device in narrowed:
        conforms_with_empty_lists(device, shape, protocol, '{} (filtered)'.format(kind.account_method))


@checks('SUMMARY_ACCOUNT_MASK')
def test_summary_counts_match_the_recordings(client, protocol):
    # Counts are not local properties: the answer carries the account's locals too, as the recording shows them.
    conforms(client['Account'].getObject(mask=MASKS['SUMMARY_ACCOUNT_MASK']), ACCOUNT_TICKET_COUNTS, protocol,
             'SoftLayer_Account::getObject (summary)', exact=False)


@checks('COUNT_MASK')
def test_status_counts_read_the_total_of_a_one_row_page(client, protocol):
    # ticket_query.count_status: one row of the filtered list, and the SoftLayer-Total-Items header as the count.
    page = client.call('Account', 'getTickets', mask=MASKS['COUNT_MASK'], limit=1, offset=0,
                       filter={'tickets': {'statusId': object_filter.in_filter([1001])}})
    conforms(list(page), [{'id': int}], protocol, 'getTickets (count)')
    assert page.total_count == 2   # the seeded Open tickets


@checks('BASELINE_MASK', 'NEWEST_CHANGE_MASK')
def test_event_baseline_matches_the_recordings(client, protocol):
    newest = client['Account'].getTickets(mask=MASKS['NEWEST_CHANGE_MASK'], limit=1)
    conforms(newest, [{'id': int, 'modifyDate': str}], protocol, 'getTickets (newest change)')
    baseline = client['Account'].getTickets(mask=MASKS['BASELINE_MASK'], filter={'tickets': statuses.open_status_condition()})
    assert len(baseline) == 4
    conforms(baseline, [BASELINE_TICKET], protocol, 'getTickets (event baseline)')


# -- every mask the collection sends is one of the above -------------------------------------------

def _mask_arguments(tree):
    """(argument, parameters of the functions around it) of every ``mask=`` keyword in a parsed file."""
    found = []

    def visit(node, parameters):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            parameters = parameters | {arg.arg for arg in node.args.args + node.args.kwonlyargs}
        if isinstance(node, ast.keyword) and node.arg == 'mask':
            found.append((node.value, parameters))
        for child in ast.iter_child_nodes(node):
            visit(child, parameters)

    visit(tree, frozenset())
    return found


def _sent_mask_names(filename, argument, parameters):
    """The names in MASKS a ``mask=`` argument of ``filename`` can send; None when it is not an importable mask name.

    A name is looked up on the imported module (a constant defined or imported there); a call must be to a function of
    MASK_FUNCTIONS; a function's own ``mask`` parameter passes its caller's mask on (the client)."""
    module = importlib.import_module('ansible_collections.softlayer.support.' + filename[:-len('.py')].replace(os.sep, '.'))
    if isinstance(argument, ast.Name):
        if argument.id in parameters and not hasattr(module, argument.id):
            return ()
        value = getattr(module, argument.id, None)
        names = [name for name, mask in MASKS.items() if isinstance(value, str) and mask == value]
        return names or None
    if isinstance(argument, ast.Call) and isinstance(argument.func, ast.Name):
        return MASK_FUNCTIONS.get(getattr(module, argument.func.id, None))
    return None


def test_every_mask_the_collection_sends_is_a_checked_name():
    unknown, unchecked, sites = [], [], 0
    for path in sorted(glob.glob(os.path.join(ROOT, 'plugins', '**', '*.py'), recursive=True)
                       + glob.glob(os.path.join(ROOT, 'extensions', '**', '*.py'), recursive=True)):
        filename = os.path.relpath(path, ROOT)
        with open(path, encoding='utf-8') as handle:
            arguments = _mask_arguments(ast.parse(handle.read()))
        for argument, parameters in arguments:
            sites += 1
            names = _sent_mask_names(filename, argument, parameters)
            where = '{}:{}: mask={}'.format(filename, argument.lineno, ast.unparse(argument))
            if names is None:
                unknown.append(where)
            unchecked.extend('{} ({})'.format(where, name) for name in names or () if name not in CHECKED)
    assert sites >= len(MASKS) - len(TICKET_MASK_VARIANTS) - len(DEVICE_MASK_VARIANTS)   # the scan does find them
    assert not unknown, 'masks sent under no name this test imports (define the mask as a module constant): {}'.format(unknown)
    assert not unchecked, 'masks the contract test does not check: {}'.format(unchecked)
    assert sorted(CHECKED) == sorted(MASKS), 'masks with no contract test: {}'.format(sorted(set(MASKS) - set(CHECKED)))


@pytest.mark.parametrize('source', [
    "client.read('SoftLayer_Account', 'getTickets', mask='mask[id]')",                  # a literal
    "client.read('SoftLayer_Account', 'getTickets', mask=query.mask)",                   # not a module name
    "client.read('SoftLayer_Account', 'getTickets', mask=NOT_DEFINED_THERE)",
    "client.read('SoftLayer_Account', 'getTickets', mask=SUMMARY_ACCOUNT_MASK + ',id')",
    "client.read('SoftLayer_Account', 'getTickets', mask=normalise_ticket(raw))",        # not a mask function
])
def test_the_scan_refuses_a_mask_it_cannot_import(source):
    [(argument, parameters)] = _mask_arguments(ast.parse(source))
    assert _sent_mask_names('plugins/module_utils/sl_ticket_info/query.py', argument, parameters) is None


def test_the_scan_knows_constants_functions_and_a_passed_on_mask():
    def names(source, filename='plugins/module_utils/sl_ticket_info/query.py'):
        [(argument, parameters)] = _mask_arguments(ast.parse(source))
        return _sent_mask_names(filename, argument, parameters)
    assert names("read(mask=COUNT_MASK)") == ['COUNT_MASK']
    assert names("read(mask=ticket_mask(a, b))") == tuple(TICKET_MASK_VARIANTS)
    assert names("def read_all(mask=None):\n    return read(mask=mask)", 'plugins/module_utils/api/client.py') == ()


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
