"""The emulator against the public evidence (/work/shared/real-api-evidence.md rows 6, 8-12 and 19): the guide's
subjects, the documented error texts and fault classes, and the IBM Cloud ``apikey`` login, through the real SDK."""

import base64

import pytest
import requests

from conftest import API_KEY, IBM_CLOUD_API_KEY, SECOND_API_KEY, SECOND_USERNAME, USERNAME, expect_fault

OPEN_UNASSIGNED = 148350001      # Open, no assigned user
ASSIGNED = 148350002             # Assigned to ansible-demo
DB02, APP01 = 1500104, 91000001
NOT_ON_ACCOUNT = 424242
EXCEPTION = 'SoftLayer_Exception'
PUBLIC = 'SoftLayer_Exception_Public'

# The API guide's "Listing Subjects" (ids and names as printed there), plus 1522 API Question from later lists.
GUIDE_SUBJECTS = {
    1001: 'Accounting Request', 1002: 'Sales Request', 1003: 'Reboots and Console Access', 1041: 'DNS Request',
    1021: 'Hardware Issue', 1022: 'Public Network Question', 1061: 'Private Network Question', 1201: 'DOS/Abuse Issue',
    1101: 'Security Issue', 1121: 'Hardware Firewall Question', 1122: 'Hardware Load Balancer Question',
    1004: 'OS Reload Question', 1005: 'Portal Information Question', 1081: 'Licensing Question', 1141: 'Mail Server Issue',
    1161: 'StorageLayer Question', 1181: 'CDNLayer Question', 1221: 'Transcoding Question', 1261: 'Colocation Service Request',
    1522: 'API Question',
}
# Subject categories as recorded (softlayer-cli Ticket_Subject/getAllObjects.json): Sales 1, Accounting 2, Technical 3.
SALES_SUBJECTS = {1002, 1081, 1261}
ACCOUNTING_SUBJECTS = {1001}


def fault_class(emulator):
    """The exception class of the last call, as the emulator sent it (REST's "code", XML-RPC's faultCode)."""
    return emulator.calls()[-1]['fault_code']


def expect_class(protocol, emulator, func, code, message):
    expect_fault(protocol, func, code, message)
    assert fault_class(emulator) == code


# -- subjects (row 6) ----------------------------------------------------------------------------


def test_subjects_are_the_guides_list(client):
    subjects = client['Ticket_Subject'].getAllObjects(mask='mask[id,name,categoryId,category[id,name]]')
    assert {s['id']: s['name'] for s in subjects} == GUIDE_SUBJECTS
    categories = {s['id']: (s['categoryId'], s['category']['name']) for s in subjects}
    for subject_id, (category_id, name) in categories.items():
        if subject_id in SALES_SUBJECTS:
            assert (category_id, name) == (1, 'Sales'), subject_id
        elif subject_id in ACCOUNTING_SUBJECTS:
            assert (category_id, name) == (2, 'Accounting'), subject_id
        else:
            assert (category_id, name) == (3, 'Technical'), subject_id
    all_categories = client['Ticket_Subject_Category'].getAllObjects(mask='mask[id,name,subjectCount]')
    assert all_categories == [{'id': 1, 'name': 'Sales', 'subjectCount': 3}, {'id': 2, 'name': 'Accounting', 'subjectCount': 1},
                              {'id': 3, 'name': 'Technical', 'subjectCount': 16}]


def test_every_seeded_ticket_uses_a_guide_subject(fresh):
    state = fresh.state()
    assert {t['subjectId'] for t in state['tickets']} <= set(GUIDE_SUBJECTS)


# -- createStandardTicket (row 11) ---------------------------------------------------------------


def test_create_errors_are_softlayer_exception(client, protocol, fresh):
    ticket = client['Ticket']
    expect_class(protocol, fresh, lambda: ticket.createStandardTicket({'title': 'x', 'assignedUserId': 7001}, 'body'), EXCEPTION,
                 'Please provide a subject when creating a standard support ticket.')
    template = {'subjectId': 1021, 'title': 'x', 'assignedUserId': 7001}
    expect_class(protocol, fresh, lambda: ticket.createStandardTicket(template, ''), EXCEPTION, 'Please provide ticket contents.')
    expect_class(protocol, fresh, lambda: ticket.createStandardTicket(template, 'body', DB02), EXCEPTION,
                 'Please provide a root/admin password.')


# -- a new ticket's defaults (row 13) -------------------------------------------------------------


def test_an_api_created_ticket_does_not_notify_unless_asked(client, fresh):
    ticket = client['Ticket']
    template = {'subjectId': 1021, 'title': 'Disk', 'assignedUserId': 7001}
    quiet = ticket.createStandardTicket(template, 'body', mask='mask[notifyUserOnUpdateFlag]')
    asked = ticket.createStandardTicket(dict(template, notifyUserOnUpdateFlag=True), 'body',
                                        mask='mask[notifyUserOnUpdateFlag]')
    assert (quiet['notifyUserOnUpdateFlag'], asked['notifyUserOnUpdateFlag']) == (False, True)


