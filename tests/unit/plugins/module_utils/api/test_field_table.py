# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A field table gives one record's mask and normaliser from the same rows."""

from __future__ import annotations

import pytest

from ansible_collections.softlayer.support.plugins.module_utils.api.field_table import (
    FieldTable, field, flag, int_or_none, many, one, property_of, text_or_none)

OWNER = FieldTable(field('id', 'id'), field('login', 'username'))
NOTE = FieldTable(field('text', 'entry'))
ORDER = FieldTable(
    field('id', 'id'),
    field('state', 'state', property_of('name'), record=FieldTable(field('id', 'id'), field('name', 'name'))),
    field('state_id', 'stateId', int_or_none, fallback=('state', 'id')),
    field(None, 'ownerId'),
    field('owner', 'owner', one(OWNER), record=OWNER),
    field('notes', 'notes', many(NOTE), record=NOTE, group='notes'),
)


def test_the_mask_names_every_row_in_order_and_a_group_only_on_request():
    assert ORDER.mask() == 'mask[id,state[id,name],stateId,ownerId,owner[id,username]]'
    assert ORDER.mask(groups=('notes',)) == 'mask[id,state[id,name],stateId,ownerId,owner[id,username],notes[entry]]'


def test_a_narrow_mask_names_returned_keys_and_one_field_of_a_relation():
    assert ORDER.mask('owner.login', 'id') == 'mask[owner[username],id]'
    with pytest.raises(KeyError):
        ORDER.mask('ownerId')   # a property, not a returned key


def test_a_property_returned_under_two_keys_is_read_once():
    renamed = FieldTable(field('id', 'id'), field('case', 'caseId'), field('old_case', 'caseId'))
    assert renamed.mask() == 'mask[id,caseId]'
    assert renamed.mask('case', 'old_case', 'id') == 'mask[caseId,id]'
    assert renamed.normalise({'id': 1, 'caseId': 'CS1'}) == {'id': 1, 'case': 'CS1', 'old_case': 'CS1'}


def test_the_normaliser_returns_every_named_row_and_a_group_only_when_read():
    raw = {'id': 1, 'stateId': '', 'state': {'id': 7, 'name': 'Open'}, 'ownerId': 3, 'owner': {'id': 3, 'username': 'ops'}}
    assert ORDER.normalise(raw) == {'id': 1, 'state': 'Open', 'state_id': 7, 'owner': {'id': 3, 'login': 'ops'}}
    assert list(ORDER.normalise(raw)) == ['id', 'state', 'state_id', 'owner']
    assert ORDER.normalise(dict(raw, notes=None))['notes'] == []
    assert ORDER.normalise(dict(raw, notes=[{'entry': 'x'}, None]))['notes'] == [{'text': 'x'}, None]


def test_a_null_relation_reads_as_none():
    assert ORDER.normalise({'owner': '', 'state': ''}) == {'id': None, 'state': None, 'state_id': None, 'owner': None}


@pytest.mark.parametrize('value, expected', [(True, True), ('0', False), ('false', False), ('1', True), ('', None), (None, None)])
def test_flag(value, expected):
    assert flag(value) is expected


@pytest.mark.parametrize('value, expected', [(2400017, '2400017'), ('CS1', 'CS1'), ('', None), (None, None)])
def test_text_or_none(value, expected):
    assert text_or_none(value) == expected
