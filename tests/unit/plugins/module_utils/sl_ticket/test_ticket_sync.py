# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""sl_ticket's orchestration over the emulated account: what is read, what is written, and when.

The account is the API emulator's seed (tests/emulator/sl_emulator/data/seed.json), in-process.
"""

from __future__ import annotations

import threading

import pytest

from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket import run_lock
from ansible_collections.softlayer.support.plugins.module_utils.api.client import SoftLayerClient
from ansible_collections.softlayer.support.plugins.module_utils.api.retries import RetryPolicy
from ansible_collections.softlayer.support.plugins.module_utils.api.errors import (
    InvalidInputError,
    OutcomeUnknownError,
    SoftLayerSupportError,
)
from ansible_collections.softlayer.support.plugins.module_utils.tickets.identity import identity_marker
from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket.sync import sync_ticket

API_KEY = 'f' * 64
CREATE = {'title': 'Disk failure on web01', 'subject': 'Hardware Issue', 'body': 'Disk 0 failed.', 'hardware': ['web01']}
# Devices of the seeded account.
WEB01, WEB02, CACHE01_FRA02, APP01 = 1500101, 1500102, 1500106, 91000001


@pytest.fixture
def api(emulated_api):
    return emulated_api


@pytest.fixture
def sync(emulated_client, tmp_path):
    """Run sync_ticket like the module does, collecting warnings."""
    def runner(check_mode=False, diff=False, **params):
        warnings = []
        result = sync_ticket(emulated_client, params, check_mode=check_mode, diff=diff, warn=warnings.append,
                             lock_dir=str(tmp_path))
        result['warnings'] = warnings
        return result
    return runner


def methods(sdk, since=0):
    return [c['method'] for c in sdk.calls[since:]]


# -- create and re-run -------------------------------------------------------------------------

def test_create_opens_the_ticket_with_the_marker_then_attaches_the_device(sync, api):
    result = sync(**CREATE)
    assert result['changed'] is True and result['created'] is True
    assert sorted(methods(api.sdk)[:5]) == ['getAllObjects', 'getCurrentUser', 'getHardware', 'getTickets', 'getTickets']
    # After opening, the identity search runs once more (the backstop for other controllers' runs).
    assert methods(api.sdk)[5:] == ['createStandardTicket', 'getTickets', 'addAttachedHardware']
    create = api.sdk.calls[5]
    template, contents = create['args']
    # The API guide: every new ticket needs an owner; by default the API user.
    assert template == {'subjectId': 1021, 'title': 'Disk failure on web01', 'assignedUserId': 7001}
    assert contents.startswith('Disk 0 failed.\n\nAnsible softlayer.support.sl_ticket reference: ')
    assert identity_marker('Disk failure on web01') in contents
    ticket = result['ticket']
    assert api.new_tickets() == [ticket['id']] and ticket['subject'] == 'Hardware Issue'
    assert [d['fqdn'] for d in ticket['attached_hardware']] == ['web01.example.com']
    assert result['devices_attached'] == [
        {'type': 'hardware', 'id': WEB01, 'hostname': 'web01', 'domain': 'example.com', 'fqdn': 'web01.example.com'}]
    assert result['updates_added'] == [] and result['files_uploaded'] == []
    assert result['emails'] == {'added': [], 'removed': []}
    assert 'diff' not in result


def test_create_with_a_subject_name_and_one_device_makes_at_most_eight_calls(sync, api):
    sync(**CREATE)
    assert len(api.sdk.calls) <= 8  # 7, and the backstop's marker search


def test_create_takes_five_round_trips_with_the_owner_lookup_riding_with_the_others(sync, api, emulated_client,
                                                                                    monkeypatch):
    # A round trip is one call, or one client.parallel() batch of calls made at once.
    trips = []
    client = emulated_client
    parallel = client.parallel

    def recording_parallel(*thunks):
        start = len(api.sdk.calls)
        answers = parallel(*thunks)
        trips.append(sorted(c['method'] for c in api.sdk.calls[start:]))
        return answers
    monkeypatch.setattr(client, 'parallel', recording_parallel)
    sync(**CREATE)
    batched = sum(len(trip) for trip in trips)
    # The last batch is the backstop's marker search, right after the creation.
    assert trips == [['getTickets', 'getTickets'], ['getAllObjects', 'getCurrentUser', 'getHardware'],
                     ['getTickets']]
    assert len(trips) + (len(api.sdk.calls) - batched) == 5


@pytest.mark.parametrize('reference', ['ops-analyst', 'OPS-Analyst', '7002'])
def test_assigned_user_by_username_or_id_owns_the_new_ticket(sync, api, reference):
    result = sync(assigned_user=reference, **CREATE)
    assert 'getCurrentUser' not in methods(api.sdk)
    create = next(c for c in api.sdk.calls if c['method'] == 'createStandardTicket')
    assert create['args'][0]['assignedUserId'] == 7002
    assert result['ticket']['assigned_user']['username'] == 'ops-analyst'


def test_unknown_assigned_user_fails_naming_close_usernames_before_writing(sync, api):
    with pytest.raises(InvalidInputError) as caught:
        sync(assigned_user='ops-analist', **CREATE)
    assert "assigned_user 'ops-analist' is not a portal user" in str(caught.value)
    assert "did you mean 'ops-analyst'?" in str(caught.value)
    assert caught.value.option == 'assigned_user'
    assert api.writes() == []


def test_assigned_user_is_ignored_for_an_existing_ticket(sync, api):
    sync(**CREATE)
    before = len(api.sdk.calls)
    assert sync(assigned_user='nobody-at-all', **CREATE)['changed'] is False
    assert methods(api.sdk, before) == ['getTickets', 'getTickets']


def test_a_ticket_the_module_opened_takes_additional_emails_later(sync, api):
    sync(**CREATE)
    result = sync(additional_emails=['oncall@example.com'], **CREATE)
    assert result['changed'] is True and result['emails']['added'] == ['oncall@example.com']


def test_rerun_with_nothing_to_do_makes_two_reads_and_no_write(sync, api):
    first = sync(**CREATE)
    before = len(api.sdk.calls)
    result = sync(**CREATE)
    assert result['changed'] is False and result['created'] is False
    assert methods(api.sdk, before) == ['getTickets', 'getTickets']
    assert result['ticket'] == first['ticket']


@pytest.mark.parametrize('policy, stored', [
    ('prefixed', 'Hardware Issue - Disk failure on web01'),
    ('subject', 'Hardware Issue'),
    ('keep', 'Disk failure on web01'),
])
def test_rerun_finds_its_ticket_however_the_server_stored_the_title(sync, api, policy, stored):
    api.set_policy(title_policy=policy)
    first = sync(**CREATE)
    assert first['ticket']['title'] == stored
    before = len(api.sdk.calls)
    result = sync(**CREATE)
    assert result['changed'] is False and result['ticket']['id'] == first['ticket']['id']
    assert methods(api.sdk, before) == ['getTickets', 'getTickets']
    assert len(api.new_tickets()) == 1


def test_ticket_opened_elsewhere_with_the_subject_prefixed_title_is_used(sync, api):
    ticket_id = api.add_ticket('Hardware Issue - Disk failure on web01', hardware=['web01'])
    result = sync(**CREATE)
    assert result['changed'] is False and result['ticket']['id'] == ticket_id
    assert api.writes() == []


def test_ticket_with_another_subject_prefix_is_not_this_ticket(sync, api):
    api.add_ticket('API Question - Disk failure on web01', hardware=['web01'])
    assert sync(**CREATE)['created'] is True


def test_ticket_opened_by_hand_with_the_same_title_is_used(sync, api):
    ticket_id = api.add_ticket('Disk failure on web01', hardware=['web01'])
    result = sync(**CREATE)
    assert result['changed'] is False and result['ticket']['id'] == ticket_id
    assert api.writes() == []


def test_assigned_ticket_counts_as_open(sync, api):
    ticket_id = api.add_ticket('Disk failure on web01', status='Assigned', hardware=['web01'])
    assert sync(**CREATE)['ticket']['id'] == ticket_id


def test_closed_ticket_with_the_title_is_not_reused(sync, api):
    closed = api.add_ticket('Disk failure on web01', status='Closed', hardware=['web01'])
    result = sync(**CREATE)
    assert result['created'] is True and api.new_tickets() == [closed, result['ticket']['id']]


def test_several_matches_use_the_newest_and_warn_naming_the_others(sync, api):
    old = api.add_ticket('Disk failure on web01', hardware=['web01'], create_date='2025-01-01T10:00:00-06:00')
    new = api.add_ticket('Disk failure on web01', hardware=['web01'], create_date='2025-02-01T10:00:00-06:00')
    result = sync(**CREATE)
    assert result['ticket']['id'] == new
    assert len(result['warnings']) == 1
    assert "2 open tickets match 'Disk failure on web01': using the newest, %d" % new in result['warnings'][0]
    assert 'also matching: %d' % old in result['warnings'][0]


def test_missing_options_for_a_new_ticket_are_named(sync, api):
    with pytest.raises(InvalidInputError) as caught:
        sync(title='Nothing like this', update='hello')
    assert str(caught.value) == ("no open ticket matches title 'Nothing like this', so a new one would be opened, "
                                 'which needs subject, body')
    assert api.writes() == []


def test_unknown_subject_fails_naming_close_matches_before_writing(sync, api):
    with pytest.raises(InvalidInputError) as caught:
        sync(**dict(CREATE, subject='Hardwre Isue'))
    assert "did you mean 'Hardware Issue' or " in str(caught.value)  # the closest first
    assert api.writes() == []


def test_subject_may_be_given_by_id(sync, api):
    sync(**dict(CREATE, subject='1522'))
    create = next(c for c in api.sdk.calls if c['method'] == 'createStandardTicket')
    assert create['args'][0]['subjectId'] == 1522


def test_priority_and_notify_user_go_into_the_template(sync, api):
    sync(**dict(CREATE, priority=2, notify_user=False))
    template = [c for c in api.sdk.calls if c['method'] == 'createStandardTicket'][0]['args'][0]
    assert template['priority'] == 2 and template['notifyUserOnUpdateFlag'] is False


def test_match_none_always_opens_a_new_ticket(sync, api):
    sync(**CREATE)
    before = len(api.sdk.calls)
    result = sync(match=['none'], **CREATE)
    assert result['created'] is True
    assert 'getTickets' not in methods(api.sdk, before)
    assert len(api.new_tickets()) == 2


def test_match_none_cannot_be_combined(sync, api):
    with pytest.raises(InvalidInputError, match="'none'"):
        sync(match=['none', 'subject'], **CREATE)


def test_match_subject_ignores_a_ticket_with_another_subject(sync, api):
    api.add_ticket('Disk failure on web01', subject_id=1522)
    result = sync(match=['title', 'subject'], **CREATE)
    assert result['created'] is True
    assert api.sdk.calls[0]['kwargs']['filter']['tickets']['subject'] == {'name': {'operation': '_= Hardware Issue'}}


def test_match_devices_keeps_one_ticket_per_device_under_one_title(sync, api):
    first = sync(match=['devices'], **dict(CREATE, title='Disk failure', hardware=['web01']))
    second = sync(match=['devices'], **dict(CREATE, title='Disk failure', hardware=['web02']))
    again = sync(match=['devices'], **dict(CREATE, title='Disk failure', hardware=['web02.example.com']))
    assert first['created'] and second['created'] and not again['changed']
    assert again['ticket']['id'] == second['ticket']['id'] != first['ticket']['id']


def test_match_needs_the_options_it_narrows_by(sync, api):
    with pytest.raises(InvalidInputError, match="'subject' needs the subject option"):
        sync(title='t', match=['subject'])
    with pytest.raises(InvalidInputError, match="'devices' needs the hardware or virtual_guests option"):
        sync(title='t', match=['devices'])


def test_a_blank_title_without_ticket_id_is_refused_before_any_call(sync, api):
    # The argument spec requires ticket_id or title; a title of blanks passes it and is refused here.
    with pytest.raises(InvalidInputError, match='title must not be empty'):
        sync(title='   ', update='x')
    assert api.sdk.calls == []


# -- updates -----------------------------------------------------------------------------------

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


def test_rerun_by_ticket_id_with_nothing_to_do_makes_one_call(sync, api):
    ticket_id = api.add_ticket('Anything', entries=('first', 'more'))
    assert sync(ticket_id=ticket_id, update='more')['changed'] is False
    assert methods(api.sdk) == ['getObject']


def test_unknown_ticket_id_fails_clearly(sync, api):
    with pytest.raises(InvalidInputError) as caught:
        sync(ticket_id=424242, update='x')
    assert str(caught.value) == 'ticket 424242 was not found on this account'
    assert caught.value.option == 'ticket_id'


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


# -- devices -----------------------------------------------------------------------------------

def test_attached_device_is_skipped_without_a_lookup(sync, api):
    ticket_id = api.add_ticket('t', hardware=['web01'])
    result = sync(ticket_id=ticket_id, hardware=['web01.example.com', str(WEB01), 'WEB01'])
    assert result['changed'] is False
    assert methods(api.sdk) == ['getObject']


def test_devices_by_hostname_fqdn_and_id_are_attached(sync, api):
    ticket_id = api.add_ticket('t')
    result = sync(ticket_id=ticket_id, hardware=['web02', 'cache01.fra02.example.com', str(WEB01)],
                  virtual_guests=['app01'])
    assert sorted(d['id'] for d in result['devices_attached']) == [WEB01, WEB02, CACHE01_FRA02, APP01]
    assert api.writes() == ['addAttachedHardware'] * 3 + ['addAttachedVirtualGuest']
    assert sorted(d['id'] for d in result['ticket']['attached_hardware']) == [WEB01, WEB02, CACHE01_FRA02]


def test_ambiguous_hostname_fails_naming_both_fqdns_before_any_write(sync, api):
    with pytest.raises(InvalidInputError) as caught:
        sync(**dict(CREATE, hardware=['cache01']))
    assert 'cache01.dal10.example.com' in str(caught.value) and 'cache01.fra02.example.com' in str(caught.value)
    assert api.writes() == []


def test_unknown_device_fails_with_suggestions_before_any_write(sync, api):
    with pytest.raises(InvalidInputError) as caught:
        sync(**dict(CREATE, hardware=['web1']))
    assert "did you mean 'web01.example.com'" in str(caught.value)
    assert api.writes() == []


# -- attachments -------------------------------------------------------------------------------

@pytest.fixture
def log_file(tmp_path):
    path = tmp_path / 'controller.log'
    path.write_text('raid log\n')
    return str(path)


def test_file_is_uploaded_once(sync, api, log_file):
    ticket_id = api.add_ticket('t')
    result = sync(ticket_id=ticket_id, attachments=[log_file])
    assert result['files_uploaded'] == ['controller.log']
    upload = [c for c in api.sdk.calls if c['method'] == 'addAttachedFile'][0]
    assert upload['args'][0] == {'filename': 'controller.log', 'data': b'raid log\n'}
    assert result['ticket']['attached_file_count'] == 1
    before = len(api.sdk.calls)
    again = sync(ticket_id=ticket_id, attachments=[log_file])
    assert again['changed'] is False
    assert api.writes() == ['addAttachedFile']
    assert methods(api.sdk, before) == ['getObject']


def test_extension_not_on_the_whitelist_fails_before_any_write(sync, api, tmp_path):
    bad = tmp_path / 'payload.exe'
    bad.write_bytes(b'MZ')
    with pytest.raises(InvalidInputError) as caught:
        sync(update='x', attachments=[str(bad)], **CREATE)
    allowed = ', '.join(sorted(api.emulator.state.extension_whitelist))  # the seed's: 7z, bmp, ... log, ... zip
    assert str(caught.value).startswith('attachments: SoftLayer does not accept payload.exe (allowed extensions: %s)' % allowed)
    assert api.writes() == []


def test_missing_file_fails_before_any_api_call(sync, api, tmp_path):
    with pytest.raises(InvalidInputError, match='does not exist'):
        sync(attachments=[str(tmp_path / 'nope.log')], **CREATE)
    assert api.sdk.calls == []


def test_two_files_with_one_name_fail_before_any_api_call(sync, api, tmp_path, log_file):
    other = tmp_path / 'sub'
    other.mkdir()
    (other / 'controller.log').write_text('x')
    with pytest.raises(InvalidInputError, match='same file name'):
        sync(attachments=[log_file, str(other / 'controller.log')], **CREATE)
    assert api.sdk.calls == []


# -- additional e-mails ------------------------------------------------------------------------

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


def test_new_ticket_with_emails_is_assigned_to_the_api_user(sync, api):
    result = sync(additional_emails=['oncall@example.com'], **CREATE)
    template = [c for c in api.sdk.calls if c['method'] == 'createStandardTicket'][0]['args'][0]
    assert template['assignedUserId'] == 7001
    assert result['ticket']['additional_emails'] == ['oncall@example.com']


def test_emails_on_a_ticket_without_assigned_user_fail_before_any_write(sync, api):
    ticket_id = api.add_ticket('t', assigned=False)
    with pytest.raises(InvalidInputError, match='has no assigned user'):
        sync(ticket_id=ticket_id, additional_emails=['a@example.com'], update='x')
    assert api.writes() == []


def test_invalid_email_fails_before_any_api_call(sync, api):
    with pytest.raises(InvalidInputError, match='not an e-mail address: not-an-address'):
        sync(additional_emails=['not-an-address'], **CREATE)
    assert api.sdk.calls == []


# -- check mode and diff -----------------------------------------------------------------------

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


# -- exactly once ------------------------------------------------------------------------------

def test_lost_create_response_finds_the_ticket_and_does_not_open_another(sync, api):
    api.lose('createStandardTicket')
    result = sync(**CREATE)
    assert api.new_tickets() == [result['ticket']['id']] and result['created'] is True
    assert api.writes() == ['createStandardTicket', 'addAttachedHardware']
    assert any('was lost, but the change is on the ticket' in w for w in result['warnings'])
    lookups = [c['kwargs']['filter']['tickets'].get('firstUpdate', {}).get('entry', {}).get('operation', '')
               for c in api.sdk.calls if c['method'] == 'getTickets']
    assert any('.' in operation for operation in lookups)  # looked for by the creation token


def test_create_that_did_not_land_is_tried_once_more(sync, api):
    api.lose('createStandardTicket', landed=False)
    result = sync(**CREATE)
    assert len(api.new_tickets()) == 1 and result['created'] is True
    assert api.writes() == ['createStandardTicket', 'createStandardTicket', 'addAttachedHardware']


def test_create_lost_twice_fails_with_the_transport_error(sync, api):
    api.lose('createStandardTicket', landed=False, times=-1)
    with pytest.raises(OutcomeUnknownError):
        sync(**CREATE)
    assert api.writes().count('createStandardTicket') == 2 and api.new_tickets() == []


def test_lost_update_response_is_not_posted_again(sync, api):
    ticket_id = sync(**CREATE)['ticket']['id']
    api.lose('addUpdate')
    result = sync(update='evidence', **CREATE)
    assert result['changed'] is True and result['updates_added'] == ['evidence']
    assert any('was lost, but the change is on the ticket' in w for w in result['warnings'])
    assert api.writes().count('addUpdate') == 1
    assert api.entries(ticket_id).count('evidence') == 1


def test_update_that_did_not_land_is_posted_once_more(sync, api):
    ticket_id = sync(**CREATE)['ticket']['id']
    api.lose('addUpdate', landed=False)
    sync(update='evidence', **CREATE)
    assert api.writes().count('addUpdate') == 2
    assert api.entries(ticket_id).count('evidence') == 1


def test_lost_attach_and_upload_responses_are_not_repeated(sync, api, log_file):
    ticket_id = api.add_ticket('t')
    api.lose('addAttachedHardware')
    api.lose('addAttachedFile')
    api.lose('updateAttachedAdditionalEmails')
    result = sync(ticket_id=ticket_id, hardware=['web01'], attachments=[log_file], additional_emails=['a@example.com'])
    assert result['changed'] is True
    assert sum('was lost, but the change is on the ticket' in w for w in result['warnings']) == 3
    assert api.writes() == ['updateAttachedAdditionalEmails', 'addAttachedHardware', 'addAttachedFile']
    assert api.hardware_ids(ticket_id) == [WEB01] and len(api.file_names(ticket_id)) == 1


def test_a_refused_write_fails_with_the_api_message(sync, api):
    ticket_id = api.add_ticket('t')
    api.refuse('addUpdate', 'Unable to add ticket update..')
    with pytest.raises(SoftLayerSupportError) as caught:
        sync(ticket_id=ticket_id, update='x')
    assert 'Unable to add ticket update' in str(caught.value)
    assert API_KEY not in str(caught.value)


def test_concurrent_runs_for_one_identity_open_one_ticket(api, tmp_path):
    api.delay('createStandardTicket', 0.2)
    sdk = api.sdk
    results, errors = [], []

    def one_run():
        client = SoftLayerClient(sdk, secrets=[API_KEY], retry_policy=RetryPolicy(retries=0), timeout=5)
        try:
            results.append(sync_ticket(client, dict(CREATE, update='same evidence'), lock_dir=str(tmp_path)))
        except Exception as error:  # pylint: disable=broad-except
            errors.append(error)

    threads = [threading.Thread(target=one_run) for unused in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert len(api.new_tickets()) == 1
    assert sum(1 for r in results if r['created']) == 1
    assert api.writes().count('createStandardTicket') == 1
    assert api.writes().count('addUpdate') == 1


def test_failed_look_after_a_lost_response_stops_without_writing_again(sync, api):
    ticket_id = api.add_ticket('t')
    api.lose('addUpdate')
    # Every read after the first fails.
    api.on('getObject', lambda call: api.refuse('getObject', 'Internal Error', times=-1), when='after')
    with pytest.raises(OutcomeUnknownError) as caught:
        sync(ticket_id=ticket_id, update='evidence')
    assert 'looking whether it landed failed too' in str(caught.value)
    assert api.writes() == ['addUpdate']


def test_match_is_ignored_with_a_ticket_id(sync, api):
    ticket_id = api.add_ticket('t', entries=('first', 'x'))
    assert sync(ticket_id=ticket_id, match=['devices'], update='x')['changed'] is False
    assert sync(ticket_id=ticket_id, match=['none'], update='x')['ticket']['id'] == ticket_id


def test_ticket_found_by_title_is_read_again_if_a_run_by_id_held_it(sync, api, tmp_path):
    ticket_id = api.add_ticket('Disk failure on web01', hardware=['web01'])
    path = run_lock.lock_path('ticket', ('', ''), ticket_id, directory=str(tmp_path))

    def release_later():
        with run_lock.identity_lock(path):
            started.set()
            # Meanwhile a run by id posts the evidence.
            threading.Event().wait(0.3)
            api.post_by_hand(ticket_id, 'evidence')

    started = threading.Event()
    holder = threading.Thread(target=release_later)
    holder.start()
    started.wait(5)
    result = sync(update='evidence', **CREATE)
    holder.join(5)
    assert result['changed'] is False
    assert methods(api.sdk) == ['getTickets', 'getTickets', 'getObject']
    assert api.writes() == []


# -- update_mode: new_lines ----------------------------------------------------------------------

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


def test_new_lines_mode_in_check_mode_predicts_the_new_lines_without_writing(sync, api):
    sync(update='line one', update_mode='new_lines', **CREATE)
    writes = len(api.writes())
    result = sync(check_mode=True, update='line one\nline two', update_mode='new_lines', **CREATE)
    assert result['changed'] is True and result['updates_added'] == ['line two']
    assert len(api.writes()) == writes


def test_new_lines_mode_skips_evidence_already_in_the_body(sync, api):
    params = dict(CREATE, body='Disk 0 failed.\n/dev/sdb: FAILED!')
    result = sync(update='/dev/sdb: FAILED!', update_mode='new_lines', **params)
    assert result['created'] is True and result['updates_added'] == []
    assert api.writes().count('addUpdate') == 0


# -- refused before any write --------------------------------------------------------------------

@pytest.mark.parametrize('option', ['body', 'update'])
def test_text_over_19000_characters_is_refused_naming_the_option(sync, api, option):
    with pytest.raises(InvalidInputError) as caught:
        sync(**dict(CREATE, **{option: 'x' * 19001}))
    assert caught.value.option == option and 'at most 19000' in str(caught.value)
    assert api.sdk.calls == []


def test_an_empty_additional_email_is_refused_not_read_as_remove_all(sync, api):
    with pytest.raises(InvalidInputError) as caught:
        sync(additional_emails=[''], **CREATE)
    assert caught.value.option == 'additional_emails'
    assert api.sdk.calls == []


def test_a_write_without_answer_that_lands_late_is_found_not_sent_again(sync, api):
    """The API may still commit after the client gave up: a grace look finds it before any re-send."""
    ticket_id = sync(**CREATE)['ticket']['id']
    api.hold('addUpdate')
    # The held write commits while the module waits: just before its second look.
    api.on('getObject', lambda call: api.release(), nth=2)
    result = sync(update='evidence', **CREATE)
    assert result['changed'] is True
    assert api.writes().count('addUpdate') == 1
    assert api.entries(ticket_id).count('evidence') == 1


def test_twins_that_concurrent_runs_opened_resolve_to_the_oldest_before_either_is_marked(sync, api):
    # Two controllers opened one ticket each a moment ago; neither has marked its own as a duplicate yet.
    # A third run must pick the one both hand over to (the oldest), not the newest.
    marker = identity_marker(CREATE['title'])
    body = 'Disk 0 failed.\n\nAnsible softlayer.support.sl_ticket reference: %s.%s'
    old = api.add_ticket(CREATE['title'], entries=(body % (marker, 'a' * 12),), hardware=['web01'],
                         create_date='2026-01-01T10:00:00-06:00')
    new = api.add_ticket(CREATE['title'], entries=(body % (marker, 'b' * 12),), hardware=['web01'],
                         create_date='2026-01-01T10:00:03-06:00')
    result = sync(update='SMART: 12 reallocated sectors', **CREATE)
    assert result['ticket']['id'] == old and result['created'] is False
    assert api.entries(old)[-1] == 'SMART: 12 reallocated sectors'
    assert len(api.entries(new)) == 1
