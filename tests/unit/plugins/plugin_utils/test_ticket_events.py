# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The sl_ticket_events decisions without a network: arguments, state, the poll filter and the events of a change."""

from __future__ import annotations

import json
import os
from datetime import timedelta

import pytest

from ansible_collections.softlayer.support.plugins.plugin_utils import ticket_events as te
from ansible_collections.softlayer.support.plugins.module_utils.tickets.duplicates import duplicate_note
from ansible_collections.softlayer.support.plugins.module_utils.api.errors import ApiFaultError, InvalidInputError
from ansible_collections.softlayer.support.tests.unit.plugins.emulated_api import serve_filters

CURSOR = '2026-01-10T10:00:00-06:00'
DB01 = {'id': 3, 'hostname': 'db01', 'domain': 'example.com', 'fullyQualifiedDomainName': 'db01.example.com'}
APP02 = {'id': 9, 'hostname': 'app02', 'domain': 'example.com', 'fullyQualifiedDomainName': 'app02.example.com'}


def update(update_id, editor='EMPLOYEE', created='2026-01-10T10:00:05-06:00', entry=None):
    return {'id': update_id, 'createDate': created, 'editorType': editor, 'entry': entry or 'update %d' % update_id}


def raw(ticket_id=100, status='Open', updates=(), created='2026-01-01T09:00:00-06:00',
        modified='2026-01-10T10:00:05-06:00', hardware=(DB01,), guests=()):
    return {'id': ticket_id, 'title': 'Disk', 'status': {'id': 1, 'name': status}, 'createDate': created,
            'modifyDate': modified, 'subject': {'id': 1021, 'name': 'Hardware Issue'},
            'attachedHardware': list(hardware), 'attachedVirtualGuests': list(guests), 'updates': list(updates)}


def watcher(known=None, **args):
    config = te.parse_args(dict({'username': 'u', 'api_key': 'k'}, **args))
    state = {'format': te.STATE_FORMAT, 'cursor': CURSOR, 'tickets': dict(known or {})}
    return te.TicketWatcher(None, config, state)


def events(steps):
    return [(s.event['type'], (s.event.get('update') or {}).get('id'), s.event.get('previous_status'))
            for s in steps if s.event]


# --------------------------------------------------------------------------- arguments


def test_defaults_and_connection_fallbacks(monkeypatch):
    monkeypatch.setenv('SL_USERNAME', 'env-user')
    monkeypatch.setenv('SL_API_KEY', 'env-key')
    monkeypatch.setenv('SL_ENDPOINT_URL', 'http://127.0.0.1:1/xmlrpc/v3.1/')
    config = te.parse_args({'eda_feedback_queue': object()})
    assert (config.interval, config.status, config.state_file, config.page_size) == (60, 'open', None, 100)
    assert config.event_types == ('new_ticket', 'staff_update', 'status_change')
    assert config.connection['username'] == 'env-user' and config.connection['api_key'] == 'env-key'
    assert config.connection['endpoint_url'] == 'http://127.0.0.1:1/xmlrpc/v3.1/'
    assert te.parse_args({'username': 'opt', 'interval': '2.5', 'state_file': ''}).connection['username'] == 'opt'
    assert te.parse_args({'interval': '2.5'}).interval == 2.5
    assert te.parse_args({'state_file': ''}).state_file is None


@pytest.mark.parametrize('args, option, text', [
    ({'interval': 0}, 'interval', 'positive number'),
    ({'interval': 'soon'}, 'interval', 'positive number'),
    ({'event_types': []}, 'event_types', 'new_ticket, staff_update, customer_update, auto_update, status_change'),
    ({'new_ticket_hold': -1}, 'new_ticket_hold', '0 or more'),
    ({'feedback': 'yes'}, 'feedback', 'true or false'),
    ({'feedback': True}, 'feedback', 'ansible-rulebook 1.3 or later'),
    ({'event_types': ['staff_reply']}, 'event_types', 'non-empty list'),
    ({'status': 'pending'}, 'status', 'open, closed, all'),
    ({'page_size': 0}, 'page_size', 'between 1 and 1000'),
    ({'poll': 5}, 'poll', 'unknown argument(s) poll'),
])
def test_bad_arguments_name_the_argument_and_what_is_accepted(args, option, text):
    with pytest.raises(InvalidInputError) as caught:
        te.parse_args(args)
    assert caught.value.option == option and text in str(caught.value)


# --------------------------------------------------------------------------- events


def test_hosts_are_the_fqdns_of_every_attached_device_once():
    ticket = {'attached_hardware': [{'fqdn': 'db01.example.com'}, {'fqdn': 'db01.example.com'}],
              'attached_virtual_guests': [{'fqdn': None, 'hostname': 'app02'}]}
    assert te.hosts_of(ticket) == 'db01.example.com,app02'
    assert 'hosts' not in te.build_event('new_ticket', {'attached_hardware': [], 'attached_virtual_guests': []})['meta']


