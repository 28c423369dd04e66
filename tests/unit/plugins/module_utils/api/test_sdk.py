# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SDK: one stated floor that every copy agrees with, the missing-SDK message, and a lean import."""

from __future__ import annotations

import os
import pathlib
import re
import subprocess
import sys

import pytest
import yaml

from ansible_collections.softlayer.support.plugins.module_utils.ibm_cases.client import IBM_SDK_PIP_REQUIREMENTS
from ansible_collections.softlayer.support.plugins.module_utils.api.sdk import SDK_PIP_REQUIREMENT, missing_sdk_message

ROOT = pathlib.Path(__file__).resolve().parents[5]
FLOOR = re.fullmatch(r'SoftLayer>=(\d+(?:\.\d+)*)', SDK_PIP_REQUIREMENT).group(1)

# How the files state the floor: 'SoftLayer>=6.1.4', 'SoftLayer >= 6.1.4', 'the ... SDK, version 6.1.4 or newer'.
FLOOR_STATEMENTS = (r'SoftLayer\s*>=\s*(\d+(?:\.\d+)*)', r'SDK, version (\d+(?:\.\d+)*) or newer')
# Where the floor may be repeated (changelogs are history and keep the floor of their release).
SCANNED = ('README.md', 'galaxy.yml', 'requirements.txt', 'meta', 'docs', 'plugins', 'extensions')
# Copies that must exist: the install requirement, the modules' documented requirement and the install guide.
REQUIRED_COPIES = ('requirements.txt', 'plugins/doc_fragments/connection.py', 'docs/docsite/rst/getting_started.rst')


def _version(text):
    return tuple(int(part) for part in text.split('.'))


def _scanned_files():
    for name in SCANNED:
        path = ROOT / name
        candidates = [path] if path.is_file() else sorted(p for p in path.rglob('*') if p.is_file())
        for candidate in candidates:
            if candidate.suffix in ('.py', '.md', '.rst', '.txt', '.yml', '.yaml'):
                yield candidate


def floor_statements():
    """{relative path: [floor, ...]} for every file that states the SDK floor."""
    found = {}
    for path in _scanned_files():
        text = ' '.join(path.read_text(encoding='utf-8').split())
        versions = [v for pattern in FLOOR_STATEMENTS for v in re.findall(pattern, text)]
        if versions:
            found[str(path.relative_to(ROOT))] = versions
    return found


def test_every_copy_of_the_sdk_floor_agrees_with_the_one_in_sdk_py():
    found = floor_statements()
    assert set(REQUIRED_COPIES) <= set(found), 'no SDK floor found in %s' % sorted(set(REQUIRED_COPIES) - set(found))
    wrong = {path: versions for path, versions in found.items() if set(versions) != {FLOOR}}
    assert not wrong, 'plugins/module_utils/api/sdk.py says %s; these disagree: %s' % (SDK_PIP_REQUIREMENT, wrong)


def test_requirements_txt_is_exactly_the_sdk_requirements():
    # SoftLayer's SDK for every module; IBM's Case Management SDK for the case modules (ibm_cases/client.py).
    lines = [line.strip() for line in (ROOT / 'requirements.txt').read_text(encoding='utf-8').splitlines()]
    assert [line for line in lines if line and not line.startswith('#')] == [SDK_PIP_REQUIREMENT] + list(IBM_SDK_PIP_REQUIREMENTS)


def test_the_execution_environment_takes_its_python_requirements_from_requirements_txt():
    meta = yaml.safe_load((ROOT / 'meta' / 'execution-environment.yml').read_text(encoding='utf-8'))
    python = meta['dependencies']['python']
    if isinstance(python, str):
        assert python == 'requirements.txt'
    else:
        assert SDK_PIP_REQUIREMENT in python


@pytest.mark.parametrize('name', ['requirements-dev.txt', 'requirements-dev-py312.txt'])
def test_the_pinned_tool_chain_sdk_meets_the_floor(name):
    (pinned,) = re.findall(r'^SoftLayer==(\S+)$', (ROOT / name).read_text(encoding='utf-8'), re.MULTILINE)
    assert _version(pinned) >= _version(FLOOR)


def test_a_disagreeing_copy_is_caught():
    text = "python3 -m pip install 'SoftLayer>=6.0.0' and the SDK, version 6.0.0 or newer"
    versions = [v for pattern in FLOOR_STATEMENTS for v in re.findall(pattern, text)]
    assert versions == ['6.0.0', '6.0.0'] != [FLOOR] * 2


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
        'from ansible_collections.softlayer.support.plugins.module_utils.api import client\n'
        'from ansible_collections.softlayer.support.plugins.module_utils.api import sdk\n'
        'assert sdk.HAS_SOFTLAYER\n'
        'assert not [m for m in sys.modules if m == "rich" or m.startswith("rich.")], "rich was imported"\n'
        'assert "click" not in sys.modules and "SoftLayer.CLI.helpers" not in sys.modules, "slcli helpers imported"\n'
        'assert "SoftLayer.CLI" not in sys.modules  # the bare package left again\n'
        'from SoftLayer import utils\n'
        'console = utils.console_color_themes("dark")\n'
        'import rich.console\n'
        'assert isinstance(console, rich.console.Console) and sys.modules["rich.console"] is rich.console\n'
        'assert hasattr(rich.console, "Group")  # the real module, not the stand-in\n'
        'import SoftLayer.CLI\n'
        'assert hasattr(SoftLayer.CLI, "resolve_id")  # the real package, __init__ and helpers included\n'
        'from SoftLayer.CLI import exceptions\n'
        'assert exceptions is sys.modules["SoftLayer.CLI.exceptions"] and SoftLayer.utils.exceptions is exceptions\n')
    assert done.returncode == 0, done.stderr


def test_the_sdk_is_imported_plainly_when_the_stand_ins_do_not_fit():
    done = _fresh_python(
        'import sys\n'
        'from ansible_collections.softlayer.support.plugins.module_utils.api import sdk\n'
        'for name in [m for m in sys.modules if m.split(".")[0] in ("SoftLayer", "rich")]:\n'
        '    del sys.modules[name]\n'
        'sdk._DEFERRED_SDK_IMPORTS = {"rich.console": ()}  # a stand-in without Console\n'
        'sdk_module = sdk._import_sdk_without_console()\n'
        'import rich.console\n'
        'assert sdk_module.utils.Console is rich.console.Console\n'
        'assert hasattr(rich.console, "Group")\n')
    assert done.returncode == 0, done.stderr
