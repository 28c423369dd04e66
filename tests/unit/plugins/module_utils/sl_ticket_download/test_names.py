# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Local names for untrusted attachment names: always one plain name, never a path, never two files on one name."""

from __future__ import annotations

import os

import pytest

from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket_download.names import (
    MAX_NAME_BYTES, local_names, sanitised)

# The classic ways out of a folder, and what each is written as.
HOSTILE = [
    ('../../etc/passwd', 'passwd'),
    ('/abs/path', 'path'),
    ('a\0b', 'a_b'),
    ('..', ''),
    ('.', ''),
    ('sub/dir/x', 'x'),
    ('..\\..\\windows\\win.ini', 'win.ini'),
    ('C:\\temp\\x.txt', 'x.txt'),
    ('foo/..', ''),
    ('../', ''),
    ('.bashrc', 'bashrc'),
    ('...hidden.txt', 'hidden.txt'),
    ('  spaced.log  ', 'spaced.log'),
    ('line\nbreak.txt', 'line_break.txt'),
    ('trailing.', 'trailing'),
    # Look-alike slashes are ordinary characters on every file system: kept, and still one name.
    ('..\u2215..\u2215etc\u2215passwd', '\u2215..\u2215etc\u2215passwd'),
    ('\uff0e\uff0e\uff0fx', '\uff0e\uff0e\uff0fx'),
    ('', ''),
    (None, ''),
]


@pytest.mark.parametrize('api_name, expected', HOSTILE)
def test_hostile_names_become_one_plain_name(api_name, expected):
    name = sanitised(api_name)
    assert name == expected
    assert '/' not in name and '\\' not in name and '\0' not in name and not name.startswith('.')


@pytest.mark.parametrize('api_name', [case[0] for case in HOSTILE])
def test_every_local_name_stays_inside_the_folder(api_name, tmp_path):
    name = local_names([{'id': 7, 'file_name': api_name}])[7]
    resolved = os.path.realpath(os.path.join(str(tmp_path), name))
    assert os.path.dirname(resolved) == os.path.realpath(str(tmp_path))
    assert name not in ('', '.', '..')


def test_names_empty_after_sanitising_get_the_attachment_id():
    assert local_names([{'id': 5, 'file_name': '../'}, {'id': 6, 'file_name': '..'}]) == {5: 'attachment-5', 6: 'attachment-6'}


def test_names_that_collide_once_sanitised_go_to_the_file_attached_first():
    files = [{'id': 12, 'file_name': 'b/x.txt'}, {'id': 11, 'file_name': 'a/x.txt'}, {'id': 13, 'file_name': 'X.TXT'}]
    assert local_names(files) == {11: 'x.txt', 12: 'x-12.txt', 13: 'X-13.TXT'}


def test_a_suffixed_name_taken_by_another_file_gets_another_suffix():
    files = [{'id': 2, 'file_name': 'x-3.txt'}, {'id': 1, 'file_name': 'x.txt'}, {'id': 3, 'file_name': 'x.txt\0'}]
    names = local_names(files)
    assert names == {1: 'x.txt', 2: 'x-3.txt', 3: 'x.txt_'}
    files[2]['file_name'] = 'd/x.txt'
    names = local_names(files)
    assert names == {1: 'x.txt', 2: 'x-3.txt', 3: 'x-3-3.txt'}
    assert len({n.casefold() for n in names.values()}) == 3


def test_the_mapping_does_not_depend_on_the_listing_order():
    files = [{'id': i, 'file_name': name} for i, name in enumerate(['r.log', '../r.log', 'R.log', '..'], start=40)]
    assert local_names(files) == local_names(list(reversed(files)))


def test_long_names_are_cut_keeping_the_extension():
    name = sanitised('\u00e9' * 300 + '.log')
    assert name.endswith('.log') and len(name.encode('utf-8')) <= MAX_NAME_BYTES
    assert sanitised('x' * 150 + '.' + 'y' * 150).encode('utf-8') == ('x' * 150 + '.' + 'y' * 150).encode('utf-8')[:MAX_NAME_BYTES]
