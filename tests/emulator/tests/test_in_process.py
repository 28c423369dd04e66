"""Emulator.answer in-process: the path the HTTP handler uses, without a socket (the collection's unit tests use it)."""

import base64
import json
import xmlrpc.client
from datetime import datetime

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


# -- the user's own time zone (user_timezone) ---------------------------------------------------


@pytest.mark.parametrize('zone, offsets', [
    ('-06:00', ('-06:00', '-06:00')),
    ('-08:00', ('-08:00', '-08:00')),
    ('+01:00', ('+01:00', '+01:00')),
    # US Central: standard time in January, summer time in September.
    ('America/Chicago', ('-06:00', '-05:00')),
])
def test_the_api_writes_the_users_dates_in_their_zone(emulator, zone, offsets):
    emulator.set_config({'user_timezone': zone})
    tickets = decoded(emulator.answer('xmlrpc', 'POST', 'SoftLayer_Account', '', xmlrpc_body(
        'getTickets', mask='mask[id,createDate,modifyDate,updates[createDate]]'), None))
    rendered = [(t['id'], name, t[name]) for t in tickets for name in ('createDate', 'modifyDate') if t.get(name)]
    for ticket_id, name, date in rendered:
        stored = emulator.state.get('tickets', ticket_id)[name]
        assert datetime.fromisoformat(date) == datetime.fromisoformat(stored)      # the same instant
        month = int(stored[5:7])
        if month in (11, 12, 1, 2):
            assert date.endswith(offsets[0]), (stored, date)
        elif 4 <= month <= 9:
            assert date.endswith(offsets[1]), (stored, date)
    months = {date[5:7] for (_ticket, _name, date) in rendered}
    assert months & {'11', '12', '01', '02'} and months & {'05', '09'}
    updates = [u['createDate'] for t in tickets for u in t.get('updates') or []]
    assert updates and all(date.endswith(offsets) for date in updates)


@pytest.mark.parametrize('zone, value, count', [
    # 148350001 was modified at 2025-09-02T09:40:11-06:00, 148350002 later: the bound one second before and at it.
    ('-06:00', '09/02/2025 09:40:10', 2), ('-06:00', '09/02/2025 09:40:11', 1),
    ('-08:00', '09/02/2025 07:40:10', 2), ('-08:00', '09/02/2025 07:40:11', 1),
    ('+01:00', '09/02/2025 16:40:10', 2), ('+01:00', '09/02/2025 16:40:11', 1),
    ('America/Chicago', '09/02/2025 10:40:10', 2), ('America/Chicago', '09/02/2025 10:40:11', 1),
])
def test_filter_dates_are_read_in_the_users_zone(emulator, zone, value, count):
    emulator.set_config({'user_timezone': zone})
    body = xmlrpc_body('getTickets', mask='mask[id]')
    headers = xmlrpc.client.loads(body)[0][0]
    headers['headers']['SoftLayer_AccountObjectFilter'] = {'tickets': {
        'id': {'operation': 'in', 'options': [{'name': 'data', 'value': [148350001, 148350002]}]},
        'modifyDate': {'operation': 'greaterThanDate', 'options': [{'name': 'date', 'value': [value]}]}}}
    body = xmlrpc.client.dumps((headers,), methodname='getTickets', allow_none=True).encode()
    assert len(decoded(emulator.answer('xmlrpc', 'POST', 'SoftLayer_Account', '', body, None))) == count


@pytest.mark.parametrize('value', ['Mars/Base', '-6', '+15:00', 'CST', ''])
def test_a_bad_user_timezone_is_refused_naming_the_accepted_forms(emulator, value):
    with pytest.raises(server.AdminError) as caught:
        emulator.set_config({'user_timezone': value})
    assert 'user_timezone must be a UTC offset such as -08:00' in str(caught.value)
    assert emulator.config['user_timezone'] == '-06:00'
