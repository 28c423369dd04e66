# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SDK: the missing-SDK message, and a lean import."""

from __future__ import annotations

import os
import subprocess
import sys

from ansible_collections.softlayer.support.plugins.module_utils.sdk import SDK_PIP_REQUIREMENT, missing_sdk_message


def test_missing_sdk_message_is_ansibles_with_the_pip_command():
    message = missing_sdk_message()
    assert message.startswith('Failed to import the required Python library (SoftLayer) on ')
    assert message.endswith('Install it with: pip install "%s"' % SDK_PIP_REQUIREMENT)


# --------------------------------------------------------------------------- start-up cost


def _fresh_python(code):
    """Run ``code`` in a new interpreter that sees what this one sees (the SDK not yet imported there)."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    return subprocess.run([sys.executable, '-c', code], env=env, capture_output=True, text=True, check=False)


def test_a_module_process_does_not_import_the_sdks_console_library():
    done = _fresh_python(
        'import sys\n'
        'from ansible_collections.softlayer.support.plugins.module_utils import client, sdk\n'
        'assert sdk.HAS_SOFTLAYER\n'
        'assert not [m for m in sys.modules if m == "rich" or m.startswith("rich.")], "rich was imported"\n'
        'from SoftLayer import utils\n'
        'console = utils.console_color_themes("dark")\n'
        'import rich.console\n'
        'assert isinstance(console, rich.console.Console) and sys.modules["rich.console"] is rich.console\n'
        'assert hasattr(rich.console, "Group")  # the real module, not the stand-in\n')
    assert done.returncode == 0, done.stderr


def test_the_sdk_is_imported_plainly_when_the_stand_ins_do_not_fit():
    done = _fresh_python(
        'import sys\n'
        'from ansible_collections.softlayer.support.plugins.module_utils import sdk\n'
        'for name in [m for m in sys.modules if m.split(".")[0] in ("SoftLayer", "rich")]:\n'
        '    del sys.modules[name]\n'
        'sdk._DEFERRED_SDK_IMPORTS = {"rich.console": ()}  # a stand-in without Console\n'
        'sdk_module = sdk._import_sdk_without_console()\n'
        'import rich.console\n'
        'assert sdk_module.utils.Console is rich.console.Console\n'
        'assert hasattr(rich.console, "Group")\n')
    assert done.returncode == 0, done.stderr
