"""Transport details: authentication, fault shapes, URL forms, encodings and headers."""

import base64
import json
import xmlrpc.client

import pytest
import requests

from conftest import API_KEY, PROTOCOLS, USERNAME, expect_fault

ASSIGNED = 148350002
OPEN_UNASSIGNED = 148350001


def xmlrpc_post(emulator, service, payload, version='v3.1'):
    return requests.post('{}/xmlrpc/{}/{}'.format(emulator.url, version, service), data=payload,
                         headers={'Content-Type': 'application/xml'}, timeout=10)


def auth_headers(username=USERNAME, api_key=API_KEY):
    return {'authenticate': {'username': username, 'apiKey': api_key}}


def test_bad_api_key_is_refused(fresh, protocol):
    # XML-RPC: InvalidLegacyToken "Invalid API token."; REST: HTTP 401 "Access Denied. " (evidence row 11).
    message = 'Invalid API token.' if protocol == 'xmlrpc' else 'Access Denied. '
    client = fresh.client(protocol, api_key='0' * 64)
    expect_fault(protocol, client['Account'].getObject, 'SoftLayer_Exception_InvalidLegacyToken', message, 401)
    unknown_user = fresh.client(protocol, username='nobody')
    expect_fault(protocol, unknown_user['Account'].getObject, 'SoftLayer_Exception_InvalidLegacyToken', message, 401)


def test_missing_credentials_fault_shapes(fresh):
    payload = xmlrpc.client.dumps(({'headers': {}},), methodname='getObject')
    response = xmlrpc_post(fresh, 'SoftLayer_Account', payload)
    assert response.status_code == 200          # XML-RPC faults travel in a 200 response
    with pytest.raises(xmlrpc.client.Fault) as info:
        xmlrpc.client.loads(response.content)
    assert info.value.faultCode == 'SoftLayer_Exception_InvalidLegacyToken'
    rest = requests.get(fresh.url + '/rest/v3.1/SoftLayer_Account.json', timeout=10)
    assert rest.status_code == 401
    assert rest.json() == {'error': 'Access Denied. ', 'code': 'SoftLayer_Exception_Public'}


def test_object_not_found(client, protocol):
    expect_fault(protocol, lambda: client['Ticket'].getObject(id=42), 'SoftLayer_Exception_ObjectNotFound',
                 "Unable to find object with id of '42'.", 404)
    expect_fault(protocol, lambda: client['Hardware_Server'].getObject(id=42), 'SoftLayer_Exception_ObjectNotFound',
                 "Unable to find object with id of '42'.", 404)


def test_object_not_found_rest_body(fresh):
    response = requests.get(fresh.url + '/rest/v3.1/SoftLayer_Ticket/42.json', auth=(USERNAME, API_KEY), timeout=10)
    assert response.status_code == 404
    assert response.json() == {'error': "Unable to find object with id of '42'.", 'code': 'SoftLayer_Exception_ObjectNotFound'}


def test_unknown_method_and_service(client, protocol):
    import SoftLayer
    error = expect_fault(protocol, lambda: client['Ticket'].getNothing(id=ASSIGNED), '-32601',
                         'Function ("getNothing") is not a valid method for this service.')
    if protocol == 'xmlrpc':
        assert isinstance(error, SoftLayer.exceptions.MethodNotFound)
    expect_fault(protocol, client['Nope'].getObject, '-32601', 'Service "SoftLayer_Nope" does not exist.')


def test_unknown_method_rest_code(fresh):
    response = requests.get(fresh.url + '/rest/v3.1/SoftLayer_Ticket/1/getNothing.json', auth=(USERNAME, API_KEY), timeout=10)
    assert response.status_code == 500
    assert response.json()['code'] == 'SoftLayer_Exception_Public'


def test_missing_init_parameter_and_extra_arguments(client, protocol):
    expect_fault(protocol, client['Ticket'].getObject, '-32602', None)
    expect_fault(protocol, lambda: client['Ticket'].addAttachedHardware(1, 2, id=ASSIGNED), '-32602', None)


def test_malformed_xml_is_not_well_formed(fresh):
    response = xmlrpc_post(fresh, 'SoftLayer_Account', b'<?xml version="1.0"?><methodCall><methodName>getObject</methodName><params>')
    with pytest.raises(xmlrpc.client.Fault) as info:
        xmlrpc.client.loads(response.content)
    assert info.value.faultCode == '-32700'


@pytest.mark.parametrize('text', ['Zürich – Größe ✓ 日本語', 'naïve café', 'emoji 🚀 ok'])
def test_non_ascii_round_trips(client, fresh, text):
    ticket = client['Ticket'].createStandardTicket({'subjectId': 1522, 'title': text, 'assignedUserId': 7001}, text)
    client['Ticket'].addUpdate({'entry': text + ' again'}, id=ticket['id'])
    detail = client['Ticket'].getObject(id=ticket['id'], mask='mask[title,updates[entry]]')
    assert detail['title'] == text
    assert [u['entry'] for u in detail['updates']] == [text, text + ' again']
    stored = [t for t in fresh.state()['tickets'] if t['id'] == ticket['id']][0]
    assert stored['title'] == text


def test_sdk_sends_utf8_under_an_iso_8859_1_declaration(fresh):
    # Exactly the SDK's encoding (ISS #1540): the declaration says iso-8859-1, the bytes are UTF-8.
    payload = xmlrpc.client.dumps(({'headers': auth_headers()}, {'subjectId': 1522, 'title': 'Größe', 'assignedUserId': 7001}, 'Größe'),
                                  methodname='createStandardTicket', allow_none=True, encoding='iso-8859-1').encode()
    assert b"encoding='iso-8859-1'" in payload
    result = xmlrpc.client.loads(xmlrpc_post(fresh, 'SoftLayer_Ticket', payload).content)[0][0]
    assert result['title'] == 'Größe'


