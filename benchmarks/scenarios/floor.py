# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Scenario 4: the floor. A module run against a bare ``python -c "import SoftLayer"`` process, the API answering at once."""

from __future__ import annotations

import json
import os
import statistics
import sys

from benchmarks.harness import BIN, BODY, MODULE_PREFIX, ROOT, env_for, module_run, run_process
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
    lines += ['', startup_table(emulator, workdir, args, reps, [empty, bare])]
    ratio = subjects.median / bare.median
    measured = '%.2fx (%.3f s vs %.3f s); sl_ticket re-run %.2fx' % (
        ratio, subjects.median, bare.median, rerun.median / bare.median)
    target('module run vs bare import SoftLayer, 0 ms', '<= %.2fx' % goal['module_vs_import'], measured,
           ratio <= goal['module_vs_import'])
    return [empty, bare, subjects, rerun], '\n'.join(lines)


FIRST_CALL = os.path.join(ROOT, 'benchmarks', 'first_call.py')


def first_call_cpu(emulator, workdir, kind, target, arguments):
    """CPU seconds of one process when it opens its first connection (benchmarks/first_call.py)."""
    out = os.path.join(workdir, 'first-call-%d.json' % os.getpid())
    run = emulator.measure(lambda: run_process([sys.executable, FIRST_CALL, out, kind, target] + arguments,
                                               env=env_for(emulator), cwd=workdir))
    if run.rc != 0:
        raise RuntimeError('%s failed (rc %s): %s' % (target, run.rc, (run.stdout + run.stderr)[-500:]))
    with open(out, encoding='utf-8') as handle:
        return json.load(handle)['cpu_s'], run.cpu_s


def startup_table(emulator, workdir, args, reps, bare_processes):
    """Start-up: the CPU a process spends before its first API call, imports included (issue 23, item 3)."""
    args_file = os.path.join(workdir, 'args-startup.json')
    with open(args_file, 'w', encoding='utf-8') as handle:
        json.dump({'ANSIBLE_MODULE_ARGS': dict(args, timeout=60)}, handle)
    slcli = [os.path.join(BIN, 'slcli'), '--config', emulator.config_file, '--format', 'json', 'ticket', 'subjects']
    measured = {'sl_ticket re-run (module process)': [], 'slcli ticket subjects': []}
    for _rep in range(reps):
        measured['sl_ticket re-run (module process)'].append(
            first_call_cpu(emulator, workdir, 'module', MODULE_PREFIX + 'sl_ticket', [args_file]))
        measured['slcli ticket subjects'].append(first_call_cpu(emulator, workdir, 'script', slcli[0], slcli[1:]))
    lines = ['Start-up: CPU seconds (user + system) a process spends before its first API call, imports',
             'included, median of %d (benchmarks/first_call.py); bare processes make no call.' % reps, '',
             '| process | CPU s before the first call | CPU s in all |', '|---|---|---|']
    for series in bare_processes:
        lines.append('| %s | - | %.3f |' % (series.side, statistics.median(r.cpu_s for r in series.runs)))
    for side, pairs in measured.items():
        before, in_all = (statistics.median(pair[n] for pair in pairs) for n in (0, 1))
        lines.append('| %s | %.3f | %.3f |' % (side, before, in_all))
    return '\n'.join(lines)
