# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""sl_ticket adds to the ticket it found: updates (whole or new lines), e-mails, and closed tickets.

The account is the API emulator's seed (tests/emulator/sl_emulator/data/seed.json), in-process;
the fixtures are in conftest.py.
"""

from __future__ import annotations

import pytest

from ansible_collections.softlayer.support.plugins.module_utils.api.errors import InvalidInputError
from ansible_collections.softlayer.support.tests.unit.plugins.emulated_api import services
from ansible_collections.softlayer.support.tests.unit.plugins.module_utils.sl_ticket.sync_harness import CREATE, methods


def test_new_evidence_is_posted_once(sync, api):
    sync(**CREATE)
    before = len(api.sdk.calls)
    result = sync(update='SMART: 12 reallocated sectors', **CREATE)
    assert result['changed'] is True and result['updates_added'] == ['SMART: 12 reallocated sectors']
    assert methods(api.sdk, before) == ['getTickets', 'getTickets', 'addUpdate']
    assert result['ticket']['update_count'] == 2
    assert result['ticket']['updates'][-1]['entry'] == 'SMART: 12 reallocated sectors'
    again = sync(update='SMART: 12 reallocated sectors', **CREATE)
    assert again['changed'] is False and again['updates_added'] == []
    assert api.writes().count('addUpdate') == 1


def test_long_evidence_split_by_the_server_is_posted_once(sync, api):
    text = ''.join('kernel: sd 0:0:0:0: [sda] error %05d\n' % n for n in range(300))
    assert len(text) > 3900 * 2
    first = sync(update=text, **CREATE)
    assert first['ticket']['update_count'] == 1 + 3
    second = sync(update=text, **CREATE)
    assert second['changed'] is False
    assert api.writes().count('addUpdate') == 1


def test_update_on_a_ticket_by_id(sync, api):
    ticket_id = api.add_ticket('Anything', entries=('first',))
    result = sync(ticket_id=ticket_id, update='more', title='ignored')
    assert result['changed'] and result['ticket']['id'] == ticket_id
    assert methods(api.sdk) == ['getObject', 'addUpdate']


def test_closed_ticket_by_id_refuses_changes_and_writes_nothing(sync, api):
    ticket_id = api.add_ticket('Old', status='Closed')
    with pytest.raises(InvalidInputError) as caught:
        sync(ticket_id=ticket_id, update='please reopen', hardware=['web01'])
    message = str(caught.value)
    assert message.startswith('ticket %d is Closed: SoftLayer accepts changes only on Open or Assigned tickets' % ticket_id)
    assert 'nothing was written (wanted: an update; devices web01)' in message
    assert methods(api.sdk) == ['getObject']


def test_closed_ticket_that_already_has_everything_is_ok(sync, api):
    ticket_id = api.add_ticket('Old', status='Closed', entries=('first', 'done'))
    result = sync(ticket_id=ticket_id, update='done')
    assert result['changed'] is False and result['ticket']['status'] == 'Closed'


def test_new_lines_mode_posts_only_the_new_evidence_then_nothing(sync, api):
    report = '/dev/sdb: FAILED!'
    first = sync(update=report, update_mode='new_lines', **CREATE)
    assert first['updates_added'] == ['/dev/sdb: FAILED!']
    grown = report + '\n/dev/sdc: FAILED!'
    second = sync(update=grown, update_mode='new_lines', **CREATE)
    assert second['changed'] is True and second['updates_added'] == ['/dev/sdc: FAILED!']
    assert [u['entry'] for u in second['ticket']['updates']][-1] == '/dev/sdc: FAILED!'
    before = len(api.sdk.calls)
    third = sync(update=grown, update_mode='new_lines', **CREATE)
    assert third['changed'] is False and third['updates_added'] == []
    assert methods(api.sdk, before) == ['getTickets', 'getTickets']
    assert api.writes().count('addUpdate') == 2


def test_new_lines_mode_skips_evidence_already_in_the_body(sync, api):
    params = dict(CREATE, body='Disk 0 failed.\n/dev/sdb: FAILED!')
    result = sync(update='/dev/sdb: FAILED!', update_mode='new_lines', **params)
    assert result['created'] is True and result['updates_added'] == []
    assert api.writes().count('addUpdate') == 0


def test_a_ticket_the_module_opened_takes_additional_emails_later(sync, api):
    sync(**CREATE)
    result = sync(additional_emails=['oncall@example.com'], **CREATE)
    assert result['changed'] is True and result['emails']['added'] == ['oncall@example.com']


def test_additional_emails_end_exactly_as_given(sync, api):
    ticket_id = api.add_ticket('t', emails=['old@example.com', 'keep@example.com'])
    result = sync(ticket_id=ticket_id, additional_emails=['keep@example.com', 'new@example.com'])
    assert result['emails'] == {'added': ['new@example.com'], 'removed': ['old@example.com']}
    call = [c for c in api.sdk.calls if c['method'] == 'updateAttachedAdditionalEmails'][0]
    assert call['args'] == (['keep@example.com', 'new@example.com'],)
    assert result['ticket']['additional_emails'] == ['keep@example.com', 'new@example.com']
    assert sync(ticket_id=ticket_id, additional_emails=['NEW@example.com', 'keep@example.com'])['changed'] is False


def test_empty_additional_emails_removes_them_all(sync, api):
    ticket_id = api.add_ticket('t', emails=['old@example.com'])
    result = sync(ticket_id=ticket_id, additional_emails=[])
    assert result['emails'] == {'added': [], 'removed': ['old@example.com']}
    assert api.emails(ticket_id) == []


def test_emails_on_a_ticket_without_assigned_user_fail_before_any_write(sync, api):
    ticket_id = api.add_ticket('t', assigned=False)
    with pytest.raises(InvalidInputError, match='has no assigned user'):
        sync(ticket_id=ticket_id, additional_emails=['a@example.com'], update='x')
    assert api.writes() == []


def test_invalid_email_fails_before_any_api_call(sync, api):
    with pytest.raises(InvalidInputError, match='not an e-mail address: not-an-address'):
        sync(additional_emails=['not-an-address'], **CREATE)
    assert api.sdk.calls == []


def test_an_empty_additional_email_is_refused_not_read_as_remove_all(sync, api):
    with pytest.raises(InvalidInputError) as caught:
        sync(additional_emails=[''], **CREATE)
    assert caught.value.option == 'additional_emails'
    assert api.sdk.calls == []


def test_the_ticket_returned_after_an_update_is_the_ticket_as_the_api_now_stores_it(sync, api):
    """Posting sets what the API sets: the last update, the count, who spoke last, and when."""
    ticket_id = api.add_ticket(CREATE['title'], hardware=['web01'])
    api.emulator.apply(lambda state: services.staff_update(state, ticket_id, 'Which disk?'))
    before = sync(**CREATE)['ticket']
    assert before['awaiting_customer'] is True and before['last_edit_type'] == 'EMPLOYEE'
    result = sync(update='SMART: sdb FAILED', **CREATE)
    ticket = result['ticket']
    assert ticket['last_update'] == ticket['updates'][-1] and ticket['last_update']['entry'] == 'SMART: sdb FAILED'
    assert ticket['update_count'] == before['update_count'] + 1
    assert (ticket['last_edit_type'], ticket['awaiting_customer']) == ('USER', False)
    assert ticket['modify_date'] == ticket['last_edit_date'] == ticket['last_update']['create_date']
    assert sync(**CREATE)['ticket'] == ticket  # read back: the same, field for field