def test_known_ticket_reports_each_new_staff_update_once_in_order_and_skips_auto_and_customer():
    w = watcher({'100': {'update': 10, 'status': 'Open'}})
    steps = w.ticket_steps(raw(updates=[update(9), update(10), update(12), update(11, 'USER'), update(13, 'AUTO')]))
    assert events(steps) == [('staff_update', 12, None)]
    staff = next(s.event for s in steps if s.event)
    assert staff['meta'] == {'hosts': 'db01.example.com', 'uuid': te.event_uuid('staff_update', {'id': 100}, {'id': 12})}
    assert staff['update']['entry'] == 'update 12'
    assert 'updates' not in staff['ticket'] and staff['ticket']['subject'] == 'Hardware Issue'
    # Applying every step leaves the state at the newest update, whatever was reported.
    for step in steps:
        step.apply(w.state)
    assert w.state['tickets']['100']['update'] == 13


def test_customer_updates_only_when_asked_for():
    w = watcher({'100': {'update': 10, 'status': 'Open'}}, event_types=['customer_update'])
    assert events(w.ticket_steps(raw(updates=[update(11, 'USER'), update(12)]))) == [('customer_update', 11, None)]


def test_status_change_after_the_updates_with_the_previous_status():
    w = watcher({'100': {'update': 10, 'status': 'Assigned'}})
    steps = w.ticket_steps(raw(status='Closed', updates=[update(11, entry='Battery replaced. Closing.')]))
    assert events(steps) == [('staff_update', 11, None), ('status_change', None, 'Assigned')]
    assert steps[-1].event['status'] == 'Closed'


@pytest.mark.parametrize('watch, expected', [
    ('open', [('status_change', None, 'Open')]),
    ('closed', [('status_change', None, 'Open')]),
    ('all', [('status_change', None, 'Open')]),
])
def test_closing_an_open_ticket_is_reported_whatever_is_watched(watch, expected):
    w = watcher({'100': {'update': 10, 'status': 'Open'}}, status=watch)
    assert events(w.ticket_steps(raw(status='Closed'))) == expected


def test_watching_closed_tickets_ignores_changes_on_open_ones():
    w = watcher({'100': {'update': 10, 'status': 'Open'}}, status='closed')
    steps = w.ticket_steps(raw(updates=[update(11)]))
    assert events(steps) == [] and steps[-1].known['update'] == 11


def test_new_ticket_is_reported_once_without_its_own_first_update():
    created = '2026-01-10T10:00:02-06:00'
    w = watcher()
    steps = w.ticket_steps(raw(ticket_id=200, created=created, hardware=(), guests=(APP02,),
                               updates=[update(20, 'USER', created), update(21, 'EMPLOYEE')]))
    assert events(steps) == [('new_ticket', None, None), ('staff_update', 21, None)]
    assert steps[0].event['meta']['hosts'] == 'app02.example.com'
    assert 'new' not in steps[-1].known


def test_unknown_old_ticket_was_closed_at_the_baseline_so_a_reopening_is_a_status_change():
    w = watcher()
    updates = [update(5, created='2025-12-01T10:00:00-06:00'), update(30, created='2026-01-10T10:00:03-06:00')]
    steps = w.ticket_steps(raw(status='Open', updates=updates))
    assert events(steps) == [('staff_update', 30, None), ('status_change', None, 'Closed')]


@pytest.mark.parametrize('seconds_later, bound', [(5, '01/10/2026 09:59:59'), (60, '01/10/2026 10:00:00')])
def test_changed_filter_rereads_the_cursor_second_until_it_is_settled(seconds_later, bound):
    w = watcher()
    w.clock = lambda: te.read_api_date(CURSOR) + timedelta(seconds=seconds_later)
    object_filter = w.changed_filter()['tickets']
    assert object_filter['modifyDate'] == {'operation': 'greaterThanDate', 'options': [{'name': 'date', 'value': [bound]}]}
    assert object_filter['id']['operation'] == 'orderBy'


@pytest.mark.parametrize('cursor, bound', [
    # The most westerly of the cursor's own offset (the user's zone), SoftLayer's and UTC writes the value ...
    ('2026-01-10T10:00:00-08:00', '01/10/2026 10:00:00'),
    ('2026-01-10T14:00:00+01:00', '01/10/2026 07:00:00'),
    # ... an hour earlier in the night hours where a zone with daylight saving may live an hour twice.
    ('2026-11-01T01:30:00-07:00', '11/01/2026 00:30:00'),
])
def test_changed_filter_is_written_so_that_no_reading_zone_puts_its_bound_after_the_cursor(cursor, bound):
    w = watcher()
    w.state['cursor'] = cursor
    object_filter = w.changed_filter()['tickets']
    assert object_filter['modifyDate'] == {'operation': 'greaterThanDate', 'options': [{'name': 'date', 'value': [bound]}]}


