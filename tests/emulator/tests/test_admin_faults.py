"""The /_emulator admin API: call log, fault injection, rate limit, latency, config and reset."""

import json
import time
import urllib.error
import urllib.request

import pytest
import SoftLayer

from conftest import API_KEY, SECOND_API_KEY, SECOND_USERNAME, expect_fault

ASSIGNED = 148350002
TEMPLATE = {'subjectId': 1021, 'title': 'Fault injection ticket', 'assignedUserId': 7001}


def ticket_titles(emulator):
    return [t['title'] for t in emulator.state()['tickets']]


def test_health_and_state(fresh):
    assert fresh.admin('health')['status'] == 'ok'
    state = fresh.state()
    assert {u['username'] for u in state['users']} == {'ansible-demo', 'ops-analyst'}
    assert API_KEY not in json.dumps(state)


def test_call_log_records_calls_without_secrets(client, fresh, protocol):
    fresh.admin('calls', method='DELETE')
    client['Ticket'].getObject(id=ASSIGNED, mask='mask[id]')
    client['Ticket'].addUpdate({'entry': 'logged'}, id=ASSIGNED)
    with pytest.raises(SoftLayer.SoftLayerAPIError):
        client['Ticket'].getObject(id=1)
    calls = fresh.calls()
    assert [(c['service'], c['method'], c['init_id'], c['write']) for c in calls] == [
        ('SoftLayer_Ticket', 'getObject', ASSIGNED, False), ('SoftLayer_Ticket', 'addUpdate', ASSIGNED, True),
        ('SoftLayer_Ticket', 'getObject', 1, False)]
    first = calls[0]
    assert first['protocol'] == protocol and first['mask'] == 'mask[id]' and first['status'] == 200
    assert first['request_bytes'] >= 0 and first['response_bytes'] > 0 and first['duration_ms'] >= 0
    assert calls[2]['fault_code'] == 'SoftLayer_Exception_ObjectNotFound'
    assert calls[2]['status'] == (200 if protocol == 'xmlrpc' else 404)
    assert API_KEY not in json.dumps(calls) and 'authenticate' not in json.dumps(calls)
    assert [c['seq'] for c in fresh.calls(since=calls[1]['seq'])] == [calls[2]['seq']]


def test_http_500_before_commit(client, fresh, protocol):
    fresh.admin('faults', [{'service': 'Ticket', 'method': 'createStandardTicket', 'kind': 'http_500'}])
    with pytest.raises(SoftLayer.SoftLayerError) as info:
        client['Ticket'].createStandardTicket(TEMPLATE, 'body')
    assert getattr(info.value, 'faultCode', None) == 500
    assert 'Fault injection ticket' not in ticket_titles(fresh)
    assert fresh.admin('faults') == []
    client['Ticket'].createStandardTicket(TEMPLATE, 'body')
    assert ticket_titles(fresh).count('Fault injection ticket') == 1
    injected = [c for c in fresh.calls() if c['injected']]
    assert injected[-1]['status'] == 500 and injected[-1]['injected'] == 'http_500'


def test_http_500_after_commit_keeps_the_write(xmlrpc_client, fresh):
    fresh.admin('faults', [{'service': 'SoftLayer_Ticket', 'method': 'addUpdate', 'kind': 'http_500', 'when': 'after'}])
    with pytest.raises(SoftLayer.TransportError):
        xmlrpc_client['Ticket'].addUpdate({'entry': 'landed anyway'}, id=ASSIGNED)
    assert xmlrpc_client['Ticket'].getLastUpdate(id=ASSIGNED)['entry'] == 'landed anyway'


def test_rate_limit_fault_injection(client, fresh, protocol):
    fresh.admin('faults', [{'service': 'Account', 'method': 'getOpenTickets', 'kind': 'rate_limit', 'times': 2}])
    for _attempt in range(2):
        expect_fault(protocol, client['Account'].getOpenTickets, 'SoftLayer_Exception_WebService_RateLimitExceeded',
                     'Rate limit of 50 requests for every 1 second(s) exceeded.')
    assert len(client['Account'].getOpenTickets()) == 2  # Open only, by default


def test_timeout_then_normal_answer(fresh):
    fresh.admin('faults', [{'service': 'Ticket', 'method': 'addUpdate', 'kind': 'timeout', 'seconds': 1.0, 'when': 'after'}])
    impatient = fresh.client('xmlrpc', timeout=0.3)
    with pytest.raises(SoftLayer.TransportError):
        impatient['Ticket'].addUpdate({'entry': 'slow but committed'}, id=ASSIGNED)
    # when=after: the write committed before the delay.
    assert fresh.client()['Ticket'].getLastUpdate(id=ASSIGNED)['entry'] == 'slow but committed'
    fresh.admin('faults', [{'kind': 'timeout', 'seconds': 0.2, 'service': 'Account', 'method': 'getObject'}])
    started = time.monotonic()
    assert fresh.client()['Account'].getObject(mask='mask[id]') == {'id': 284101}
    assert time.monotonic() - started >= 0.2


