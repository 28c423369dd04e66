"""SoftLayer_Ticket write methods through the real SDK, on both transports."""

import base64
import re

import pytest

from conftest import expect_fault
from sl_emulator.faults import OBJECT_MASK

OPEN_UNASSIGNED = 148350001      # Open, no assigned user, web02 attached
ASSIGNED = 148350002             # Assigned to ansible-demo, db01 attached, one additional email
CLOSED = 148350003               # Closed, web01 attached, has final comments
CLOSED_NO_COMMENTS = 148350004
WITH_FILE = 148350007            # Assigned, app02 attached, dmesg-app02.txt attached
WEB01, WEB02, DB01, DB02 = 1500101, 1500102, 1500103, 1500104
APP01, APP02 = 91000001, 91000002
PUBLIC = 'SoftLayer_Exception_Public'
EXCEPTION = 'SoftLayer_Exception'
NOT_FOUND = 'SoftLayer_Exception_ObjectNotFound'
DATE_RE = re.compile(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-06:00$')


def protocol_of(client):
    return 'rest' if '/rest/' in client.transport.endpoint_url else 'xmlrpc'


def create(client, body='The disk on db02 reports SMART errors.', **template):
    template.setdefault('subjectId', 1021)
    template.setdefault('assignedUserId', 7001)
    template.setdefault('title', 'Failing disk on db02')
    return client['Ticket'].createStandardTicket(template, body)


def test_create_sets_server_fields_and_first_update(client, fresh):
    ticket = create(client, assignedUserId=7001)
    assert ticket['statusId'] == 1001
    assert ticket['accountId'] == 284101
    assert ticket['userEditableFlag'] is True
    assert ticket['title'] == 'Failing disk on db02'
    assert re.match(r'^CS\d{7}$', ticket['serviceProviderResourceId'])
    for field in ('createDate', 'modifyDate', 'lastEditDate'):
        assert DATE_RE.match(ticket[field]), ticket[field]
    detail = client['Ticket'].getObject(id=ticket['id'], mask='mask[status[name],subject[name,category[name]],updates[entry,editorType],updateCount]')
    assert detail['status'] == {'name': 'Open'}
    assert detail['subject'] == {'name': 'Hardware Issue', 'category': {'name': 'Technical'}}
    assert detail['updates'] == [{'entry': 'The disk on db02 reports SMART errors.', 'editorType': 'USER'}]
    assert detail['updateCount'] == 1


def test_create_with_the_sdk_ticket_manager(client):
    import SoftLayer
    manager = SoftLayer.TicketManager(client)
    created = manager.create_ticket(title='Manager made ticket', body='body text', subject=1522, priority=3)
    fetched = manager.get_ticket(created['id'])
    assert fetched['title'] == 'Manager made ticket'
    assert fetched['priority'] == 3
    assert fetched['assignedUser'] == {'firstName': 'Ansible', 'lastName': 'Demo'}
    assert fetched['updates'][0]['editor']['username'] == 'ansible-demo'


def test_create_splits_contents_at_3900_characters(client):
    body = ''.join(chr(ord('a') + i % 26) for i in range(9000))
    ticket = create(client, body=body)
    updates = client['Ticket'].getUpdates(id=ticket['id'])
    assert [len(update['entry']) for update in updates] == [3900, 3900, 1200]
    assert ''.join(update['entry'] for update in updates) == body


@pytest.mark.parametrize('template, body, code, message', [
    # createStandardTicket's documented errors are the plain SoftLayer_Exception class (evidence row 11).
    ({'title': 'no subject'}, 'text', EXCEPTION, 'Please provide a subject when creating a standard support ticket.'),
    ({'subjectId': 1021, 'title': 't'}, '', EXCEPTION, 'Please provide ticket contents.'),
    ({'subjectId': 1021, 'title': 't'}, '   ', EXCEPTION, 'Please provide ticket contents.'),
    ({'subjectId': 1021, 'title': 't'}, 'x' * 19001, EXCEPTION, 'Unable to create a ticket update longer than 19000 characters.'),
    ({'subjectId': 1021, 'title': 't', 'contents': 'misplaced'}, 'text', PUBLIC,
     "The property 'contents' is not valid for 'SoftLayer_Ticket'."),
])
def test_create_validation_messages(client, protocol, fresh, template, body, code, message):
    template = dict(template, assignedUserId=7001)
    expect_fault(protocol, lambda: client['Ticket'].createStandardTicket(template, body), code, message)
    assert fresh.calls()[-1]['fault_code'] == code     # the class REST sends in its "code" too
    assert len(fresh.state()['tickets']) == 7


def test_create_with_unknown_subject_is_object_not_found(client, protocol):
    expect_fault(protocol, lambda: create(client, subjectId=999999), NOT_FOUND, "Unable to find object with id of '999999'.", 404)


def test_create_with_attachment_needs_root_password(client, protocol, fresh):
    template = {'subjectId': 1021, 'title': 'attach at create', 'assignedUserId': 7001}
    expect_fault(protocol, lambda: client['Ticket'].createStandardTicket(template, 'body', DB02), EXCEPTION,
                 'Please provide a root/admin password.')
    ticket = client['Ticket'].createStandardTicket(template, 'body', DB02, 'secret-root-pw')
    hardware = client['Ticket'].getAttachedHardware(id=ticket['id'], mask='mask[hostname]')
    assert hardware == [{'hostname': 'db02'}]
    guest_ticket = client['Ticket'].createStandardTicket(template, 'body', APP01, 'pw', None, None, [], 'VIRTUAL_GUEST')
    assert client['Ticket'].getAttachedVirtualGuests(id=guest_ticket['id'], mask='mask[id]') == [{'id': APP01}]
    # The root password is never stored or logged.
    assert 'secret-root-pw' not in str(fresh.state()) and 'secret-root-pw' not in str(fresh.calls())


def test_title_policy_subject_stores_the_subject_name(client, fresh):
    fresh.admin('config', {'title_policy': 'subject'})
    ticket = create(client, title='My own title')
    assert ticket['title'] == 'Hardware Issue'


def test_strict_defaults_without_switches(strict_emulator):
    switches = {name: value for name, value in strict_emulator.admin('config', {}).items()
                if name not in ('latency_ms', 'connect_latency_ms', 'rate_limit')}
    assert switches == {'title_policy': 'prefixed', 'xmlrpc_nulls': 'empty', 'assigned_user': 'required',
                        'open_tickets': 'open_only', 'computed_filters': 'drop', 'priority_support': 'applied',
                        'user_timezone': '-06:00', 'ticket_cases': 'mirrored', 'iam_token_seconds': 3600}


def test_title_policy_default_prefixes_the_subject_name(strict_emulator, protocol):
    # Recorded real responses show 'Hardware Issue - Dead Drive': the emulator's default.
    client = strict_emulator.client(protocol)
    ticket = create(client, title='Dead Drive')
    assert ticket['title'] == 'Hardware Issue - Dead Drive'
    assert client['Ticket'].getObject(id=ticket['id'], mask='mask[title]') == {'title': 'Hardware Issue - Dead Drive'}


def test_create_without_assigned_user_is_refused_by_default(client, fresh):
    fresh.admin('reset', {})
    before = len(fresh.state()['tickets'])
    template = {'subjectId': 1021, 'title': 'No owner'}
    expect_fault(protocol_of(client), lambda: client['Ticket'].createStandardTicket(template, 'body'), EXCEPTION,
                 'Please provide an assigned user (assignedUserId) when creating a standard support ticket.')
    assert len(fresh.state()['tickets']) == before
    fresh.admin('config', {'assigned_user': 'optional'})
    ticket = client['Ticket'].createStandardTicket(template, 'body', mask='mask[id,assignedUserId]')
    assert ticket['id'] and ticket.get('assignedUserId') in (None, '')


def test_add_update_splits_long_text_and_returns_the_list(client):
    text = 'z' * 8000
    updates = client['Ticket'].addUpdate({'entry': text}, id=OPEN_UNASSIGNED)
    assert isinstance(updates, list)
    assert [len(update['entry']) for update in updates] == [3900, 3900, 200]
    assert all(update['editorType'] == 'USER' and update['ticketId'] == OPEN_UNASSIGNED for update in updates)
    detail = client['Ticket'].getObject(id=OPEN_UNASSIGNED, mask='mask[id,updateCount,lastUpdate[entry],awaitingUserResponseFlag]')
    assert detail == {'id': OPEN_UNASSIGNED, 'updateCount': 5, 'lastUpdate': {'entry': 'z' * 200}, 'awaitingUserResponseFlag': False}


def test_add_update_limits_and_closed_ticket(client, protocol):
    ticket = client['Ticket']
    expect_fault(protocol, lambda: ticket.addUpdate({'entry': 'late'}, id=CLOSED), PUBLIC, 'This ticket is closed and cannot be updated.')
    expect_fault(protocol, lambda: ticket.addUpdate({'entry': 'x' * 19001}, id=ASSIGNED), PUBLIC,
                 'Unable to create a ticket update longer than 19000 characters.')
    expect_fault(protocol, lambda: ticket.addUpdate({'entry': 'x', 'editorType': 'EMPLOYEE', 'bogus': 1}, id=ASSIGNED), PUBLIC,
                 "The property 'bogus' is not valid for 'SoftLayer_Ticket_Update'.")
    files = [{'filename': 'a.txt', 'data': b'a'}, {'filename': 'b.txt', 'data': b'b'}, {'filename': 'c.txt', 'data': b'c'}]
    expect_fault(protocol, lambda: ticket.addUpdate({'entry': 'three files'}, files, id=ASSIGNED), EXCEPTION,
                 'You may not attach more than two files when updating a ticket.')
    assert len(ticket.addUpdate({'entry': 'x' * 19000}, id=ASSIGNED)) == 5


def test_edit_changes_safe_fields_and_cannot_close(client, protocol):
    ticket = client['Ticket']
    edited = ticket.edit({'priority': 2, 'assignedUserId': 7002, 'title': 'ignored for standard tickets'}, 'raising priority',
                         id=OPEN_UNASSIGNED)
    assert (edited['priority'], edited['assignedUserId']) == (2, 7002)
    assert edited['title'] == 'Intermittent packet loss on private VLAN 1180'
    assert ticket.getLastUpdate(id=OPEN_UNASSIGNED)['entry'] == 'raising priority'
    expect_fault(protocol, lambda: ticket.edit({'statusId': 1002}, 'close it', id=OPEN_UNASSIGNED), PUBLIC, None)
    expect_fault(protocol, lambda: ticket.edit({'priority': 9}, 'bad', id=OPEN_UNASSIGNED), PUBLIC, None)
    expect_fault(protocol, lambda: ticket.edit({'priority': 1}, id=OPEN_UNASSIGNED), PUBLIC, 'Please provide ticket update contents.')
    assert ticket.getStatus(id=OPEN_UNASSIGNED) == {'id': 1001, 'name': 'Open'}


def test_priority_support_switch_ignores_or_refuses_an_edited_priority(fresh, client, protocol):
    ticket = client['Ticket']
    before = ticket.getObject(id=OPEN_UNASSIGNED)['priority']
    fresh.admin('config', {'priority_support': 'ignored'})
    assert ticket.edit({'priority': 1}, 'ignored', id=OPEN_UNASSIGNED)['priority'] == before
    fresh.admin('config', {'priority_support': 'refused'})
    expect_fault(protocol, lambda: ticket.edit({'priority': 1}, 'refused', id=OPEN_UNASSIGNED), PUBLIC,
                 'Priority can only be set on accounts with Advanced or Premium support.')
    assert ticket.getLastUpdate(id=OPEN_UNASSIGNED)['entry'] == 'ignored'


def test_attach_and_detach_devices(client, protocol):
    ticket = client['Ticket']
    link = ticket.addAttachedHardware(DB02, id=OPEN_UNASSIGNED)
    assert (link['hardwareId'], link['ticketId']) == (DB02, OPEN_UNASSIGNED)
    expect_fault(protocol, lambda: ticket.addAttachedHardware(DB02, id=OPEN_UNASSIGNED), EXCEPTION,
                 'This hardware is already attached to this ticket.')
    assert ticket.removeAttachedHardware(DB02, id=OPEN_UNASSIGNED) is True
    expect_fault(protocol, lambda: ticket.removeAttachedHardware(DB02, id=OPEN_UNASSIGNED), EXCEPTION,
                 'This hardware is not attached to this ticket.')
    guest = ticket.addAttachedVirtualGuest(APP01, True, id=OPEN_UNASSIGNED)
    assert guest['virtualGuestId'] == APP01
    expect_fault(protocol, lambda: ticket.addAttachedVirtualGuest(APP01, id=OPEN_UNASSIGNED), EXCEPTION,
                 'This virtual guest is already attached to this ticket.')
    assert ticket.removeAttachedVirtualGuest(APP01, id=OPEN_UNASSIGNED) is True
    expect_fault(protocol, lambda: ticket.removeAttachedVirtualGuest(APP01, id=OPEN_UNASSIGNED), EXCEPTION,
                 'This virtual guest is not attached to this ticket.')
    expect_fault(protocol, lambda: ticket.addAttachedHardware(DB02, id=CLOSED), PUBLIC, 'This ticket is closed and cannot be updated.')


def test_attached_files_round_trip_bytes(client, protocol):
    ticket = client['Ticket']
    data = bytes(range(256)) * 4
    attached = ticket.addAttachedFile({'filename': 'smart.log', 'data': data}, id=ASSIGNED)
    assert (attached['fileName'], attached['fileSize'], attached['uploaderType']) == ('smart.log', '1024', 'USER')
    # getAttachedFile returns base64Binary: bytes over XML-RPC, a base64 string in REST's JSON.
    expected = data if protocol == 'xmlrpc' else base64.b64encode(data).decode()
    assert ticket.getAttachedFile(attached['id'], id=ASSIGNED) == expected
    expect_fault(protocol, lambda: ticket.addAttachedFile({'filename': 'smart.log', 'data': b'again'}, id=ASSIGNED), EXCEPTION,
                 'A file named smart.log is already attached to this ticket.')
    names = [f['fileName'] for f in ticket.getAttachedFiles(id=ASSIGNED)]
    assert names == ['smart.log']
    expect_fault(protocol, lambda: ticket.getAttachedFile(1, id=ASSIGNED), EXCEPTION, 'File 1 is not attached to ticket {}.'.format(ASSIGNED))
    # A file of another ticket is refused the same way (SoftLayer_Exception, the 2019 service page's text).
    other = ticket.getAttachedFiles(id=WITH_FILE)[0]['id']
    expect_fault(protocol, lambda: ticket.getAttachedFile(other, id=ASSIGNED), EXCEPTION,
                 'File {} is not attached to ticket {}.'.format(other, ASSIGNED))


def test_sdk_upload_attachment_over_both_transports(client, tmp_path):
    import SoftLayer
    path = tmp_path / 'report.txt'
    path.write_bytes('résumé of the failure\n'.encode())
    result = SoftLayer.TicketManager(client).upload_attachment(ASSIGNED, str(path), 'report.txt')
    files = client['Ticket'].getAttachedFiles(id=ASSIGNED, mask='mask[fileName,fileSize]')
    assert files == [{'fileName': 'report.txt', 'fileSize': str(len(path.read_bytes()))}]
    assert result['fileName'] == 'report.txt'


def test_additional_emails(client, protocol):
    ticket = client['Ticket']
    expect_fault(protocol, lambda: ticket.addAttachedAdditionalEmails(['a@example.com'], id=OPEN_UNASSIGNED), PUBLIC,
                 'This ticket does not have an assigned user. Could not add additional emails.')
    expect_fault(protocol, lambda: ticket.addAttachedAdditionalEmails(['not-an-email'], id=ASSIGNED), PUBLIC,
                 'Invalid email address(es) found: not-an-email')
    assert ticket.addAttachedAdditionalEmails(['noc@example.com'], id=ASSIGNED) is True
    assert sorted(e['email'] for e in ticket.getAttachedAdditionalEmails(id=ASSIGNED)) == ['dba-team@example.com', 'noc@example.com']
    assert ticket.updateAttachedAdditionalEmails(['noc@example.com', 'oncall@example.com'], id=ASSIGNED) is True
    assert sorted(e['email'] for e in ticket.getAttachedAdditionalEmails(id=ASSIGNED)) == ['noc@example.com', 'oncall@example.com']
    assert ticket.removeAttachedAdditionalEmails(['noc@example.com', 'never-attached@example.com'], id=ASSIGNED) is True
    detail = ticket.getObject(id=ASSIGNED, mask='mask[id,attachedAdditionalEmails[email],attachedAdditionalEmailCount]')
    assert detail == {'id': ASSIGNED, 'attachedAdditionalEmails': [{'email': 'oncall@example.com'}], 'attachedAdditionalEmailCount': 1}


def test_final_comments_only_on_closed_tickets(client, protocol):
    ticket = client['Ticket']
    expect_fault(protocol, lambda: ticket.addFinalComments('thanks', id=ASSIGNED), PUBLIC, 'You can only add final comments to a closed ticket.')
    assert ticket.addFinalComments('thanks', id=CLOSED_NO_COMMENTS) is True
    expect_fault(protocol, lambda: ticket.addFinalComments('again', id=CLOSED_NO_COMMENTS), PUBLIC, 'This ticket already has final comments set.')


def test_failed_write_leaves_no_trace(client, protocol, fresh):
    before = fresh.state()
    # The ticket would be valid; the unknown mask property fails after the write ran, so it is rolled back.
    template = {'subjectId': 1021, 'title': 'x', 'assignedUserId': 7001}
    expect_fault(protocol, lambda: client['Ticket'].createStandardTicket(template, 'body', mask='mask[nope]'),
                 OBJECT_MASK, "Property 'nope' not valid for 'SoftLayer_Ticket'.")
    after = fresh.state()
    assert after['tickets'] == before['tickets'] and after['updates'] == before['updates']
    assert after['nextIds'] == before['nextIds']


def test_reference_data(client):
    statuses = client['Ticket'].getAllTicketStatuses()
    assert sorted((s['id'], s['name']) for s in statuses) == [(1001, 'Open'), (1002, 'Closed'), (1004, 'Assigned')]
    priorities = client['Ticket_Priority'].getPriorities()
    assert [p['value'] for p in priorities] == [0, 1, 2, 3, 4]
    assert priorities[1]['name'] == 'Severity 1 - Critical Impact / Service Down'
    whitelist = client['Ticket_Attachment_File'].getExtensionWhitelist()
    assert 'txt' in whitelist and 'exe' not in whitelist
    subjects = {s['id']: s['name'] for s in client['Ticket_Subject'].getAllObjects()}
    assert len(subjects) == 20
    assert subjects[1522] == 'API Question' and subjects[1021] == 'Hardware Issue' and subjects[1201] == 'DOS/Abuse Issue'
    assert client['Ticket_Subject'].getCategory(id=1001) == {'id': 2, 'name': 'Accounting'}
    categories = client['Ticket_Subject_Category'].getAllObjects(mask='mask[name,subjectCount]')
    assert sum(c['subjectCount'] for c in categories) == 20