# -- devices (row 10) ------------------------------------------------------------------------------


@pytest.mark.parametrize('method, device, message', [
    ('addAttachedHardware', None, 'Unable to attach null hardware to this ticket.'),
    ('addAttachedVirtualGuest', None, 'Unable to attach a null virtual guest to this ticket.'),
    ('removeAttachedHardware', None, 'Unable to detach null hardware from this ticket.'),
    ('removeAttachedVirtualGuest', None, 'Unable to detach null virtual guest from this ticket.'),
    ('addAttachedHardware', NOT_ON_ACCOUNT, 'You may not attach this hardware to this ticket.'),
    ('addAttachedVirtualGuest', NOT_ON_ACCOUNT, 'You may not attach this virtual guest to this ticket.'),
    ('removeAttachedHardware', NOT_ON_ACCOUNT, 'You may not detach this hardware from this ticket.'),
    ('removeAttachedVirtualGuest', NOT_ON_ACCOUNT, 'You may not detach this virtual guest from this ticket.'),
])
def test_device_attach_errors(client, protocol, fresh, method, device, message):
    call = getattr(client['Ticket'], method)
    expect_class(protocol, fresh, lambda: call(device, id=OPEN_UNASSIGNED), EXCEPTION, message)


def test_device_errors_change_nothing(client, protocol, fresh):
    before = fresh.state()
    expect_fault(protocol, lambda: client['Ticket'].addAttachedHardware(NOT_ON_ACCOUNT, id=ASSIGNED), EXCEPTION, None)
    assert fresh.state()['attachedHardware'] == before['attachedHardware']


# -- files (row 9) -------------------------------------------------------------------------------


@pytest.mark.parametrize('container, message', [
    (None, 'Unable to attach a null file to this ticket.'),
    ({}, 'Unable to attach a null file to this ticket.'),
    ({'data': b'x'}, 'Unable to attach a file with no file name to this ticket.'),
    ({'filename': '', 'data': b'x'}, 'Unable to attach a file with no file name to this ticket.'),
    ({'filename': 'empty.txt'}, 'Unable to attach a file with no contents to this ticket.'),
    ({'filename': 'empty.txt', 'data': b''}, 'Unable to attach a file with no contents to this ticket.'),
    # No public text exists for a refused extension: the documented catch-all.
    ({'filename': 'tool.exe', 'data': b'MZ'}, 'Unable to attach file to this ticket.'),
])
def test_file_errors(client, protocol, fresh, container, message):
    expect_class(protocol, fresh, lambda: client['Ticket'].addAttachedFile(container, id=ASSIGNED), EXCEPTION, message)
    assert client['Ticket'].getAttachedFiles(id=ASSIGNED) == []


def test_file_that_is_not_base64_over_rest(fresh):
    response = requests.post('{}/rest/v3.1/SoftLayer_Ticket/{}/addAttachedFile.json'.format(fresh.url, ASSIGNED),
                             json={'parameters': [{'filename': 'a.txt', 'data': '***not base64***'}]},
                             auth=(USERNAME, API_KEY), timeout=10)
    assert response.status_code == 500
    assert response.json() == {'error': 'Unable to attach file to this ticket.', 'code': EXCEPTION}


def test_file_errors_in_an_update_are_softlayer_exception(client, protocol, fresh):
    files = [{'filename': n, 'data': b'x'} for n in ('a.txt', 'b.txt', 'c.txt')]
    expect_class(protocol, fresh, lambda: client['Ticket'].addUpdate({'entry': 'three'}, files, id=ASSIGNED), EXCEPTION,
                 'You may not attach more than two files when updating a ticket.')
    expect_class(protocol, fresh, lambda: client['Ticket'].addUpdate({'entry': 'nameless'}, [{'data': b'x'}], id=ASSIGNED),
                 EXCEPTION, 'Unable to attach a file with no file name to this ticket.')


# -- additional e-mails (row 8) ------------------------------------------------------------------


@pytest.mark.parametrize('method', ['addAttachedAdditionalEmails', 'updateAttachedAdditionalEmails'])
def test_emails_need_an_assigned_user_same_text_for_add_and_update(client, protocol, fresh, method):
    call = getattr(client['Ticket'], method)
    expect_class(protocol, fresh, lambda: call(['noc@example.com'], id=OPEN_UNASSIGNED), PUBLIC,
                 'This ticket does not have an assigned user. Could not add additional emails.')
    assert client['Ticket'].getAttachedAdditionalEmails(id=OPEN_UNASSIGNED) == []


# -- faults: rate limit, authentication, unknown ids (row 11) ------------------------------------


def test_rate_limit_shapes(fresh, protocol):
    fresh.admin('config', {'rate_limit': 1})
    client = fresh.client(protocol)
    client['Account'].getObject(mask='mask[id]')
    expect_class(protocol, fresh, lambda: client['Account'].getObject(mask='mask[id]'),
                 'SoftLayer_Exception_WebService_RateLimitExceeded', 'Rate limit of 1 requests for every 1 second(s) exceeded.')
    assert fresh.calls()[-1]['status'] == (200 if protocol == 'xmlrpc' else 500)


