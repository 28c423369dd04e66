# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The look-up cache: hints kept between runs, never trusted from a file that is not private and ours."""

from __future__ import annotations

import json
import os
import stat

from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket.lookup_cache import (
    LookupCache,
    cache_path,
)


class Clock:
    def __init__(self, now=1000.0):
        self.now = now

    def __call__(self):
        return self.now


def saved(tmp_path, clock, lifetime=100):
    path = cache_path(str(tmp_path), 'https://api.example/xmlrpc/v3.1/', 'SL123')
    cache = LookupCache(path, lifetime=lifetime, clock=clock)
    cache.put('user', '', {'id': 7, 'username': 'SL123'})
    cache.save()
    return path


def test_a_hint_survives_to_the_next_run_and_its_file_is_private(tmp_path):
    clock = Clock()
    path = saved(tmp_path, clock)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert LookupCache(path, lifetime=100, clock=clock).get('user', '') == {'id': 7, 'username': 'SL123'}


def test_the_file_name_reveals_neither_endpoint_nor_user(tmp_path):
    name = os.path.basename(cache_path(str(tmp_path), 'https://api.example/', 'SL123'))
    assert 'SL123' not in name and 'example' not in name
    assert name != os.path.basename(cache_path(str(tmp_path), 'https://api.example/', 'SL124'))


def test_a_hint_older_than_the_lifetime_is_unknown(tmp_path):
    clock = Clock()
    path = saved(tmp_path, clock, lifetime=100)
    clock.now += 101
    assert LookupCache(path, lifetime=100, clock=clock).get('user', '') is None


def test_lifetime_zero_turns_the_cache_off(tmp_path):
    clock = Clock()
    path = saved(tmp_path, clock)
    cache = LookupCache(path, lifetime=0, clock=clock)
    assert cache.get('user', '') is None
    cache.put('user', 'x', {'id': 1})
    cache.forget('user')
    cache.save()
    assert json.loads(open(path).read())['entries']['user'][''] is not None


def test_forget_drops_one_hint_or_a_kind(tmp_path):
    cache = LookupCache(cache_path(str(tmp_path), 'e', 'u'), clock=Clock())
    cache.put('device', 'hardware:web01', {'id': 1})
    cache.put('device', 'hardware:web02', {'id': 2})
    assert cache.forget('device', 'hardware:web01') is True
    assert cache.forget('device', 'hardware:web01') is False
    assert cache.get('device', 'hardware:web02') == {'id': 2}
    assert cache.forget('device') is True
    assert cache.get('device', 'hardware:web02') is None


def test_a_file_others_may_write_is_ignored(tmp_path):
    clock = Clock()
    path = saved(tmp_path, clock)
    os.chmod(path, 0o666)
    assert LookupCache(path, clock=clock).get('user', '') is None


def test_a_symlink_is_not_followed(tmp_path):
    clock = Clock()
    real = saved(tmp_path, clock)
    link = cache_path(str(tmp_path), 'other', 'user')
    os.symlink(real, link)
    assert LookupCache(link, clock=clock).get('user', '') is None


def test_a_damaged_or_foreign_format_file_counts_as_empty(tmp_path):
    path = cache_path(str(tmp_path), 'e', 'u')
    for content in ('{not json', json.dumps({'format': 99, 'entries': {}}), json.dumps([1, 2])):
        with open(path, 'w') as stream:
            stream.write(content)
        os.chmod(path, 0o600)
        assert LookupCache(path, clock=Clock()).entries == {}


def test_a_directory_that_cannot_be_written_loses_only_the_hints(tmp_path):
    cache = LookupCache(os.path.join(str(tmp_path), 'missing', 'cache.json'), clock=Clock())
    cache.put('user', '', {'id': 7})
    cache.save()  # must not raise
    assert cache.dirty is True