def test_lost_response_commits_the_write(client, fresh):
    fresh.admin('faults', [{'service': 'Ticket', 'method': 'createStandardTicket', 'kind': 'lost_response'}])
    with pytest.raises(SoftLayer.TransportError) as info:
        client['Ticket'].createStandardTicket(TEMPLATE, 'body')
    assert info.value.faultCode == 0
    assert ticket_titles(fresh).count('Fault injection ticket') == 1


def test_drop_closes_before_anything(client, fresh):
    fresh.admin('faults', [{'service': 'Ticket', 'method': '*', 'kind': 'drop'}])
    with pytest.raises(SoftLayer.TransportError):
        client['Ticket'].createStandardTicket(TEMPLATE, 'body')
    assert 'Fault injection ticket' not in ticket_titles(fresh)
    # The create's own record: a call held by an earlier test's timeout rule may be logged after it.
    creates = [call for call in fresh.calls() if call['method'] == 'createStandardTicket']
    assert creates[-1]['injected'] == 'drop'


def test_fault_rule_answers_the_named_api_fault(client, fresh, protocol):
    fresh.admin('faults', [{'service': 'Ticket', 'method': 'addUpdate', 'kind': 'fault',
                            'code': 'SoftLayer_Exception_Public', 'message': 'Unable to add ticket update.'}])
    expect_fault(protocol, lambda: client['Ticket'].addUpdate({'entry': 'refused'}, id=ASSIGNED),
                 'SoftLayer_Exception_Public', 'Unable to add ticket update.')
    assert fresh.calls()[-1]['injected'] == 'fault'
    client['Ticket'].addUpdate({'entry': 'accepted'}, id=ASSIGNED)
    assert client['Ticket'].getLastUpdate(id=ASSIGNED)['entry'] == 'accepted'


def test_fault_rules_admin(fresh):
    rules = fresh.admin('faults', [{'service': 'Ticket', 'kind': 'drop', 'times': 3}])
    assert rules == [{'service': 'SoftLayer_Ticket', 'method': None, 'kind': 'drop', 'times': 3, 'when': 'before', 'seconds': 30}]
    assert fresh.admin('faults', method='DELETE') == {'cleared': True}
    assert fresh.admin('faults') == []
    for bad in ([{'kind': 'explode'}], [{'kind': 'drop', 'when': 'later'}], [{'kind': 'drop', 'times': 0}], [{'kind': 'drop', 'x': 1}],
                [{'kind': 'fault'}]):
        request = urllib.request.Request(fresh.url + '/_emulator/faults', data=json.dumps(bad).encode(), method='POST')
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(request, timeout=10)
        assert info.value.code == 400


def test_rate_limit_per_user(fresh, protocol):
    fresh.admin('config', {'rate_limit': 3})
    client = fresh.client(protocol)
    errors = []
    for _attempt in range(6):
        try:
            client['Account'].getObject(mask='mask[id]')
        except SoftLayer.SoftLayerAPIError as error:
            errors.append(error)
    assert errors, 'six calls in well under a second must hit a limit of 3 per second'
    assert errors[0].faultString == 'Rate limit of 3 requests for every 1 second(s) exceeded.'
    assert errors[0].faultCode == ('SoftLayer_Exception_WebService_RateLimitExceeded' if protocol == 'xmlrpc' else 500)
    other = fresh.client(protocol, username=SECOND_USERNAME, api_key=SECOND_API_KEY)
    assert other['Account'].getObject(mask='mask[id]') == {'id': 284101}
    time.sleep(1.05)
    assert client['Account'].getObject(mask='mask[id]') == {'id': 284101}


def test_latency_config(fresh):
    config = fresh.admin('config', {'latency_ms': 150})
    assert config['latency_ms'] == 150
    client = fresh.client()
    started = time.monotonic()
    client['Account'].getObject(mask='mask[id]')
    assert time.monotonic() - started >= 0.15
    request = urllib.request.Request(fresh.url + '/_emulator/config', data=json.dumps({'title_policy': 'nope'}).encode(), method='POST')
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(request, timeout=10)


def test_connect_latency_delays_a_new_connection_and_not_one_kept_alive(fresh):
    fresh.admin('config', {'connect_latency_ms': 400})
    client = fresh.client()
    started = time.monotonic()
    client['Account'].getObject(mask='mask[id]')
    first = time.monotonic() - started
    started = time.monotonic()
    client['Account'].getObject(mask='mask[id]')  # the SDK's session keeps the connection alive
    again = time.monotonic() - started
    assert first >= 0.4
    assert again < first - 0.3
    with pytest.raises(Exception):
        fresh.admin('config', {'connect_latency_ms': -1})


def test_reset_restores_the_seed(client, fresh):
    client['Ticket'].createStandardTicket(TEMPLATE, 'body')
    fresh.admin('faults', [{'kind': 'drop', 'service': 'Ticket'}])
    assert len(fresh.state()['tickets']) == 8
    fresh.admin('reset', {})
    assert len(fresh.state()['tickets']) == 7
    assert fresh.admin('faults') == [] and fresh.calls() == []
