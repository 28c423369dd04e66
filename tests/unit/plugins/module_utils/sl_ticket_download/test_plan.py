# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""sl_ticket_download's decisions: which files, and whether each must be fetched and written."""

from __future__ import annotations

import pytest

from ansible_collections.softlayer.support.plugins.module_utils.api.errors import ApiFaultError, InvalidInputError
from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket_download.plan import (
    ABSENT, ADDED, REPLACED, UNCHANGED, LocalFile, Verdict, checked_content, compared, judge, select)

FILES = [{'id': 1, 'file_name': 'dmesg.txt'}, {'id': 2, 'file_name': 'smart.log'}, {'id': 3, 'file_name': 'boot.log'},
         {'id': 4, 'file_name': 'report[1].txt'}]


def names_of(files):
    return [f['file_name'] for f in files]


@pytest.mark.parametrize('wanted, expected', [
    (None, ['dmesg.txt', 'smart.log', 'boot.log', 'report[1].txt']),
    (['*.log'], ['smart.log', 'boot.log']),
    (['dmesg.txt', '*.LOG'], ['dmesg.txt']),
    (['report[1].txt'], ['report[1].txt']),
    (['?mart.log', 'dmesg.txt'], ['dmesg.txt', 'smart.log']),
    (['*.pdf'], []),
])
def test_names_select_by_exact_name_or_pattern(wanted, expected):
    assert names_of(select(FILES, wanted, 42)) == expected


def test_an_exact_name_the_ticket_lacks_fails_listing_its_files():
    with pytest.raises(InvalidInputError) as caught:
        select(FILES, ['dmesg.log', '*.txt'], 42)
    assert caught.value.option == 'names'
    assert str(caught.value) == ("names: ticket 42 has no file named 'dmesg.log'; its files: 'boot.log', 'dmesg.txt', "
                                 "'report[1].txt', 'smart.log'")


@pytest.mark.parametrize('wanted', [[''], ['  '], ['a.txt', '']])
def test_an_empty_name_is_refused(wanted):
    with pytest.raises(InvalidInputError) as caught:
        select(FILES, wanted, 42)
    assert caught.value.option == 'names'


def never():
    raise AssertionError('the local file was hashed although nothing depends on it')


@pytest.mark.parametrize('local, listed, recorded, local_hash, expected', [
    (ABSENT, 10, None, never, Verdict(ADDED, True)),
    (LocalFile('other', None), 10, 'h', never, Verdict(REPLACED, True)),
    (LocalFile('file', 9), 10, 'h', never, Verdict(REPLACED, True)),
    (LocalFile('file', 10), 10, 'h', lambda: 'h', Verdict(UNCHANGED, False)),
    (LocalFile('file', 10), 10, 'h', lambda: 'edited', Verdict(None, True)),
    (LocalFile('file', 10), 10, None, never, Verdict(None, True)),
    (LocalFile('file', 10), None, 'h', lambda: 'h', Verdict(UNCHANGED, False)),
])
def test_judge_fetches_only_what_the_local_file_cannot_settle(local, listed, recorded, local_hash, expected):
    assert judge(listed, local, recorded, local_hash) == expected


def test_a_fetched_file_equal_to_the_local_one_is_unchanged():
    assert compared('a', 'a') == UNCHANGED
    assert compared('a', 'b') == REPLACED
    assert compared('a', None) == REPLACED


def test_content_of_another_size_than_listed_is_refused():
    assert checked_content(b'abc', 3, 'x', 1) == b'abc'
    assert checked_content(b'abc', None, 'x', 1) == b'abc'
    with pytest.raises(ApiFaultError, match=r"file 'x' \(attachment 1\): the API sent 2 bytes, its listing says 3"):
        checked_content(b'ab', 3, 'x', 1)
