# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""sl_ticket's plan: what a run writes, decided from the request and the ticket as read, with no API."""

from __future__ import annotations

import pytest

from ansible_collections.softlayer.support.plugins.module_utils.api.errors import InvalidInputError
from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket.plan import (
    Outcome,
    plan_changes,
    plan_new_ticket,
)
from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket.request import TicketRequest

CREATE = {'title': 'Disk failure on web01', 'subject': 'Hardware Issue', 'body': 'Disk 0 failed.'}
SUBJECT = {'id': 1021, 'name': 'Hardware Issue'}
USER = {'id': 7001, 'username': 'ansible-demo'}
WEB01 = {'id': 11, 'hostname': 'web01', 'domain': 'example.com', 'fqdn': 'web01.example.com'}
TOKEN = 'sl-ticket-0123456789abcdef.0123456789ab'


def request(**params):
    return TicketRequest(dict(CREATE, **params))


def ticket(status='Open', updates=('Disk 0 failed.',), hardware=(), files=(), emails=None, owner=7001):
    raw = {
        'id': 500, 'title': CREATE['title'], 'status': {'name': status}, 'assignedUserId': owner,
        'updates': [{'id': n, 'entry': entry, 'editorType': 'USER'} for n, entry in enumerate(updates, 1)],
        'attachedHardware': [dict(d, fullyQualifiedDomainName=d['fqdn']) for d in hardware],
        'attachedVirtualGuests': [],
        'attachedFiles': [{'id': n, 'fileName': name} for n, name in enumerate(files, 1)],
    }
    if emails is not None:
        raw['attachedAdditionalEmails'] = [{'email': e} for e in emails]
    return raw


def kinds(steps):
    return [type(step).__name__ for step in steps]


# -- a ticket that exists ------------------------------------------------------------------------

def test_a_ticket_with_everything_needs_nothing():
    found = ticket(updates=('Disk 0 failed.', 'SMART: 12 sectors'), hardware=[WEB01], emails=['ops@example.com'])
    plan = plan_changes(request(update='SMART: 12 sectors', hardware=['web01.example.com'],
                                additional_emails=['ops@example.com']), found)
    assert plan.is_empty()


def test_only_what_the_ticket_lacks_is_planned(tmp_path):
    log = tmp_path / 'smart.log'
    log.write_text('x')
    old = tmp_path / 'old.log'
    old.write_text('x')
    found = ticket(hardware=[WEB01], files=['old.log'], emails=['ops@example.com'])
    plan = plan_changes(request(update='SMART: 12 sectors', hardware=['web01', 'web02'],
                                attachments=[str(log), str(old)],
                                additional_emails=['dba@example.com']), found)
    assert {kind: [str(ref) for ref in refs] for kind, refs in plan.devices.items()} == {'hardware': ['web02']}
    assert plan.uploads == [str(log)]
    assert plan.update == 'SMART: 12 sectors'
    assert plan.emails == (['dba@example.com'], ['dba@example.com'], ['ops@example.com'])
    assert plan.new is None


def test_steps_come_in_write_order_and_skip_a_device_attached_under_another_name(tmp_path):
    log = tmp_path / 'smart.log'
    log.write_text('x')
    found = ticket(hardware=[WEB01])
    # 'web01-ipmi' resolves (by the lookup) to device 11, which is already attached.
    plan = plan_changes(request(update='more', hardware=['web01-ipmi', 'web02'], attachments=[str(log)],
                                additional_emails=['ops@example.com']), found)
    web02 = dict(WEB01, id=12, hostname='web02', fqdn='web02.example.com')
    steps = plan.steps({'devices': {'hardware': [WEB01, web02]}, 'whitelist': ['log']})
    assert kinds(steps) == ['SetEmails', 'AttachDevice', 'UploadFile', 'PostUpdate']
    assert steps[1].device['id'] == 12


def test_an_update_already_posted_is_not_planned_again():
    found = ticket(updates=('Disk 0 failed.', 'SMART:   12\nsectors'))
    assert plan_changes(request(update='SMART: 12 sectors'), found).is_empty()


def test_new_lines_mode_plans_only_the_new_lines():
    found = ticket(updates=('Disk 0 failed.', 'line one'))
    plan = plan_changes(request(update='line one\nline two', update_mode='new_lines'), found)
    assert plan.update == 'line two'


def test_a_closed_ticket_that_lacks_something_is_refused_naming_what_was_wanted():
    with pytest.raises(InvalidInputError) as raised:
        plan_changes(request(update='more', hardware=['web02']), ticket(status='Closed'))
    assert raised.value.option == 'ticket_id'
    assert 'ticket 500 is Closed' in str(raised.value)
    assert 'an update; devices web02' in str(raised.value)


