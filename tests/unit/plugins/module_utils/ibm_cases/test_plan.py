# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ibm_case's pure decisions: the marker, which case is meant, and which steps are missing."""

from __future__ import annotations

import pytest

from ansible_collections.softlayer.support.plugins.module_utils.api.errors import InvalidInputError
from ansible_collections.softlayer.support.plugins.module_utils.ibm_cases import identity, plan

CRN = 'crn:v1:bluemix:public:cloud-object-storage:global:a/284101:61848e72-6ba6-415e-84e2-91f3915e194d::'
MARKER = identity.identity_marker('Disk failure')
TOKEN = identity.creation_token(MARKER, 'abc')


def request(**changes):
    return plan.CaseRequest(**dict(dict(
        state='open', case_type='technical', subject='Disk failure', description='Broken.', severity=None, crns=[],
        watchlist=[], files=[], comment=None, resolution_code=None), **changes))


def case(status='new', **parts):
    return dict({'number': 'CS1', 'status': status, 'description': identity.description_with_marker('Broken.', TOKEN),
                 'comments': [], 'resources': [], 'watchlist': [], 'attachments': []}, **parts)


def test_marker_ignores_surrounding_spaces_and_is_search_safe():
    assert identity.identity_marker('  Disk failure ') == MARKER
    assert MARKER.replace('-', '').isalnum()


def test_the_oldest_open_case_with_the_marker_is_chosen_and_a_quoted_marker_is_not():
    older = case(number='CS1', created_at='2026-01-01T00:00:00Z')
    newer = case(number='CS2', created_at='2026-02-01T00:00:00Z')
    quoted = dict(case(number='CS0', created_at='2025-03-01T00:00:00Z'), description='see ' + MARKER)
    closed = case(number='CS4', status='closed', created_at='2025-04-01T00:00:00Z')
    # Several open cases carry one marker only when concurrent runs each opened one: the backstop keeps the oldest.
    assert identity.choose_case([newer, older, quoted, closed], MARKER, identity.OPEN_STATUSES)['number'] == 'CS1'


def test_an_open_case_wins_over_resolved_ones_and_else_the_newest_resolved_one_is_chosen():
    statuses = identity.OPEN_STATUSES + (identity.RESOLVED,)
    resolved_old = case(number='CS1', status='resolved', created_at='2026-01-01T00:00:00Z')
    still_open = case(number='CS2', created_at='2026-02-01T00:00:00Z')
    resolved_new = case(number='CS3', status='resolved', created_at='2026-03-01T00:00:00Z')
    assert identity.choose_case([resolved_old, still_open, resolved_new], MARKER, statuses)['number'] == 'CS2'
    assert identity.choose_case([resolved_old, resolved_new], MARKER, statuses)['number'] == 'CS3'


def test_a_case_carrying_the_duplicate_note_is_never_chosen():
    keeper = case(number='CS2400001', status='resolved', created_at='2026-01-01T00:00:00Z')
    note = identity.duplicate_note(keeper)
    twin = case(number='CS2400002', status='resolved', created_at='2026-01-01T00:00:00Z', comments=[{'value': note}])
    statuses = identity.OPEN_STATUSES + (identity.RESOLVED,)
    assert identity.is_duplicate(twin) and not identity.is_duplicate(keeper)
    assert identity.choose_case([keeper, twin], MARKER, statuses)['number'] == 'CS2400001'
    assert identity.marked_cases([keeper, twin], MARKER, statuses) == [keeper]
    assert note.startswith('This case duplicates case CS2400001,')
    assert note.endswith('%s CS2400001' % identity.DUPLICATE_LABEL)


def test_cases_opened_in_the_same_second_are_ordered_by_their_number():
    same = '2026-01-01T10:00:00.120Z'
    first, second = case(number='CS2400009', created_at=same), case(number='CS2400010', created_at=same)
    assert identity.CASE_ORDER.opened_before(first, second) and not identity.CASE_ORDER.opened_before(second, first)
    earlier = case(number='CS2400011', created_at='2026-01-01T09:59:59Z')
    assert identity.CASE_ORDER.oldest([first, second, earlier]) is earlier
    assert identity.CASE_ORDER.oldest_twin(second, [second, first]) is first
    assert identity.CASE_ORDER.oldest_twin(first, [second, first]) is None


def test_a_duplicate_is_commented_naming_the_older_case_then_resolved_as_no_longer_required():
    older = case(number='CS2400001')
    note, resolution = plan.plan_duplicate(older)
    assert note == plan.Comment(identity.duplicate_note(older))
    assert resolution == plan.Status({'action': 'resolve', 'resolution_code': 6})


def test_nothing_missing_plans_no_step():
    present = case(comments=[{'value': 'Again.'}], resources=[{'crn': CRN}, {'type': 'hardware', 'name': 'web01.example.com'}],
                   watchlist=[{'realm': 'IBMid', 'user_id': 'Ops@example.com'}], attachments=[{'filename': 'log.txt'}])
    wanted = request(comment=' Again. ', crns=[CRN], watchlist=['ops@example.com'], files=['/tmp/x/log.txt'])
    devices = [{'type': 'hardware', 'id': None, 'name': 'WEB01.example.com'}]
    assert plan.plan_case(wanted, present, devices, TOKEN) == []


def test_new_case_carries_resources_watchers_and_the_token_then_files_and_comment():
    devices = [{'type': 'virtual_guest', 'id': 7, 'name': 'db01.example.com'}]
    steps = plan.plan_case(request(crns=[CRN], watchlist=['ops@example.com'], files=['/x/a.txt'], comment='More.'),
                           None, devices, TOKEN, offering={'name': 'COS'})
    create = steps[0]
    assert create.body['resources'] == [{'crn': CRN}, {'type': 'virtual_guest', 'id': 7}]
    assert create.body['description'].endswith(TOKEN) and identity.carries(create.body, TOKEN)
    assert steps[1:] == [plan.Upload('/x/a.txt', 'a.txt'), plan.Comment('More.')]


@pytest.mark.parametrize('state, status, action', [
    ('resolved', 'in_progress', 'resolve'), ('resolved', 'resolved', None), ('unresolved', 'resolved', 'unresolve'),
    ('unresolved', 'in_progress', None), ('accepted', 'resolution_provided', 'accept'), ('accepted', 'resolved', None),
])
def test_status_steps_only_when_the_status_differs(state, status, action):
    steps = plan.plan_case(request(state=state, resolution_code=8, comment='Why.'), case(status), [], TOKEN)
    assert [s.payload['action'] for s in steps if isinstance(s, plan.Status)] == ([action] if action else [])


def test_a_status_change_carries_the_comment_instead_of_a_separate_one():
    steps = plan.plan_case(request(state='resolved', resolution_code=8, comment='Fixed.'), case(), [], TOKEN)
    assert steps == [plan.Status({'action': 'resolve', 'resolution_code': 8, 'comment': 'Fixed.'})]


def test_accepting_a_case_without_a_provided_resolution_fails_naming_state():
    with pytest.raises(InvalidInputError) as info:
        plan.plan_case(request(state='accepted'), case('in_progress'), [], TOKEN)
    assert info.value.option == 'state'
