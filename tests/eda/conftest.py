# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the ansible-rulebook tests share: a fresh emulator process for each test."""

import os
import shutil
import sys
import tempfile

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'emulator'))

from sl_emulator.process import EmulatorProcess  # noqa: E402  pylint: disable=wrong-import-position


@pytest.fixture
def emulator():
    workdir = tempfile.mkdtemp(prefix='sl-eda-')
    server = EmulatorProcess(workdir).start()
    yield server
    server.stop()
    shutil.rmtree(workdir, ignore_errors=True)
