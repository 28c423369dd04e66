# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""sl_ticket's pure decisions: identity marker, search filters, which ticket, what is already posted."""

from __future__ import annotations

import re

import pytest

from ansible_collections.softlayer.support.plugins.module_utils.tickets import identity as ti
from ansible_collections.softlayer.support.plugins.module_utils.tickets.fields import UPDATE_CHUNK_SIZE


def ticket(ticket_id, title='Disk failure', entries=('body',), subject=(1021, 'Hardware Issue'), created='2025-01-01T10:00:00-06:00',
           hardware=(), guests=()):
    return {
        'id': ticket_id, 'title': title, 'createDate': created, 'subjectId': subject[0],
        'subject': {'id': subject[0], 'name': subject[1]},
        'updates': [{'id': ticket_id * 10 + n, 'entry': e, 'createDate': created} for n, e in enumerate(entries)],
        'attachedHardware': list(hardware), 'attachedVirtualGuests': list(guests),
    }


def attached_of(raw):
    return [{'id': d['id'], 'hostname': d['hostname'], 'fqdn': '%s.%s' % (d['hostname'], d['domain'])}
            for d in raw['attachedHardware'] + raw['attachedVirtualGuests']]


WEB01 = {'id': 11, 'hostname': 'web01', 'domain': 'example.com'}


# -- marker ------------------------------------------------------------------------------------

def test_marker_is_stable_per_title_and_differs_between_titles():
    assert ti.identity_marker('Disk failure on web01') == ti.identity_marker('  Disk failure on web01 ')
    assert ti.identity_marker('Disk failure on web01') != ti.identity_marker('Disk failure on web02')


def test_marker_has_only_characters_a_contains_filter_takes_literally():
    marker = ti.identity_marker('100% _wild_ title *=')
    assert re.match(r'^sl-ticket-[0-9a-f]{16}$', marker)
    assert re.match(r'^sl-ticket-[0-9a-f]{16}\.[0-9a-f]{12}$', ti.creation_token(marker, 'abcdef012345'))


def test_body_gets_the_marker_as_its_last_line():
    body = ti.body_with_marker('The disk failed.\n\n', 'sl-ticket-0123456789abcdef.000000000000')
    assert body == ('The disk failed.\n\n'
                    'Ansible softlayer.support.sl_ticket reference: sl-ticket-0123456789abcdef.000000000000')


def test_long_body_gets_the_marker_first_so_it_stays_in_the_first_stored_update():
    token = 'sl-ticket-0123456789abcdef.000000000000'
    body = ti.body_with_marker('x' * UPDATE_CHUNK_SIZE, token)
    assert token in body[:UPDATE_CHUNK_SIZE]
    assert body.endswith('x' * UPDATE_CHUNK_SIZE)


def test_body_that_just_fits_keeps_the_marker_last():
    token = 'sl-ticket-0123456789abcdef.000000000000'
    room = UPDATE_CHUNK_SIZE - len('\n\n' + ti.marker_line(token))
    body = ti.body_with_marker('y' * room, token)
    assert len(body) == UPDATE_CHUNK_SIZE and body.endswith(token)


# -- search filters ----------------------------------------------------------------------------

def test_title_filter_ends_with_the_title_on_open_and_assigned_ids():
    # Ends-with finds 'Disk failure' and 'Hardware Issue - Disk failure'; the status ids are explicit
    # because Account::getOpenTickets may leave Assigned (1004) tickets out.
    assert ti.title_filter('Disk failure') == {'tickets': {
        'title': {'operation': '$= Disk failure'},
        'statusId': {'operation': 'in', 'options': [{'name': 'data', 'value': [1001, 1004]}]},
    }}


def test_title_that_looks_like_an_operator_stays_literal():
    # The explicit operator comes first, so the title's own leading characters are its operand.
    branch = ti.title_filter('*= not a contains')['tickets']
    assert branch['title']['operation'] == '$= *= not a contains'