def test_a_closed_ticket_that_has_everything_is_fine():
    assert plan_changes(request(update='Disk 0 failed.'), ticket(status='Closed')).is_empty()


def test_emails_on_a_ticket_without_owner_are_refused_before_any_write():
    with pytest.raises(InvalidInputError) as raised:
        plan_changes(request(additional_emails=['ops@example.com']), ticket(owner=None))
    assert raised.value.option == 'additional_emails'


def test_a_file_type_the_server_refuses_stops_the_plan_before_any_step(tmp_path):
    exe = tmp_path / 'tool.exe'
    exe.write_text('x')
    plan = plan_changes(request(attachments=[str(exe)]), ticket())
    with pytest.raises(InvalidInputError) as raised:
        plan.steps({'devices': {}, 'whitelist': ['txt', 'log']})
    assert raised.value.option == 'attachments'
    assert 'tool.exe' in str(raised.value) and 'log, txt' in str(raised.value)


# -- a new ticket --------------------------------------------------------------------------------

def test_a_new_ticket_is_opened_first_with_the_marked_body_then_the_rest():
    plan = plan_new_ticket(request(hardware=['web01'], update='SMART: 12 sectors',
                                   additional_emails=['ops@example.com']), TOKEN)
    steps = plan.steps({'devices': {'hardware': [WEB01]}, 'subject': SUBJECT, 'user': USER})
    assert kinds(steps) == ['OpenTicket', 'SetEmails', 'AttachDevice', 'PostUpdate']
    assert steps[0].template == {'subjectId': 1021, 'title': CREATE['title'], 'assignedUserId': 7001}
    assert steps[0].contents.startswith('Disk 0 failed.') and steps[0].contents.endswith(TOKEN)


def test_a_new_ticket_whose_body_has_the_update_posts_no_update():
    plan = plan_new_ticket(request(body='Disk 0 failed.\nSMART: 12 sectors', update='SMART: 12 sectors',
                                   update_mode='new_lines'), TOKEN)
    assert plan.update is None


def test_a_new_ticket_without_subject_and_body_names_the_first_missing_option():
    with pytest.raises(InvalidInputError) as raised:
        plan_new_ticket(TicketRequest({'title': 'Disk'}), TOKEN)
    assert raised.value.option == 'subject'
    assert 'needs subject, body' in str(raised.value)


# -- applying (the two writers side by side on the emulated account: test_ticket_writer) -----------

def test_nothing_applied_is_no_change():
    outcome = Outcome()
    outcome.raw = ticket()
    result = outcome.result(before=None, diff=True)
    assert result['changed'] is False and result['diff']['before'] == {}


WEB02 = {'id': 12, 'hostname': 'web02', 'domain': 'example.com', 'fqdn': 'web02.example.com'}


@pytest.mark.parametrize('state, listed, detached', [
    ('present', ['web01'], []),
    ('absent', ['web01', 'db09'], [11]),
    ('exact', ['web02.example.com'], [11]),
    ('exact', [], [11, 12]),
])
def test_devices_state_decides_what_is_removed_without_a_lookup(state, listed, detached):
    plan = plan_changes(request(hardware=listed, devices_state=state), ticket(hardware=[WEB01, WEB02]))
    assert [d['id'] for d in plan.detach.get('hardware', [])] == detached
    assert plan.devices == {}  # everything listed is attached or, for absent, not wanted: nothing to look up


def test_exact_leaves_a_kind_whose_option_is_not_set():
    plan = plan_changes(request(virtual_guests=['app01'], devices_state='exact'), ticket(hardware=[WEB01]))
    assert plan.detach == {}


def test_priority_is_planned_only_with_update_priority_and_when_it_differs():
    raw = dict(ticket(), priority=3)
    assert plan_changes(request(priority=1), raw).priority is None
    assert plan_changes(request(priority=3, update_priority=True), raw).priority is None
    assert plan_changes(request(priority=1, update_priority=True), raw).priority == (3, 1)


def test_final_comments_are_planned_on_a_closed_ticket_without_any():
    closed = ticket(status='Closed')
    assert plan_changes(request(ticket_id=500, final_comments='Thanks.'), closed).final_comments == 'Thanks.'
    done = dict(closed, finalComments=' Thanks. ')
    assert plan_changes(request(ticket_id=500, final_comments='Thanks.'), done).is_empty()
