"""Who spoke last: staff updates and status changes (admin API) and the ticket facts that follow them."""

import time

import pytest

from sl_emulator.process import AdminError

from test_tickets import ASSIGNED, CLOSED, create

FACTS = 'mask[id,statusId,modifyDate,lastEditDate,lastEditType,awaitingUserResponseFlag,lastUpdate[id,editorType,entry]]'


def facts(client, ticket_id):
    return client['Ticket'].getObject(id=ticket_id, mask=FACTS)


def test_staff_update_makes_the_ticket_wait_on_the_customer_and_a_customer_answer_clears_it(client, fresh):
    ticket = create(client, assignedUserId=7001)
    before = facts(client, ticket['id'])
    assert before['lastEditType'] == 'USER' and before['awaitingUserResponseFlag'] is False
    time.sleep(1.05)  # dates are whole seconds
    update = fresh.admin('staff_update', {'ticket_id': ticket['id'], 'entry': 'Which maintenance window suits you?'})
    after = facts(client, ticket['id'])
    assert after['lastEditType'] == 'EMPLOYEE' and after['awaitingUserResponseFlag'] is True
    assert after['lastUpdate'] == {'id': update['id'], 'editorType': 'EMPLOYEE', 'entry': 'Which maintenance window suits you?'}
    assert after['modifyDate'] > before['modifyDate'] and after['lastEditDate'] == after['modifyDate']
    time.sleep(1.05)
    client['Ticket'].addUpdate({'entry': 'Tuesday 02:00 UTC works.'}, id=ticket['id'])
    answered = facts(client, ticket['id'])
    assert answered['lastEditType'] == 'USER' and answered['awaitingUserResponseFlag'] is False
    assert answered['lastUpdate']['editorType'] == 'USER' and answered['modifyDate'] > after['modifyDate']


def test_an_auto_update_is_recorded_as_the_recordings_show_it(client, fresh):
    # Evidence row 20: lastEditType AUTO with lastEditDate null; modifyDate still moves.
    ticket = create(client, assignedUserId=7001)
    before = facts(client, ticket['id'])
    time.sleep(1.05)  # dates are whole seconds
    update = fresh.admin('staff_update', {'ticket_id': ticket['id'], 'entry': 'Maintenance completed.',
                                          'editor_type': 'AUTO'})
    after = facts(client, ticket['id'])
    assert after['lastEditType'] == 'AUTO' and after['lastEditDate'] in (None, '')
    assert after['modifyDate'] > before['modifyDate']
    assert after['lastUpdate'] == {'id': update['id'], 'editorType': 'AUTO', 'entry': 'Maintenance completed.'}


def test_status_change_moves_modify_date_and_a_closed_ticket_waits_on_nobody(client, fresh):
    fresh.admin('staff_update', {'ticket_id': ASSIGNED, 'entry': 'Please confirm.'})
    assert facts(client, ASSIGNED)['awaitingUserResponseFlag'] is True
    before = facts(client, ASSIGNED)['modifyDate']
    time.sleep(1.05)
    fresh.admin('ticket_status', {'ticket_id': ASSIGNED, 'status': 'Closed'})
    closed = facts(client, ASSIGNED)
    assert closed['statusId'] == 1002 and closed['awaitingUserResponseFlag'] is False and closed['modifyDate'] > before
    account = client['Account'].getObject(mask='mask[openTicketCount,closedTicketCount,openTicketsWaitingOnCustomerCount]')
    assert account['closedTicketCount'] == 4
    fresh.admin('ticket_status', {'ticket_id': ASSIGNED, 'status': 1004})
    assert facts(client, ASSIGNED)['statusId'] == 1004


def test_lifecycle_filters_and_counts_follow_the_changes(client, fresh):
    fresh.admin('staff_update', {'ticket_id': ASSIGNED, 'entry': 'Please confirm.'})
    # The flag is computed: the real API drops a filter on it (the default); applied, it narrows.
    fresh.admin('config', {'computed_filters': 'apply'})
    waiting = client.call('Account', 'getTickets', mask='mask[id]',
                          filter={'tickets': {'awaitingUserResponseFlag': {'operation': 1}}})
    fresh.admin('config', {'computed_filters': 'drop'})
    employee = client.call('Account', 'getTickets', mask='mask[id]',
                           filter={'tickets': {'lastEditType': {'operation': 'in', 'options': [{'name': 'data', 'value': ['EMPLOYEE']}]}}})
    assert ASSIGNED in [t['id'] for t in waiting] and ASSIGNED in [t['id'] for t in employee]
    account = client['Account'].getObject(mask='mask[openTicketsWaitingOnCustomerCount]')
    assert account['openTicketsWaitingOnCustomerCount'] == len(waiting)
    page = client.call('Account', 'getTickets', mask='mask[id]', limit=1, offset=0,
                       filter={'tickets': {'status': {'name': {'operation': 'Assigned'}}}})
    assert len(page) == 1 and page.total_count == 2


@pytest.mark.parametrize('path, payload, message', [
    ('staff_update', {'ticket_id': 1, 'entry': 'x'}, 'ticket_id must be the id'),
    ('staff_update', {'ticket_id': ASSIGNED, 'entry': ' '}, 'entry must be'),
    ('staff_update', {'ticket_id': ASSIGNED, 'entry': 'x', 'editor_type': 'USER'}, 'editor_type must be'),
    ('ticket_status', {'ticket_id': CLOSED, 'status': 'Pending'}, 'status must be one of Open, Closed, Assigned'),
])
def test_bad_admin_changes_are_refused_and_change_nothing(fresh, path, payload, message):
    before = fresh.state()
    with pytest.raises(AdminError) as caught:
        fresh.admin(path, payload)
    assert message in str(caught.value)
    assert fresh.state() == before


@pytest.mark.parametrize('prop, value', [('awaitingUserResponseFlag', 1), ('newUpdatesFlag', 1)])
def test_a_filter_on_a_computed_flag_is_dropped_by_default_and_applied_on_request(client, fresh, prop, value):
    fresh.admin('staff_update', {'ticket_id': ASSIGNED, 'entry': 'Please confirm.'})
    every = [t['id'] for t in client.call('Account', 'getTickets', mask='mask[id]')]
    flagged = {'tickets': {prop: {'operation': value}}}
    # softlayer-ruby #79: "Returning the full list is the default behavior when the filter is not applied."
    assert [t['id'] for t in client.call('Account', 'getTickets', mask='mask[id]', filter=flagged)] == every
    fresh.admin('config', {'computed_filters': 'apply'})
    applied = [t['id'] for t in client.call('Account', 'getTickets', mask='mask[id]', filter=flagged)]
    assert ASSIGNED in applied and len(applied) < len(every)