@pytest.mark.parametrize('stored, subject, matches', [
    ('Dead Drive', 'Hardware Issue', True),
    ('Hardware Issue - Dead Drive', 'Hardware Issue', True),
    ('  Hardware Issue - Dead Drive ', 'Hardware Issue', True),
    ('API Question - Dead Drive', 'Hardware Issue', False),      # the prefix must be the ticket's own subject
    ('Old Dead Drive', 'Hardware Issue', False),
    ('Hardware Issue - dead drive', 'Hardware Issue', False),    # exact, as the title is the identity
    ('Hardware Issue', 'Hardware Issue', False),                 # subject-only titles: found by the marker
])
def test_has_title_accepts_the_title_as_given_or_prefixed_by_the_subject(stored, subject, matches):
    raw = {'title': stored, 'subject': {'id': 1021, 'name': subject}}
    assert ti.has_title(raw, 'Dead Drive') is matches


def test_subject_narrowing_uses_the_id_or_a_case_insensitive_name():
    assert ti.title_filter('t', subject='1021')['tickets']['subjectId'] == {'operation': 1021}
    assert ti.title_filter('t', subject='Hardware Issue')['tickets']['subject'] == {
        'name': {'operation': '_= Hardware Issue'}}


def test_marker_filter_looks_in_the_first_update():
    branch = ti.marker_filter('sl-ticket-0123456789abcdef')['tickets']
    assert branch['firstUpdate'] == {'entry': {'operation': '*= sl-ticket-0123456789abcdef'}}
    assert 'title' not in branch


# -- which ticket ------------------------------------------------------------------------------

def test_newest_ticket_wins_and_the_others_are_listed_newest_first():
    chosen, others = ti.choose_ticket([
        ticket(1, created='2025-01-01T10:00:00-06:00'),
        ticket(3, created='2025-03-01T10:00:00-06:00'),
        ticket(2, created='2025-02-01T10:00:00-06:00'),
        ticket(3, created='2025-03-01T10:00:00-06:00'),
    ])
    assert chosen['id'] == 3
    assert [raw['id'] for raw in others] == [2, 1]


def test_same_creation_time_prefers_the_higher_id():
    chosen, unused_others = ti.choose_ticket([ticket(8), ticket(9), ticket(7)])
    assert chosen['id'] == 9


def test_no_candidates_means_no_ticket():
    assert ti.choose_ticket([]) == (None, [])


def test_title_must_match_exactly_even_if_the_server_ignored_case():
    marker = ti.identity_marker('Disk failure')
    assert ti.is_candidate(ticket(1, title='Disk failure'), 'Disk failure', marker)
    assert not ti.is_candidate(ticket(1, title='DISK FAILURE'), 'Disk failure', marker)


def test_ticket_with_a_replaced_title_is_found_by_its_marker():
    marker = ti.identity_marker('Disk failure')
    raw = ticket(1, title='Hardware Issue', entries=('body\n\n' + ti.marker_line(marker + '.aaaaaaaaaaaa'), 'later'))
    assert ti.is_candidate(raw, 'Disk failure', marker)
    assert not ti.is_candidate(raw, 'Other title', ti.identity_marker('Other title'))


def test_marker_counts_only_in_the_first_update():
    marker = ti.identity_marker('Disk failure')
    raw = ticket(1, title='Hardware Issue', entries=('body', 'quoting ' + marker))
    assert not ti.is_candidate(raw, 'Disk failure', marker)


def test_subject_narrowing_rejects_another_subject():
    marker = ti.identity_marker('t')
    raw = ticket(1, title='t')
    assert ti.is_candidate(raw, 't', marker, subject='hardware issue')
    assert ti.is_candidate(raw, 't', marker, subject='1021')
    assert not ti.is_candidate(raw, 't', marker, subject='API Question')


def test_device_narrowing_needs_one_of_the_devices_attached():
    marker = ti.identity_marker('t')
    raw = ticket(1, title='t', hardware=[WEB01])
    assert ti.is_candidate(raw, 't', marker, devices=['db01', 'web01.example.com'], attached_of=attached_of)
    assert not ti.is_candidate(raw, 't', marker, devices=['db01'], attached_of=attached_of)


