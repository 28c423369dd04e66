# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared fixtures of the case tests."""

from __future__ import annotations

import pytest

from ansible_collections.softlayer.support.plugins.module_utils.concurrent_runs import run_lock


@pytest.fixture(autouse=True)
def private_lock_dir(monkeypatch, tmp_path):
    """Keep the runs' lock files out of the real temp directory."""
    monkeypatch.setattr(run_lock.tempfile, 'gettempdir', lambda: str(tmp_path))