def test_finish_moves_the_cursor_and_forgets_closed_tickets_older_than_it():
    w = watcher({'1': {'update': 1, 'status': 'Closed', 'modify': '2026-01-09T10:00:00-06:00'},
                 '2': {'update': 1, 'status': 'Closed', 'modify': '2026-01-10T10:00:05-06:00'},
                 '3': {'update': 1, 'status': 'Open', 'modify': '2026-01-01T10:00:00-06:00'}})
    w._pending_cursor = w._next_cursor([raw(modified='2026-01-10T10:00:05-06:00'), raw(modified='')])
    w.finish()
    assert w.state['cursor'] == '2026-01-10T10:00:05-06:00'
    assert sorted(w.state['tickets']) == ['2', '3']


# --------------------------------------------------------------------------- state and errors


def test_state_is_saved_atomically_and_read_back(tmp_path):
    path = str(tmp_path / 'state.json')
    assert te.load_state(path) == te.empty_state()
    state = dict(te.empty_state(), cursor=CURSOR, tickets={'1': {'update': 3, 'status': 'Open'}})
    te.save_state(path, state)
    assert te.load_state(path) == state
    assert os.listdir(str(tmp_path)) == ['state.json']


@pytest.mark.parametrize('content', ['{not json', json.dumps({'format': 'other', 'tickets': {}}), '[]'])
def test_a_damaged_state_file_is_an_error_not_a_silent_reset(tmp_path, content):
    path = tmp_path / 'state.json'
    path.write_text(content)
    with pytest.raises(InvalidInputError) as caught:
        te.load_state(str(path))
    assert caught.value.option == 'state_file'


@pytest.mark.parametrize('error, fatal', [
    (InvalidInputError('bad', option='interval'), True),
    (ApiFaultError('x', fault_code='SoftLayer_Exception_InvalidLegacyToken', operation='o'), True),
    (ApiFaultError('x', fault_code=0, operation='o'), False),
    (ApiFaultError('x', fault_code=500, operation='o'), False),
])
def test_only_argument_credential_and_endpoint_errors_stop_the_source(error, fatal):
    assert te.is_fatal(error) is fatal


def test_the_stop_line_never_holds_the_key(monkeypatch):
    monkeypatch.setenv('SL_API_KEY', 'secret-from-env')
    line = te._stop(ApiFaultError('failed with secret-from-env and arg-key\nsecond line'), args={'api_key': 'arg-key'})
    assert line == 'sl_ticket_events stopped: failed with ******** and ********'


def test_baseline_knows_every_open_and_assigned_ticket_of_the_account(emulated_client, emulated_api, monkeypatch):
    # A server that ignores the status filter returns the closed tickets too: they are checked again, and left out.
    serve_filters(emulated_api, monkeypatch, 'ignore_all')
    w = te.TicketWatcher(emulated_client, te.parse_args({'username': 'u', 'api_key': 'k'}))
    w.baseline()
    known = w.state['tickets']
    assert sorted(known) == ['148350001', '148350002', '148350005', '148350007']
    assert {key: entry['status'] for key, entry in known.items()} == {
        '148350001': 'Open', '148350002': 'Assigned', '148350005': 'Open', '148350007': 'Assigned'}
    assert known['148350007']['update'] == emulated_api.ticket(148350007)['updates'][-1]['id']
    # The cursor: the newest change on the account, closed tickets included.
    assert w.state['cursor'] == '2025-10-20T12:00:00-06:00'


def test_hosts_of_guests_follow_hardware():
    ticket = {'attached_virtual_guests': [{'fqdn': 'app02.example.com'}], 'attached_hardware': [{'fqdn': 'db01.example.com'}]}
    assert te.hosts_of(ticket) == 'db01.example.com,app02.example.com'


# --------------------------------------------------------------------------- AUTO updates, event identity


def test_auto_updates_are_reported_only_when_asked_for():
    steps = watcher({'100': {'update': 10, 'status': 'Open'}}).ticket_steps(raw(updates=[update(11, 'AUTO')]))
    assert events(steps) == [] and steps[-1].known['update'] == 11
    w = watcher({'100': {'update': 10, 'status': 'Open'}}, event_types=['auto_update', 'staff_update'])
    assert events(w.ticket_steps(raw(updates=[update(11, 'AUTO'), update(12)]))) == [
        ('auto_update', 11, None), ('staff_update', 12, None)]