@pytest.mark.parametrize('reference, expected', [
    ('11', True), (11, True), ('web01', True), ('WEB01', True), ('web01.example.com', True), ('Web01.Example.com', True),
    ('web01.example.com.', True), (' web01 ', True),
    ('web01.other.com', False), ('12', False), ('web02', False),
])
def test_attached_device_is_recognised_by_id_hostname_or_fqdn(reference, expected):
    device = {'id': 11, 'hostname': 'web01', 'fqdn': 'web01.example.com'}
    other = {'id': 31, 'hostname': 'db01', 'fqdn': 'db01.example.com'}
    assert ti.is_attached(reference, [other, device]) is expected
    assert ti.is_attached(reference, []) is False


def test_device_narrowing_takes_a_trailing_dot_and_any_case():
    marker = ti.identity_marker('t')
    raw = ticket(1, title='t', hardware=[WEB01])
    assert ti.is_candidate(raw, 't', marker, devices=['WEB01.Example.COM.'], attached_of=attached_of)


# -- updates -----------------------------------------------------------------------------------

def test_update_already_on_the_ticket_is_recognised():
    assert ti.update_posted('Disk 2 failed.', ['body', 'Disk 2 failed.', 'thanks'])


def test_new_update_is_not_recognised():
    assert not ti.update_posted('Disk 3 failed.', ['body', 'Disk 2 failed.'])


def test_text_only_contained_in_a_longer_update_is_new():
    assert not ti.update_posted('Disk 2', ['Disk 2 failed.'])


def test_long_update_is_recognised_across_the_server_split():
    text = ''.join('line %05d of the controller log\n' % n for n in range(400))
    assert len(text) > 3 * UPDATE_CHUNK_SIZE
    pieces = ti.split_update(text)
    assert len(pieces) == 4 and ''.join(pieces) == text
    assert ti.update_posted(text, ['body'] + pieces + ['employee reply'])


def test_long_update_with_a_missing_piece_is_new():
    text = 'z' * (2 * UPDATE_CHUNK_SIZE + 10)
    pieces = ti.split_update(text)
    assert not ti.update_posted(text, pieces[:2])
    assert not ti.update_posted(text, [pieces[0], 'interleaved', pieces[1], pieces[2]])


def test_whitespace_and_line_endings_do_not_make_an_update_new():
    assert ti.update_posted('a  b\r\nc\n', ['a b\nc'])


def test_split_update_predicts_the_pieces_the_server_stores():
    assert [len(p) for p in ti.split_update('q' * 8000)] == [3900, 3900, 200]
    assert ti.split_update('short') == ['short']


# -- e-mails -----------------------------------------------------------------------------------

def test_email_changes_are_case_insensitive_and_keep_the_wanted_spelling():
    added, removed = ti.email_changes(['Ops@Example.com', 'old@example.com'], ['ops@example.com', 'new@example.com'])
    assert added == ['new@example.com']
    assert removed == ['old@example.com']


def test_same_emails_in_another_order_change_nothing():
    assert ti.email_changes(['a@x.io', 'b@x.io'], ['b@x.io', 'A@x.io']) == ([], [])


def test_unique_emails_strips_and_drops_duplicates():
    assert ti.unique_emails([' a@x.io', 'A@X.IO', '', 'b@x.io']) == ['a@x.io', 'b@x.io']


# -- update_mode: new_lines ----------------------------------------------------------------------

def test_new_lines_keeps_only_lines_that_no_update_has():
    entries = ['Our monitoring found a failing disk.\n/dev/sdb: FAILED!', 'thanks, checking']
    report = '/dev/sdb:  FAILED!\n\n/dev/sdc: FAILED!\n'
    assert ti.new_lines(report, entries) == '/dev/sdc: FAILED!'


def test_new_lines_is_empty_when_every_line_is_present():
    assert ti.new_lines('a\nb\n\n', ['a', 'b']) == ''


def test_new_lines_sees_a_line_cut_by_the_servers_3900_character_split():
    line = 'x' * 100
    text = 'y' * (UPDATE_CHUNK_SIZE - 50) + '\n' + line
    pieces = ti.split_update(text)
    assert len(pieces) == 2 and line not in pieces[0] and line not in pieces[1]
    assert ti.new_lines(line, pieces) == ''


def test_new_lines_does_not_take_a_substring_for_a_line():
    assert ti.new_lines('FAILED', ['/dev/sdb: FAILED']) == 'FAILED'
