# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""sl_ticket opens a ticket: the template, the owner, the subject, and the calls it takes.

The account is the API emulator's seed (tests/emulator/sl_emulator/data/seed.json), in-process;
the fixtures are in conftest.py.
"""

from __future__ import annotations

import pytest

from ansible_collections.softlayer.support.plugins.module_utils.api.errors import InvalidInputError
from ansible_collections.softlayer.support.plugins.module_utils.tickets.identity import identity_marker
from ansible_collections.softlayer.support.tests.unit.plugins.module_utils.sl_ticket.sync_harness import CREATE, WEB01, methods


def test_create_opens_the_ticket_with_the_marker_and_attaches_the_device(sync, api):
    result = sync(**CREATE)
    assert result['changed'] is True and result['created'] is True
    assert sorted(methods(api.sdk)[:5]) == ['getAllObjects', 'getCurrentUser', 'getHardware', 'getTickets', 'getTickets']
    # After opening, the identity search runs once more (the backstop for other controllers' runs),
    # at the same time as the attachment.
    assert methods(api.sdk)[5] == 'createStandardTicket'
    assert sorted(methods(api.sdk)[6:]) == ['addAttachedHardware', 'getTickets']
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


def test_new_ticket_with_emails_is_assigned_to_the_api_user(sync, api):
    result = sync(additional_emails=['oncall@example.com'], **CREATE)
    template = [c for c in api.sdk.calls if c['method'] == 'createStandardTicket'][0]['args'][0]
    assert template['assignedUserId'] == 7001
    assert result['ticket']['additional_emails'] == ['oncall@example.com']


@pytest.mark.parametrize('option', ['body', 'update'])
def test_text_over_19000_characters_is_refused_naming_the_option(sync, api, option):
    with pytest.raises(InvalidInputError) as caught:
        sync(**dict(CREATE, **{option: 'x' * 19001}))
    assert caught.value.option == option and 'at most 19000' in str(caught.value)
    assert api.sdk.calls == []