def test_rest_url_forms_and_versions(fresh):
    auth = (USERNAME, API_KEY)
    by_id = requests.get(fresh.url + '/rest/v3.1/SoftLayer_Ticket/{}.json'.format(ASSIGNED), auth=auth, timeout=10).json()
    explicit = requests.get(fresh.url + '/rest/v3/SoftLayer_Ticket/{}/getObject.json'.format(ASSIGNED), auth=auth, timeout=10).json()
    assert by_id == explicit and by_id['id'] == ASSIGNED
    account = requests.get(fresh.url + '/rest/v3.1/SoftLayer_Account.json', auth=auth, params={'objectMask': 'mask[id]'}, timeout=10)
    assert account.json() == {'id': 284101}
    posted = requests.post(fresh.url + '/rest/v3.1/SoftLayer_Ticket/{}/addUpdate.json'.format(ASSIGNED), auth=auth,
                           data=json.dumps({'parameters': [{'entry': 'via REST'}]}), timeout=10)
    assert posted.status_code == 200 and posted.json()[0]['entry'] == 'via REST'
    broken = requests.post(fresh.url + '/rest/v3.1/SoftLayer_Ticket/{}/addUpdate.json'.format(ASSIGNED), auth=auth, data='{nope',
                           timeout=10)
    assert broken.status_code == 500 and broken.json()['code'] == 'SoftLayer_Exception_WebService_BadRequest'


def test_xmlrpc_v3_path_works(fresh):
    payload = xmlrpc.client.dumps(({'headers': dict(auth_headers(), SoftLayer_ObjectMask={'mask': 'mask[id]'})},), methodname='getObject')
    assert xmlrpc.client.loads(xmlrpc_post(fresh, 'SoftLayer_Account', payload, version='v3').content)[0][0] == {'id': 284101}


def test_total_items_header_on_both_transports(fresh):
    auth = (USERNAME, API_KEY)
    rest = requests.get(fresh.url + '/rest/v3.1/SoftLayer_Account/getTickets.json', auth=auth,
                        params={'resultLimit': '2,3', 'objectMask': 'mask[id]'}, timeout=10)
    assert rest.headers['SoftLayer-Total-Items'] == '7'
    assert [t['id'] for t in rest.json()] == [148350003, 148350004, 148350005]
    headers = dict(auth_headers(), resultLimit={'limit': 2, 'offset': 0}, SoftLayer_ObjectMask={'mask': 'mask[id]'})
    response = xmlrpc_post(fresh, 'SoftLayer_Account', xmlrpc.client.dumps(({'headers': headers},), methodname='getOpenTickets'))
    # getOpenTickets leaves the Assigned tickets out by default (open_tickets=open_only): 2 Open of 4 active.
    assert response.headers['SoftLayer-Total-Items'] == '2'
    assert len(xmlrpc.client.loads(response.content)[0][0]) == 2


def test_dict_mask_over_xmlrpc(xmlrpc_client):
    ticket = xmlrpc_client.call('Ticket', 'getObject', id=ASSIGNED, mask={'id': {}, 'status': {'name': {}}})
    assert ticket == {'id': ASSIGNED, 'status': {'name': 'Assigned'}}


def test_rest_bytes_arrive_as_base64(fresh):
    auth = (USERNAME, API_KEY)
    body = {'parameters': [{'filename': 'rest.txt', 'data': base64.b64encode(b'hello').decode()}]}
    response = requests.post(fresh.url + '/rest/v3.1/SoftLayer_Ticket/{}/addAttachedFile.json'.format(ASSIGNED), auth=auth,
                             data=json.dumps(body), timeout=10)
    assert response.json()['fileSize'] == '5'


def test_base64_string_over_xmlrpc_is_stored_as_text(xmlrpc_client):
    # The real API stores a <string> as-is, which corrupts the file (PR #1267 discussion); so does the emulator.
    encoded = base64.b64encode(b'hello').decode()
    attached = xmlrpc_client['Ticket'].addAttachedFile({'filename': 'wrong.txt', 'data': encoded}, id=ASSIGNED)
    assert xmlrpc_client['Ticket'].getAttachedFile(attached['id'], id=ASSIGNED) == encoded.encode()


def test_null_properties_are_empty_strings_over_xmlrpc_and_null_over_rest(fresh):
    # As the real API: XML-RPC has no nil, so a null property arrives as ''; REST sends JSON null.
    mask = 'mask[id,assignedUserId,finalComments,assignedUser[id]]'
    over_xmlrpc = fresh.client('xmlrpc')['Ticket'].getObject(id=OPEN_UNASSIGNED, mask=mask)
    assert over_xmlrpc == {'id': OPEN_UNASSIGNED, 'assignedUserId': '', 'finalComments': '', 'assignedUser': ''}
    over_rest = fresh.client('rest')['Ticket'].getObject(id=OPEN_UNASSIGNED, mask=mask)
    assert over_rest == {'id': OPEN_UNASSIGNED, 'assignedUserId': None, 'finalComments': None, 'assignedUser': None}
    fresh.admin('config', {'xmlrpc_nulls': 'omit'})
    for protocol in PROTOCOLS:
        assert fresh.client(protocol)['Ticket'].getObject(id=OPEN_UNASSIGNED, mask=mask) == {'id': OPEN_UNASSIGNED}
