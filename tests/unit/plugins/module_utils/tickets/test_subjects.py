# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Ticket subjects: one read, normalised, and resolved from a name or an id with typo hints."""

from __future__ import annotations

import pytest

from ansible_collections.softlayer.support.plugins.module_utils.api.errors import ApiFaultError, InvalidInputError
from ansible_collections.softlayer.support.plugins.module_utils.tickets.subjects import (
    SUBJECT_MASK,
    fetch_subjects,
    normalise_subject,
    resolve_subject,
)

RAW_SUBJECTS = [
    {'id': 1021, 'name': 'Hardware Issue', 'parentId': None, 'categoryId': 2, 'category': {'id': 2, 'name': 'Technical'}},
    {'id': 1522, 'name': 'API Question', 'categoryId': 2, 'category': {'id': 2, 'name': 'Technical'}},
    {'id': 1001, 'name': 'Accounting Request', 'category': {'id': 7, 'name': 'Billing'}},
    {'id': 2001, 'name': 'Public Network Question'},
]
SUBJECTS = [normalise_subject(s) for s in RAW_SUBJECTS]


def test_normalise_subject_flattens_the_category():
    assert SUBJECTS[0] == {'id': 1021, 'name': 'Hardware Issue', 'category': 'Technical', 'category_id': 2,
                           'parent_id': None}
    # categoryId missing: taken from the category relation; no category at all: None.
    assert SUBJECTS[2]['category_id'] == 7
    assert SUBJECTS[3] == {'id': 2001, 'name': 'Public Network Question', 'category': None, 'category_id': None,
                           'parent_id': None}


def test_fetch_subjects_is_one_masked_read_of_every_subject(emulated_client, emulated_api):
    subjects = fetch_subjects(emulated_client)
    assert len(subjects) == 20 and len({s['id'] for s in subjects}) == 20
    assert {'id': 1021, 'name': 'Hardware Issue', 'category': 'Technical', 'category_id': 3, 'parent_id': None} in subjects
    assert {'id': 1001, 'name': 'Accounting Request', 'category': 'Accounting', 'category_id': 2, 'parent_id': None} in subjects
    assert [(c['method'], c['kwargs']) for c in emulated_api.sdk.calls] == [('getAllObjects', {'mask': SUBJECT_MASK})]


def test_fetched_subjects_resolve_by_name_and_id(emulated_client):
    subjects = fetch_subjects(emulated_client)
    assert resolve_subject(subjects, 'dns request')['id'] == 1041
    assert resolve_subject(subjects, '1522')['name'] == 'API Question'


def test_fetch_subjects_names_the_operation_on_failure(emulated_client, emulated_api):
    emulated_api.refuse('getAllObjects', 'Access Denied.')
    with pytest.raises(ApiFaultError) as caught:
        fetch_subjects(emulated_client)
    assert str(caught.value) == 'read the ticket subjects failed: Access Denied. [SoftLayer_Exception_Public]'


@pytest.mark.parametrize('wanted, expected_id', [
    (1021, 1021),
    ('1522', 1522),
    (' 1001 ', 1001),
    ('Hardware Issue', 1021),
    ('hardware issue', 1021),
    ('  API QUESTION ', 1522),
])
def test_resolve_subject_by_id_or_case_insensitive_name(wanted, expected_id):
    assert resolve_subject(SUBJECTS, wanted)['id'] == expected_id


def test_resolve_subject_typo_suggests_the_closest_names():
    with pytest.raises(InvalidInputError) as caught:
        resolve_subject(SUBJECTS, 'Hardwre Isue')
    assert str(caught.value) == ("subject 'Hardwre Isue' is not a SoftLayer ticket subject name or id; "
                                 "did you mean 'Hardware Issue'?")
    assert caught.value.option == 'subject'
    assert caught.value.details() == {'option': 'subject'}


def test_resolve_subject_without_a_close_name_lists_every_subject_sorted():
    with pytest.raises(InvalidInputError) as caught:
        resolve_subject(SUBJECTS, 'zzz', option='ticket_subject')
    assert str(caught.value) == (
        "ticket_subject 'zzz' is not a SoftLayer ticket subject name or id; valid subjects: "
        "'API Question', 'Accounting Request', 'Hardware Issue', 'Public Network Question'")
    assert caught.value.option == 'ticket_subject'


def test_resolve_subject_unknown_id_is_an_input_error():
    with pytest.raises(InvalidInputError, match=r"^subject '999' is not a SoftLayer ticket subject name or id; "):
        resolve_subject(SUBJECTS, 999)


def test_resolve_subject_tolerates_subjects_without_a_name():
    subjects = SUBJECTS + [normalise_subject({'id': 5})]
    assert resolve_subject(subjects, 5)['id'] == 5
    with pytest.raises(InvalidInputError) as caught:
        resolve_subject(subjects, 'zzz')
    assert 'None' not in str(caught.value)
