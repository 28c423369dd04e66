# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A stdout callback for the system tests: the whole run as one JSON document on stdout.

ansible-core has no JSON stdout callback of its own (that one lives in ansible.posix,
which the test tool chain does not install), so the tests bring this small one.
"""

from __future__ import annotations

DOCUMENTATION = r'''
name: sl_results
type: stdout
short_description: Print every task result of a run as one JSON document (system tests only)
description:
  - "At the end of the run, prints one JSON object: C(plays), a list of plays each with its C(tasks), each
    task with its C(name), C(started) (epoch seconds), C(seconds) (until its last result) and C(hosts),
    a mapping of host name to result; and C(stats), the counters per host."
  - Each result is the module's result (after Ansible's no_log masking) plus C(failed), C(skipped) or
    C(unreachable) where they apply.
'''

import json
import time

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'stdout'
    CALLBACK_NAME = 'sl_results'

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.plays = []
        self.tasks = {}

    def v2_playbook_on_play_start(self, play):
        self.plays.append({'play': {'name': play.get_name()}, 'tasks': []})

    def _start(self, task):
        entry = {'task': {'name': task.get_name(), 'started': time.time(), 'seconds': None}, 'hosts': {}}
        if not self.plays:
            self.plays.append({'play': {'name': ''}, 'tasks': []})
        self.plays[-1]['tasks'].append(entry)
        self.tasks[task._uuid] = entry

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._start(task)

    def v2_playbook_on_handler_task_start(self, task):
        self._start(task)

    def _record(self, result, **flags):
        entry = self.tasks.get(result._task._uuid)
        if entry is None:
            self._start(result._task)
            entry = self.tasks[result._task._uuid]
        data = {key: value for key, value in result._result.items() if not key.startswith('_ansible')}
        data.update(flags)
        entry['hosts'][result._host.get_name()] = data
        entry['task']['seconds'] = round(time.time() - entry['task']['started'], 3)

    def v2_runner_on_ok(self, result):
        self._record(result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record(result, failed=True, ignored=bool(ignore_errors))

    def v2_runner_on_skipped(self, result):
        self._record(result, skipped=True)

    def v2_runner_on_unreachable(self, result):
        self._record(result, unreachable=True)

    def v2_playbook_on_stats(self, stats):
        summary = {host: stats.summarize(host) for host in sorted(stats.processed)}
        self._display.display(json.dumps({'plays': self.plays, 'stats': summary}, default=str, ensure_ascii=False))
