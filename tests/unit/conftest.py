# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The shared harness of the unit tests: a fake SDK at the wire boundary and a module runner.

Tests mock at the SDK boundary (``SoftLayer.BaseClient.call``) so that the client
wrapper's retries, translation and paging run for real, and at the client boundary
(``SoftLayerClient``) for module logic. Whole sl_ticket scenarios run against the project's
API emulator in-process (``emulated_api``, see plugins/emulated_api.py), the one fake account.
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
from ansible_collections.softlayer.support.tests.unit.plugins.emulated_api import EmulatedAPI

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


class FakeSDK:
    """Stands in for ``SoftLayer.BaseClient``: answers ``call`` from a script of responses.

    ``responses`` maps ``(service, method)`` to a value, an exception, a callable
    answering ``(*args, **kwargs)``, or a ``sequence(...)`` of those consumed one per
    call (the last one repeats); every call is recorded in ``calls``.
    """

    def __init__(self, responses=None):
        self.responses = dict(responses or {})
        self.calls = []

    def call(self, service, method, *args, **kwargs):
        self.calls.append({'service': service, 'method': method, 'args': args, 'kwargs': kwargs})
        key = (service, method)
        if key not in self.responses:
            raise AssertionError('unexpected API call %s::%s' % key)
        answer = self.responses[key]
        if hasattr(answer, 'next_answer'):  # a sequence(), also when a test imported this file as a module
            answer = answer.next_answer()
        if isinstance(answer, BaseException):
            raise answer
        if callable(answer):
            return answer(*args, **kwargs)
        return answer

    def methods_called(self):
        return ['%s::%s' % (c['service'], c['method']) for c in self.calls]


class _Sequence:
    """Answers consumed one per call: ``sequence(error, value)`` fails once, then succeeds."""

    def __init__(self, answers):
        self.answers = list(answers)

    def next_answer(self):
        if len(self.answers) > 1:
            return self.answers.pop(0)
        return self.answers[0]


def sequence(*answers):
    return _Sequence(answers)


class ListResult(list):
    """What the SDK returns for a list: a list with the ``SoftLayer-Total-Items`` header as ``total_count``.

    Like ``SoftLayer.transports.SoftLayerListResult``, a missing header gives a total of 0.
    """

    def __init__(self, items=(), total_count=0):
        super().__init__(items)
        self.total_count = total_count


def paged_list(items, send_total=True, honour_limit=True):
    """An answer for FakeSDK that pages ``items`` by ``limit`` / ``offset`` as the API does.

    ``send_total=False`` drops the total header (the SDK then reports 0);
    ``honour_limit=False`` returns the whole list whatever the page asked for.
    """
    items = list(items)

    def answer(*args, **kwargs):
        offset = kwargs.get('offset') or 0
        limit = kwargs.get('limit')
        chosen = items[offset:offset + limit] if (honour_limit and limit) else items
        return ListResult(chosen, len(items) if send_total else 0)

    return answer


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
def fake_sdk():
    return FakeSDK()


@pytest.fixture
def client(fake_sdk, no_sleep):
    """A real SoftLayerClient over the fake SDK, with instant retries."""
    return SoftLayerClient(fake_sdk, secrets=[API_KEY], retry_policy=RetryPolicy(retries=3, total_seconds=60,
                                                                                 sleep=no_sleep.append), timeout=60)


@pytest.fixture
def run_module(monkeypatch, no_sleep):
    """Run a module's ``main()`` with ``args``; return ``ModuleExit`` (``.result``, ``.failed``).

    ``sdk`` (a FakeSDK) replaces the SDK client the module would build, so the whole
    module runs, client wrapper included, without a network.
    """

    def runner(module, args, sdk=None):
        def fake_exit(self, **result):
            raise ModuleExit(result, failed=False)

        def fake_fail(self, msg, **result):
            result['msg'] = msg
            raise ModuleExit(result, failed=True)

        monkeypatch.setattr(basic.AnsibleModule, 'exit_json', fake_exit)
        monkeypatch.setattr(basic.AnsibleModule, 'fail_json', fake_fail)
        if sdk is not None:
            monkeypatch.setattr(client_module.SoftLayer, 'create_client_from_env', lambda **kw: sdk)
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


@pytest.fixture
def emulated_api():
    """A fresh account from the emulator's seed, in-process; ``.sdk`` is the SDK stand-in over it."""
    return EmulatedAPI()


@pytest.fixture
def emulated_client(emulated_api, no_sleep):
    """A real SoftLayerClient over the emulated account's SDK, with instant retries."""
    return SoftLayerClient(emulated_api.sdk, secrets=[API_KEY],
                           retry_policy=RetryPolicy(retries=3, total_seconds=60, sleep=no_sleep.append), timeout=60)
