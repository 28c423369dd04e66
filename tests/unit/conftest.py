# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The shared harness of the unit tests: the one fake account and a module runner.

Every test that needs API answers gets them from the project's API emulator in-process
(``emulated_api``, see plugins/emulated_api.py), through the real SDK and the real client, so
retries, translation and paging run for real. Only the client's own transport tests script the
SDK's answers (plugins/sdk_fakes.py).
"""

from __future__ import annotations

import functools
import json
import time
from unittest import mock

import pytest

from ansible.module_utils import basic

from ansible_collections.softlayer.support.plugins.module_utils.api import client as client_module
from ansible_collections.softlayer.support.plugins.module_utils.api.client import SoftLayerClient
from ansible_collections.softlayer.support.plugins.module_utils.api.retries import RetryPolicy
from ansible_collections.softlayer.support.plugins.module_utils.concurrent_runs import run_lock
from ansible_collections.softlayer.support.tests.unit.plugins.emulated_api import EmulatedAPI
from ansible_collections.softlayer.support.tests.unit.plugins.emulated_cloud import EmulatedCloud

try:
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # ansible-core < 2.19
    patch_module_args = None

API_KEY = 'f' * 64


class ModuleExit(Exception):
    """``exit_json`` / ``fail_json`` were called; ``result`` holds what the module returned."""

    def __init__(self, result, failed):
        super().__init__(result)
        self.result = result
        self.failed = failed


@pytest.fixture
def no_sleep(monkeypatch):
    """Make waits instant while still recording them, in order.

    The retry delays of every client the test builds go to the ``sleep`` injected
    into its RetryPolicy; other waits (ticket_sync's grace before it looks whether
    a lost write landed) go through ``time.sleep``.
    """
    slept = []
    monkeypatch.setattr(client_module, 'RetryPolicy', functools.partial(RetryPolicy, sleep=slept.append))
    monkeypatch.setattr(time, 'sleep', slept.append)
    return slept


@pytest.fixture
def run_module(monkeypatch, no_sleep, tmp_path):
    """Run a module's ``main()`` with ``args``; return ``ModuleExit`` (``.result``, ``.failed``).

    ``sdk`` (``emulated_api.sdk``) replaces the SDK client the module would build, so the whole
    module runs, client wrapper included, against the emulated account without a network.
    sl_ticket's look-up cache lives in the test's own directory, so no test learns from another.
    """
    monkeypatch.setenv('SL_CACHE_DIR', str(tmp_path))

    def runner(module, args, sdk=None, softlayer_defaults=True):
        def fake_exit(self, **result):
            raise ModuleExit(result, failed=False)

        def fake_fail(self, msg, **result):
            result['msg'] = msg
            raise ModuleExit(result, failed=True)

        monkeypatch.setattr(basic.AnsibleModule, 'exit_json', fake_exit)
        monkeypatch.setattr(basic.AnsibleModule, 'fail_json', fake_fail)
        if sdk is not None:
            monkeypatch.setattr(client_module.SoftLayer, 'create_client_from_env', lambda **kw: sdk)
        if softlayer_defaults:  # not for the case modules, whose IBM Cloud options the test gives
            args = dict({'username': 'tester', 'api_key': API_KEY, 'endpoint_url': 'http://127.0.0.1:9/xmlrpc/v3.1/'}, **args)
        with _module_args(args):
            with pytest.raises(ModuleExit) as caught:
                module.main()
        return caught.value

    return runner


def _module_args(args):
    if patch_module_args is not None:
        return patch_module_args(args)
    return mock.patch.object(basic, '_ANSIBLE_ARGS', json.dumps({'ANSIBLE_MODULE_ARGS': args}).encode())


@pytest.fixture(autouse=True)
def private_lock_dir(monkeypatch, tmp_path):
    """Keep the runs' lock files (sl_ticket, ibm_case) out of the real temp directory: in the test's own."""
    monkeypatch.setattr(run_lock.tempfile, 'gettempdir', lambda: str(tmp_path))


@pytest.fixture
def cloud():
    """A fresh seeded account whose IAM and Case Management API the emulator serves on loopback (emulated_cloud.py)."""
    account = EmulatedCloud()
    yield account
    account.close()


@pytest.fixture
def module_args():
    """``module_args(args)``: a context in which AnsibleModule takes ``args`` as its task's arguments, on every ansible-core."""
    return _module_args


@pytest.fixture
def emulated_api():
    """A fresh account from the emulator's seed, in-process; ``.sdk`` is the SDK stand-in over it."""
    return EmulatedAPI()


@pytest.fixture
def emulated_client(emulated_api, no_sleep):
    """A real SoftLayerClient over the emulated account's SDK, with instant retries."""
    return SoftLayerClient(emulated_api.sdk, secrets=[API_KEY],
                           retry_policy=RetryPolicy(retries=3, total_seconds=60, sleep=no_sleep.append), timeout=60)
