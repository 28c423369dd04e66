"""Emulator.answer in-process: the path the HTTP handler uses, without a socket (the collection's unit tests use it)."""

import base64
import json
import xmlrpc.client

import pytest

from conftest import API_KEY, USERNAME
from sl_emulator import SEED_PATH, server

ASSIGNED = 148350002


@pytest.fixture
def emulator():
    return server.Emulator(SEED_PATH, rate_limit=0)


def xmlrpc_body(method, *args, init_id=None, mask=None, username=USERNAME, api_key=API_KEY):
    """An XML-RPC request as the SDK's transport builds it (headers struct first, iso-8859-1 declaration)."""
    headers = {'authenticate': {'username': username, 'apiKey': api_key}}
    if init_id is not None:
        headers['SoftLayer_TicketInitParameters'] = {'id': init_id}
    if mask is not None:
        headers['SoftLayer_ObjectMask'] = {'mask': mask}
    return xmlrpc.client.dumps(({'headers': headers},) + args, methodname=method, allow_none=True,
                               encoding='iso-8859-1').encode()


def decoded(answer):
    return xmlrpc.client.loads(answer.body)[0][0]


def entries(emulator, ticket_id):
    return [u['entry'] for u in emulator.state.updates_by_ticket[ticket_id]]


def test_api_route_splits_the_protocol_prefix():
    assert server.api_route('/xmlrpc/v3.1/SoftLayer_Account') == ('xmlrpc', 'SoftLayer_Account')
    assert server.api_route('/rest/v3/SoftLayer_Ticket/1/getObject.json') == ('rest', 'SoftLayer_Ticket/1/getObject.json')
    assert server.api_route('/_emulator/health') is None


def test_a_call_is_answered_and_logged_as_over_http(emulator):
    answer = emulator.answer('xmlrpc', 'POST', 'SoftLayer_Ticket', '', xmlrpc_body('getObject', init_id=ASSIGNED,
                                                                                   mask='mask[id,title]'))
    assert answer.status == 200 and answer.content_type.startswith('text/xml')
    assert decoded(answer) == {'id': ASSIGNED, 'title': 'RAID controller battery alert'}
    logged = emulator.calls_since(0)
    assert [(c['service'], c['method'], c['init_id'], c['status']) for c in logged] == [
        ('SoftLayer_Ticket', 'getObject', ASSIGNED, 200)]
    assert API_KEY not in json.dumps(logged)


def test_a_bad_key_is_the_api_fault(emulator):
    answer = emulator.answer('xmlrpc', 'POST', 'SoftLayer_Ticket', '', xmlrpc_body('getObject', init_id=ASSIGNED,
                                                                                   api_key='0' * 64))
    with pytest.raises(xmlrpc.client.Fault) as info:
        decoded(answer)
    assert info.value.faultCode == 'SoftLayer_Exception_InvalidLegacyToken'


def test_lost_response_runs_the_call_then_drops(emulator):
    emulator.add_fault_rules({'service': 'Ticket', 'method': 'addUpdate', 'kind': 'lost_response'})
    with pytest.raises(server.Dropped) as info:
        emulator.answer('xmlrpc', 'POST', 'SoftLayer_Ticket', '', xmlrpc_body('addUpdate', {'entry': 'landed'},
                                                                              init_id=ASSIGNED))
    assert info.value.rule['kind'] == 'lost_response'
    assert entries(emulator, ASSIGNED)[-1] == 'landed'
    assert emulator.calls_since(0)[-1]['injected'] == 'lost_response' and emulator.calls_since(0)[-1]['status'] is None


def test_drop_closes_before_the_call_runs(emulator):
    emulator.add_fault_rules({'method': 'addUpdate', 'kind': 'drop'})
    with pytest.raises(server.Dropped):
        emulator.answer('xmlrpc', 'POST', 'SoftLayer_Ticket', '', xmlrpc_body('addUpdate', {'entry': 'never'},
                                                                              init_id=ASSIGNED))
    assert 'never' not in entries(emulator, ASSIGNED)


@pytest.mark.parametrize('when, landed', [('before', False), ('after', True)])
def test_fault_rule_answers_the_api_fault_it_names(emulator, when, landed):
    emulator.add_fault_rules({'method': 'addUpdate', 'kind': 'fault', 'when': when,
                              'code': 'SoftLayer_Exception_Public', 'message': 'Unable to add ticket update.'})
    answer = emulator.answer('xmlrpc', 'POST', 'SoftLayer_Ticket', '', xmlrpc_body('addUpdate', {'entry': 'refused?'},
                                                                                   init_id=ASSIGNED))
    with pytest.raises(xmlrpc.client.Fault) as info:
        decoded(answer)
    assert (info.value.faultCode, info.value.faultString) == ('SoftLayer_Exception_Public', 'Unable to add ticket update.')
    assert ('refused?' in entries(emulator, ASSIGNED)) is landed
    assert emulator.calls_since(0)[-1]['fault_code'] == 'SoftLayer_Exception_Public'


def test_fault_rule_over_rest_is_the_json_error(emulator):
    emulator.add_fault_rules({'method': 'getObject', 'kind': 'fault', 'code': 'SoftLayer_Exception_AccessDenied',
                              'message': 'Access Denied.'})
    authorization = 'Basic ' + base64.b64encode('{}:{}'.format(USERNAME, API_KEY).encode()).decode()
    answer = emulator.answer('rest', 'GET', 'SoftLayer_Ticket/{}/getObject.json'.format(ASSIGNED), '', b'', authorization)
    assert answer.status == 500
    assert json.loads(answer.body) == {'error': 'Access Denied.', 'code': 'SoftLayer_Exception_AccessDenied'}


@pytest.mark.parametrize('rule, message', [
    ({'kind': 'fault'}, 'needs the message'),
    ({'kind': 'fault', 'message': 'x', 'code': ''}, 'code must be'),
    ({'kind': 'drop', 'message': 'x'}, "'fault' rules only"),
])
def test_fault_rule_checks(emulator, rule, message):
    with pytest.raises(server.AdminError, match=message):
        emulator.add_fault_rules(rule)


def test_clear_fault_rules(emulator):
    emulator.add_fault_rules([{'kind': 'drop', 'times': -1}, {'kind': 'fault', 'message': 'no'}])
    assert [rule['kind'] for rule in emulator.add_fault_rules([])] == ['drop', 'fault']
    emulator.clear_fault_rules()
    assert emulator.add_fault_rules([]) == []
