# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""sl_ticket in check mode and with --diff: every read, no write, and the real run predicted.

The account is the API emulator's seed (tests/emulator/sl_emulator/data/seed.json), in-process;
the fixtures are in conftest.py.
"""

from __future__ import annotations

import pytest

from ansible_collections.softlayer.support.plugins.module_utils.api.errors import InvalidInputError
from ansible_collections.softlayer.support.tests.unit.plugins.emulated_api import services
from ansible_collections.softlayer.support.tests.unit.plugins.module_utils.sl_ticket.sync_harness import CREATE, methods


def test_check_mode_create_reads_everything_writes_nothing_and_predicts_the_ticket(sync, api, log_file):
    result = sync(check_mode=True, update='evidence', attachments=[log_file], additional_emails=['a@example.com'],
                  **CREATE)
    assert api.writes() == []
    assert sorted(methods(api.sdk)) == [
        'getAllObjects', 'getCurrentUser', 'getExtensionWhitelist', 'getHardware', 'getTickets', 'getTickets']
    assert result['changed'] is True and result['created'] is True
    ticket = result['ticket']
    assert ticket['id'] is None and ticket['status'] == 'Open' and ticket['title'] == 'Disk failure on web01'
    assert ticket['update_count'] == 2 and ticket['updates'][-1]['entry'] == 'evidence'
    assert [d['fqdn'] for d in ticket['attached_hardware']] == ['web01.example.com']
    assert [f['file_name'] for f in ticket['attached_files']] == ['controller.log']
    assert ticket['additional_emails'] == ['a@example.com']


def test_check_mode_predicts_exactly_what_the_real_run_does(sync, api, log_file):
    ticket_id = api.add_ticket('Disk failure on web01', emails=['old@example.com'])
    wanted = dict(CREATE, update='evidence', hardware=['web01', 'web02'], attachments=[log_file],
                  additional_emails=['new@example.com'])
    predicted = sync(check_mode=True, **wanted)
    real = sync(**wanted)
    for key in ('changed', 'created', 'updates_added', 'devices_attached', 'files_uploaded', 'emails'):
        assert predicted[key] == real[key], key
    assert predicted['ticket']['id'] == real['ticket']['id'] == ticket_id
    for key in ('update_count', 'attached_hardware', 'additional_emails', 'attached_file_count'):
        assert predicted['ticket'][key] == real['ticket'][key], key
    assert sync(check_mode=True, **wanted)['changed'] is False


def test_check_mode_on_a_closed_ticket_fails_like_the_real_run(sync, api):
    ticket_id = api.add_ticket('Old', status='Closed')
    with pytest.raises(InvalidInputError, match='is Closed'):
        sync(check_mode=True, ticket_id=ticket_id, update='x')


def test_new_lines_mode_in_check_mode_predicts_the_new_lines_without_writing(sync, api):
    sync(update='line one', update_mode='new_lines', **CREATE)
    writes = len(api.writes())
    result = sync(check_mode=True, update='line one\nline two', update_mode='new_lines', **CREATE)
    assert result['changed'] is True and result['updates_added'] == ['line two']
    assert len(api.writes()) == writes


def test_diff_shows_a_small_before_and_after(sync, api):
    ticket_id = api.add_ticket('Disk failure on web01')
    result = sync(diff=True, update='x' * 500, **CREATE)
    before, after = result['diff']['before'], result['diff']['after']
    assert before['id'] == after['id'] == ticket_id
    assert before['hardware'] == [] and after['hardware'] == ['web01.example.com']
    assert before['update_count'] == 1 and after['update_count'] == 2
    assert before['updates_added'] == [] and after['updates_added'] == ['x' * 200 + '... (500 characters)']
    assert 'updates' not in after


def test_diff_of_a_new_ticket_has_an_empty_before(sync, api):
    result = sync(diff=True, check_mode=True, **CREATE)
    assert result['diff']['before'] == {}
    assert result['diff']['after']['id'] is None and result['diff']['after']['status'] == 'Open'


@pytest.mark.parametrize('existing', [False, True], ids=['new ticket', 'found ticket'])
def test_check_mode_predicts_who_spoke_last_as_the_real_run_sets_it(sync, api, existing):
    if existing:
        ticket_id = api.add_ticket(CREATE['title'], hardware=['web01'])
        api.emulator.apply(lambda state: services.staff_update(state, ticket_id, 'Which disk?'))
    wanted = dict(CREATE, update='SMART: sdb FAILED')
    predicted, real = sync(check_mode=True, **wanted)['ticket'], sync(**wanted)['ticket']
    for ticket in (predicted, real):
        assert ticket['last_update']['entry'] == 'SMART: sdb FAILED'
    for key in ('update_count', 'last_edit_type', 'awaiting_customer'):
        assert predicted[key] == real[key], key
    # Only the server knows when: check mode says so rather than keep the dates as read.
    assert predicted['modify_date'] is None and predicted['last_update']['create_date'] is None


def test_check_mode_takes_no_lock_and_leaves_no_lock_file(sync, api, tmp_path):
    lock_dir = tmp_path / 'locks'
    lock_dir.mkdir()
    api.add_ticket(CREATE['title'], hardware=['web01'])
    assert sync(check_mode=True, lock_dir=str(lock_dir), update='evidence', **CREATE)['changed'] is True
    assert list(lock_dir.iterdir()) == []
    sync(lock_dir=str(lock_dir), update='evidence', **CREATE)
    assert len(list(lock_dir.iterdir())) == 2  # the real run's: the identity's and the ticket's