def test_rest_access_denied_body_for_bad_and_missing_credentials(fresh):
    url = fresh.url + '/rest/v3.1/SoftLayer_Account.json'
    for auth in ((USERNAME, 'f' * 64), ('nobody', API_KEY), ('apikey', 'wrong'), None):
        response = requests.get(url, auth=auth, timeout=10)
        assert response.status_code == 401, auth
        assert response.json() == {'error': 'Access Denied. ', 'code': PUBLIC}, auth


def test_xmlrpc_bad_credentials_are_invalid_legacy_token(fresh):
    for username, key in ((USERNAME, 'f' * 64), ('apikey', 'wrong'), ('apikey', API_KEY)):
        client = fresh.client('xmlrpc', username=username, api_key=key)
        expect_class('xmlrpc', fresh, client['Account'].getObject, 'SoftLayer_Exception_InvalidLegacyToken', 'Invalid API token.')


def test_rest_404_body(fresh):
    response = requests.get(fresh.url + '/rest/v3.1/SoftLayer_Hardware_Server/42.json', auth=(USERNAME, API_KEY), timeout=10)
    assert response.status_code == 404
    assert response.json() == {'error': "Unable to find object with id of '42'.", 'code': 'SoftLayer_Exception_ObjectNotFound'}


# -- object masks (row 19) ----------------------------------------------------------------------


@pytest.mark.parametrize('service, method, mask, message', [
    # softlayer-python #1088: the shape of the recorded answer (a property the type does not have).
    ('Account', 'getHardware', 'mask[id,powerState]', "Property 'powerState' not valid for 'SoftLayer_Hardware'."),
    ('Account', 'getTickets', 'mask[id,status[colour]]', "Property 'colour' not valid for 'SoftLayer_Ticket_Status'."),
])
def test_a_bad_mask_property_is_an_object_mask_fault(fresh, protocol, service, method, mask, message):
    client = fresh.client(protocol)
    expect_class(protocol, fresh, lambda: getattr(client[service], method)(mask=mask),
                 'SoftLayer_Exception_WebService_ObjectMask', message)
    assert fresh.calls()[-1]['status'] == (200 if protocol == 'xmlrpc' else 500)


def test_an_unparsable_mask_is_a_parser_fault(fresh, protocol):
    client = fresh.client(protocol)
    expect_class(protocol, fresh, lambda: client['Account'].getTickets(mask='mask[id,,title]'),
                 'SoftLayer_Exception_Common_Parser', None)


# -- the apikey login (row 12) -------------------------------------------------------------------


def test_apikey_login_is_the_keys_owner(fresh, protocol):
    client = fresh.client(protocol, username='apikey', api_key=IBM_CLOUD_API_KEY)
    user = client['Account'].getCurrentUser(mask='mask[id,username]')
    assert user == {'id': 7001, 'username': USERNAME}
    ticket = client['Ticket'].createStandardTicket({'subjectId': 1522, 'title': 'Via an IBM Cloud key', 'assignedUserId': 7001},
                                                   'Opened with username apikey.')
    update = client['Ticket'].getFirstUpdate(id=ticket['id'], mask='mask[editorId,editorType]')
    assert update == {'editorId': 7001, 'editorType': 'USER'}


@pytest.mark.parametrize('username, key', [
    ('apikey', API_KEY),                    # the classic key is not an IBM Cloud key
    (USERNAME, IBM_CLOUD_API_KEY),          # nor the other way round
    ('apikey', SECOND_API_KEY),
    ('apikey', IBM_CLOUD_API_KEY[:-1]),
    (SECOND_USERNAME, IBM_CLOUD_API_KEY),
])
def test_apikey_login_needs_the_ibm_cloud_key(fresh, protocol, username, key):
    client = fresh.client(protocol, username=username, api_key=key)
    expect_fault(protocol, client['Account'].getCurrentUser, 'SoftLayer_Exception_InvalidLegacyToken',
                 'Invalid API token.' if protocol == 'xmlrpc' else 'Access Denied. ', 401)


def test_ibm_cloud_key_never_shown(fresh, protocol):
    client = fresh.client(protocol, username='apikey', api_key=IBM_CLOUD_API_KEY)
    client['Account'].getCurrentUser()
    assert IBM_CLOUD_API_KEY not in str(fresh.state())
    assert IBM_CLOUD_API_KEY not in str(fresh.calls())
    raw = requests.get(fresh.url + '/rest/v3.1/SoftLayer_Account/getCurrentUser.json', auth=('apikey', IBM_CLOUD_API_KEY),
                       timeout=10)
    assert raw.status_code == 200 and IBM_CLOUD_API_KEY not in raw.text
    assert base64.b64encode(IBM_CLOUD_API_KEY.encode()).decode() not in str(fresh.calls())
