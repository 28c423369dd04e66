# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""references: the one id-or-name rule and the one "did you mean" every lookup uses."""

from __future__ import annotations

import pytest

from ansible_collections.softlayer.support.plugins.module_utils.tickets.references import close_names, did_you_mean, is_id


@pytest.mark.parametrize('value, expected', [
    (1021, True),
    ('1021', True),
    (' 1021\n', True),
    ('0011', True),
    ('web01', False),
    ('10.5', False),
    ('-3', False),
    ('', False),
    (True, False),
    ('\u0661\u0662', False),  # Arabic-Indic digits: str.isdigit() says yes, but no id is written so
    ('\u00b2', False),  # a superscript two, which int() cannot read
])
def test_is_id_accepts_whole_numbers_and_their_ascii_digits_only(value, expected):
    assert is_id(value) is expected


def test_close_names_compare_in_any_case_and_keep_the_names_spelling():
    assert close_names('hardwre issue', ['Hardware Issue', 'Accounting Request']) == ['Hardware Issue']


def test_close_names_give_at_most_three_best_first_each_once():
    names = ['web01234', 'db01', 'web012', 'web01', 'web0123']
    assert close_names('WEB01', names) == ['web01', 'web012', 'web0123']
    # A name matched by two of its spellings is still suggested once.
    assert close_names('web01', ['web01.example.com'], spellings=lambda n: (n, n.split('.')[0])) == ['web01.example.com']


def test_did_you_mean_phrases_the_suggestions_or_says_nothing():
    assert did_you_mean('alise', ['alice', 'bob', 'alicia']) == "did you mean 'alice' or 'alicia'?"
    assert did_you_mean('zzz', ['alice', 'bob']) is None
    assert did_you_mean('ab', ['abc'], cutoff=0.9) is None