def test_an_event_has_the_same_uuid_in_every_run_and_each_change_its_own():
    def uuids():
        w = watcher({'100': {'update': 10, 'status': 'Open'}})
        return [s.event['meta']['uuid'] for s in w.ticket_steps(raw(status='Closed', updates=[update(11), update(12)]))
                if s.event]
    first = uuids()
    assert first == uuids() and len(set(first)) == 3
    # The same status change at another moment (closed again after a reopening) is another change.
    assert te.event_uuid('status_change', {'id': 100, 'status': 'Closed', 'modify_date': 'a'}, previous_status='Open') != \
        te.event_uuid('status_change', {'id': 100, 'status': 'Closed', 'modify_date': 'b'}, previous_status='Open')


# --------------------------------------------------------------------------- duplicates marked by sl_ticket


NEW_CREATED = '2026-01-10T10:00:02-06:00'


def new_raw(updates=(), status='Open', modified='2026-01-10T10:00:05-06:00'):
    return raw(ticket_id=200, created=NEW_CREATED, modified=modified, status=status,
               updates=[update(20, 'USER', NEW_CREATED)] + list(updates))


def note(update_id):
    # The note exactly as sl_ticket's backstop writes it on the newer twin.
    return update(update_id, 'USER', entry=duplicate_note({'id': 150, 'serviceProviderResourceId': 'CS150'}))


def at(w, seconds_after_creation):
    w.clock = lambda: te.read_api_date(NEW_CREATED) + timedelta(seconds=seconds_after_creation)
    return w


def apply_all(w, steps):
    for step in steps:
        step.apply(w.state)
    return events(steps)


def test_a_ticket_marked_as_duplicate_is_never_reported_nor_anything_after():
    w = at(watcher(new_ticket_hold=0), 5)
    assert apply_all(w, w.ticket_steps(new_raw([note(21)]))) == []
    later = [note(21), update(22), update(23, 'USER')]
    w.config.event_types = te.EVENT_TYPES
    assert apply_all(w, w.ticket_steps(new_raw(later, status='Closed'))) == []
    assert w.state['tickets']['200'] == {'update': 23, 'status': 'Closed', 'modify': '2026-01-10T10:00:05-06:00'}


def test_a_note_posted_after_the_ticket_was_reported_silences_what_follows():
    w = at(watcher(new_ticket_hold=0), 5)
    assert apply_all(w, w.ticket_steps(new_raw())) == [('new_ticket', None, None)]
    assert apply_all(w, w.ticket_steps(new_raw([note(21), update(22)]))) == []


def test_a_new_ticket_is_held_until_it_is_old_enough_to_have_been_marked():
    w = at(watcher(), te.DEFAULT_NEW_TICKET_HOLD - 1)
    steps = w.ticket_steps(new_raw())
    assert apply_all(w, steps) == [] and w.state['tickets']['200']['new'] is True
    # The backstop's note lands while it is held: never reported.
    assert apply_all(w, w.ticket_steps(new_raw([note(21)]))) == []
    assert 'new' not in w.state['tickets']['200']
    # A ticket nobody marks is reported once the hold is over, with what came meanwhile after it.
    w = at(watcher(), 1)
    apply_all(w, w.ticket_steps(new_raw()))
    at(w, te.DEFAULT_NEW_TICKET_HOLD)
    assert apply_all(w, w.ticket_steps(new_raw([update(22)]))) == [('new_ticket', None, None), ('staff_update', 22, None)]
    assert apply_all(w, w.ticket_steps(new_raw([update(22)]))) == []


class HeldClient:
    """The poll's list (without the held ticket) and SoftLayer_Ticket::getObject for the held one."""

    def __init__(self, listed, held):
        self.listed, self.held, self.reads = listed, held, []

    def iter_pages(self, service, method, root, **kwargs):
        return iter(self.listed)

    def read(self, service, method, **kwargs):
        self.reads.append((service, method, kwargs['id']))
        return self.held


def test_held_tickets_are_read_again_by_id_and_do_not_move_the_cursor():
    client = HeldClient([raw(modified='2026-01-10T10:00:06-06:00', updates=[update(11)])],
                        new_raw(modified='2026-01-10T10:09:00-06:00'))
    w = at(te.TicketWatcher(client, te.parse_args({}), {
        'format': te.STATE_FORMAT, 'cursor': CURSOR,
        'tickets': {'100': {'update': 10, 'status': 'Open'}, '200': {'update': 20, 'status': 'Open', 'new': True}}}),
        te.DEFAULT_NEW_TICKET_HOLD + 1)
    assert apply_all(w, w.poll()) == [('staff_update', 11, None), ('new_ticket', None, None)]
    assert client.reads == [('SoftLayer_Ticket', 'getObject', 200)]
    w.finish()
    assert w.state['cursor'] == '2026-01-10T10:00:06-06:00'
