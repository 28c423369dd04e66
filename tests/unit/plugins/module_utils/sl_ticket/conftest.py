# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures of sl_ticket's run tests (test_sync_*.py): the emulated account and a runner like the module's."""

from __future__ import annotations

import pytest

from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket.sync import sync_ticket


@pytest.fixture
def api(emulated_api):
    return emulated_api


@pytest.fixture
def sync(emulated_client, tmp_path):
    """Run sync_ticket like the module does, collecting warnings; locks in ``tmp_path`` unless ``lock_dir``.

    ``cache`` (a LookupCache) is what earlier runs on the controller learnt; None, as by default, is none.
    """
    def runner(check_mode=False, diff=False, lock_dir=None, cache=None, **params):
        warnings = []
        result = sync_ticket(emulated_client, params, check_mode=check_mode, diff=diff, warn=warnings.append,
                             lock_dir=lock_dir or str(tmp_path), cache=cache)
        result['warnings'] = warnings
        return result
    return runner


@pytest.fixture
def log_file(tmp_path):
    path = tmp_path / 'controller.log'
    path.write_text('raid log\n')
    return str(path)
