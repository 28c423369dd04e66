# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Scenario 4: the floor. A module run against a bare ``python -c "import SoftLayer"`` process, the API answering at once."""

from __future__ import annotations

import sys

from benchmarks.harness import BODY, env_for, module_run, run_process
from benchmarks.results import Series, seconds_text, target


def run(scenario, emulator, workdir, settings):
    """A module run against a bare ``python -c "import SoftLayer"`` process, the API answering at once."""
    reps, goal = settings.floor_reps, scenario.targets
    emulator.latency(0)
    bare = Series(4, 'floor', 'python -c "import SoftLayer"', 0)
    empty = Series(4, 'floor', 'python -c pass', 0)
    subjects = Series(4, 'floor', 'sl_ticket_subject_info (1 call)', 0)
    rerun = Series(4, 'floor', 'sl_ticket re-run, nothing new (2 calls)', 0)
    args = {'title': 'Disk failure on web01 [floor]', 'subject': 'Hardware Issue', 'body': BODY,
            'hardware': ['web01']}
    module_run(emulator, workdir, 'sl_ticket', args)
    env = env_for(emulator)
    for _rep in range(reps):
        empty.add(emulator.measure(lambda: run_process([sys.executable, '-c', 'pass'], env=env)))
        bare.add(emulator.measure(lambda: run_process([sys.executable, '-c', 'import SoftLayer'], env=env)))
        subjects.add(module_run(emulator, workdir, 'sl_ticket_subject_info', {}))
        rerun.add(module_run(emulator, workdir, 'sl_ticket', args))
    lines = ['### Scenario 4: the floor (0 ms)', '',
             '| process | s median (min-max) | vs import SoftLayer | calls | MB |', '|---|---|---|---|---|']
    for item in (empty, bare, subjects, rerun):
        summary = item.summary()
        lines.append('| %s | %s | %.2fx | %s | %s |' % (
            item.side, seconds_text(summary), item.median / bare.median, summary['calls'], summary['peak_mb']))
    ratio = subjects.median / bare.median
    measured = '%.2fx (%.3f s vs %.3f s); sl_ticket re-run %.2fx' % (
        ratio, subjects.median, bare.median, rerun.median / bare.median)
    target('module run vs bare import SoftLayer, 0 ms', '<= %.2fx' % goal['module_vs_import'], measured,
           ratio <= goal['module_vs_import'])
    return [empty, bare, subjects, rerun], '\n'.join(lines)
