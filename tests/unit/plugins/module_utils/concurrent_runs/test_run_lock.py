# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The per-identity lock that keeps concurrent runs from opening the same ticket or case twice."""

from __future__ import annotations

import os
import threading
import time

import pytest

from ansible_collections.softlayer.support.plugins.module_utils.concurrent_runs import run_lock
from ansible_collections.softlayer.support.plugins.module_utils.api.errors import InvalidInputError, SoftLayerSupportError


def test_lock_path_depends_on_the_identity_only(tmp_path):
    one = run_lock.lock_path('title', ('user', 'url'), 'sl-ticket-1', owner='sl_ticket', directory=str(tmp_path))
    assert one == run_lock.lock_path('title', ('user', 'url'), 'sl-ticket-1', owner='sl_ticket', directory=str(tmp_path))
    assert one != run_lock.lock_path('title', ('user', 'url'), 'sl-ticket-2', owner='sl_ticket', directory=str(tmp_path))
    assert os.path.basename(one).startswith('softlayer.support-sl_ticket-') and one.endswith('.lock')


def test_each_module_names_its_own_lock_files(tmp_path):
    ticket = run_lock.lock_path('same', owner='sl_ticket', directory=str(tmp_path))
    case = run_lock.lock_path('same', owner='ibm_case', directory=str(tmp_path))
    assert ticket != case and os.path.basename(case).startswith('softlayer.support-ibm_case-')


def test_second_holder_waits_until_the_first_is_done(tmp_path):
    path = run_lock.lock_path('x', owner='test', directory=str(tmp_path))
    order = []

    def second():
        with run_lock.identity_lock(path, wait=10):
            order.append('second')

    with run_lock.identity_lock(path):
        worker = threading.Thread(target=second)
        worker.start()
        time.sleep(0.3)
        order.append('first done')
    worker.join(10)
    assert order == ['first done', 'second']


def test_waiting_too_long_fails_clearly(tmp_path):
    path = run_lock.lock_path('x', owner='test', directory=str(tmp_path))
    with run_lock.identity_lock(path):
        with pytest.raises(SoftLayerSupportError) as caught:
            with run_lock.identity_lock(path, wait=0.2, describe="the ticket titled 'Disk'", owner='sl_ticket'):
                pass
    assert "another sl_ticket run for the ticket titled 'Disk' has held the lock" in str(caught.value)


def test_lock_is_free_again_after_the_block_and_the_file_stays(tmp_path):
    path = run_lock.lock_path('x', owner='test', directory=str(tmp_path))
    with run_lock.identity_lock(path):
        pass
    with run_lock.identity_lock(path, wait=0):
        pass
    assert os.path.isfile(path)


def test_a_symlink_in_place_of_the_lock_file_is_refused(tmp_path):
    path = run_lock.lock_path('x', owner='test', directory=str(tmp_path))
    target = tmp_path / 'elsewhere'
    target.write_text('precious')
    os.symlink(str(target), path)
    with pytest.raises(SoftLayerSupportError) as caught:
        with run_lock.identity_lock(path):
            pass
    assert 'cannot open the lock file' in str(caught.value)
    assert target.read_text() == 'precious'


def test_the_lock_says_whether_it_had_to_wait(tmp_path):
    path = run_lock.lock_path('x', owner='test', directory=str(tmp_path))
    waited = []

    def second():
        with run_lock.identity_lock(path, wait=10) as did_wait:
            waited.append(did_wait)

    with run_lock.identity_lock(path) as first_waited:
        worker = threading.Thread(target=second)
        worker.start()
        time.sleep(0.2)
    worker.join(10)
    assert first_waited is False and waited == [True]


def test_check_modes_stand_in_takes_no_turn_and_leaves_no_file(tmp_path):
    path = run_lock.lock_path('x', owner='test', directory=str(tmp_path))
    with run_lock.identity_lock(path):
        with run_lock.no_lock(path, wait=0) as waited:  # the real lock is held: no wait all the same
            assert waited is False
    other = run_lock.lock_path('y', owner='test', directory=str(tmp_path))
    with run_lock.no_lock(other):
        pass
    assert not os.path.exists(other)


def test_lock_dir_must_be_an_existing_directory(tmp_path):
    run_lock.check_lock_dir(None)
    run_lock.check_lock_dir(str(tmp_path))
    with pytest.raises(InvalidInputError) as caught:
        run_lock.check_lock_dir(str(tmp_path / 'nowhere'))
    assert caught.value.option == 'lock_dir' and 'is not a directory' in str(caught.value)
