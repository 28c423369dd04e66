#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""softlayer.support against slcli, side by side, on the SoftLayer API emulator.

Run with the tool venv (scripts/bench does the set-up):

    scripts/bench                 # the default scenarios, 0 and 100 ms, full repetitions
    scripts/bench --quick         # fewer repetitions and a smaller host sample: a few minutes
    scripts/bench --scenarios 1,4 --latencies 100 --reps 9
    scripts/bench --help          # the scenario table

The scenarios are the rows of SCENARIOS (below): each row names the account the emulator
serves, the hosts, forks, rate limit, injected faults and latency, what the scenario measures
and the targets it is judged by, and the function that runs it. main() runs the selected rows
in table order, one emulator per account.

Each scenario runs both sides in one run, against one emulator, with the same injected
latency (the emulator sleeps that long in every API call), interleaving the sides
repetition by repetition so machine noise hits both alike. Times are medians of the
repetitions (min-max beside them); API calls and bytes (request + response bodies)
come from the emulator's call log; peak memory is the ru_maxrss of the measured
child process (median over the repetitions), started by a small helper process so
that it does not inherit this script's own peak (see SPAWNER).

How the module process is timed: the module file runs as its own process,
``python -m ansible_collections.softlayer.support.plugins.modules.<module> args.json``,
which is what Ansible executes on the target once it has unpacked the AnsiballZ
payload: the same interpreter, imports, argument parsing, API calls and JSON
result, without the controller's work (templating, packaging, forking). That is the
process a user compares with an ``slcli`` process. Whole plays are timed separately
(ansible-playbook wall time, controller included) against the same plays calling
``slcli`` through ``ansible.builtin.command``.

The emulator's rate limit is off where the table says so: those scenarios measure cost, and
slcli does not retry a rate-limited call, so the per-host slcli plays would fail part-way at
the real 50 requests/s. The fleet (scenario 5) switches the limit on.

Results: printed, and written to .build/bench/results.json and results.md.
"""

from __future__ import annotations

import argparse
import collections
import collections.abc
import dataclasses
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
EMULATOR_DIR = os.path.join(ROOT, 'tests', 'emulator')
sys.path.insert(0, EMULATOR_DIR)
from sl_emulator import seed_credentials  # noqa: E402  pylint: disable=wrong-import-position
from sl_emulator.process import EmulatorProcess  # noqa: E402  pylint: disable=wrong-import-position
COLLECTIONS = os.path.join(ROOT, '.build', 'collections')
# The system tests' JSON stdout callback: per-task times of the benchmark plays.
CALLBACK_PLUGINS = os.path.join(ROOT, 'tests', 'system', 'callback_plugins')
OUT = os.path.join(ROOT, '.build', 'bench')
# The seeded demo user (the emulator's seed is the one place its key is written).
DEMO_USER = seed_credentials()[0]
USERNAME, API_KEY = DEMO_USER['username'], DEMO_USER['api_key']
BIN = os.path.dirname(sys.executable)
MODULE_PREFIX = 'ansible_collections.softlayer.support.plugins.modules.'
HARDWARE_ISSUE = 1021
BODY = ('The RAID controller of web01 reports a failed disk (slot 1, sdb).\n'
        'smartctl: SMART overall-health self-assessment test result: FAILED\n'
        'Please replace the disk; the server can be taken down at any time.')
TARGETS = []
RATE_LIMIT_FAULT = 'SoftLayer_Exception_WebService_RateLimitExceeded'
HARDWARE_FAILURE_PLAY = os.path.join(ROOT, 'examples', 'hardware_failure.yml')


# ------------------------------------------------------------------------------------------------
# processes and the emulator


class Run:
    """One finished child process: wall time, exit status, output, peak memory, API use."""

    def __init__(self, seconds, rc, stdout, stderr, maxrss_kb, calls=None, request_bytes=0, response_bytes=0):
        self.seconds = seconds
        self.rc = rc
        self.stdout = stdout
        self.stderr = stderr
        self.maxrss_kb = maxrss_kb
        self.calls = calls
        self.request_bytes = request_bytes
        self.response_bytes = response_bytes


# Measured processes are started by this small helper, not by run.py itself: a child started with
# vfork + exec inherits its parent's peak RSS in ru_maxrss, and run.py grows (it parses multi-MB
# results) while the helper stays at about 10 MB. The helper also does the timing (fork to exit).
SPAWNER = r"""
import json, os, subprocess, sys, time
for line in sys.stdin:
    request = json.loads(line)
    with open(request['stdout'], 'wb') as out, open(request['stderr'], 'wb') as err:
        started = time.perf_counter()
        child = subprocess.Popen(request['command'], stdout=out, stderr=err, env=request['env'], cwd=request['cwd'])
        _pid, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    sys.stdout.write(json.dumps({'rc': child.returncode, 'seconds': seconds, 'maxrss': usage.ru_maxrss}) + '\n')
    sys.stdout.flush()
"""
_SPAWNER = []


def start_spawner():
    if not _SPAWNER:
        _SPAWNER.append(subprocess.Popen([sys.executable, '-c', SPAWNER], stdin=subprocess.PIPE,  # pylint: disable=consider-using-with
                                         stdout=subprocess.PIPE, text=True))
    return _SPAWNER[0]


def run_process(command, env=None, cwd=None):
    """Run ``command`` through the spawner: wall time from fork to exit, ru_maxrss of that child."""
    spawner = start_spawner()
    directory = tempfile.mkdtemp(prefix='run-')
    request = {'command': list(command), 'env': dict(os.environ if env is None else env), 'cwd': cwd,
               'stdout': os.path.join(directory, 'stdout'), 'stderr': os.path.join(directory, 'stderr')}
    spawner.stdin.write(json.dumps(request) + '\n')
    spawner.stdin.flush()
    answer = json.loads(spawner.stdout.readline())
    with open(request['stdout'], encoding='utf-8', errors='replace') as handle:
        stdout = handle.read()
    with open(request['stderr'], encoding='utf-8', errors='replace') as handle:
        stderr = handle.read()
    shutil.rmtree(directory, ignore_errors=True)
    return Run(answer['seconds'], answer['rc'], stdout, stderr, answer['maxrss'])


def titled(ticket, title):
    """Whether ``ticket`` has ``title``, as given or as the server stores it (``<subject name> - <title>``)."""
    stored = ticket.get('title') or ''
    return stored == title or stored.endswith(' - ' + title)


class Emulator(EmulatorProcess):
    """A benchmark emulator: state in memory, no rate limit, and an SDK config file pointing at it."""

    admin_timeout = 120  # the state of a 10,000-ticket account is large

    def __init__(self, workdir, seed_file=None):
        seed = ['--seed-file', seed_file] if seed_file else []
        super().__init__(tempfile.mkdtemp(prefix='emulator-', dir=workdir), '--rate-limit', '0', *seed, persist=False)
        self.start(timeout=60)
        self.endpoint_url = self.endpoint('xmlrpc')
        self.config_file = os.path.join(self.workdir, 'softlayer.conf')
        with open(self.config_file, 'w', encoding='utf-8') as handle:
            handle.write('[softlayer]\nusername = %s\napi_key = %s\nendpoint_url = %s\ntimeout = 60\n' % (
                USERNAME, API_KEY, self.endpoint_url))

    def latency(self, milliseconds):
        self.admin('config', {'latency_ms': milliseconds}, method='POST')

    def measure(self, function):
        """Run ``function()`` (returning a Run) with a clean call log; attach the calls and bytes it caused."""
        self.admin('calls', method='DELETE')
        run = function()
        calls = self.admin('calls')
        run.calls = len(calls)
        run.request_bytes = sum(c.get('request_bytes') or 0 for c in calls)
        run.response_bytes = sum(c.get('response_bytes') or 0 for c in calls)
        return run

    def tickets_titled(self, title):
        return [t for t in self.admin('state')['tickets'] if titled(t, title)]


def env_for(emulator):
    env = dict(os.environ)
    env.update({
        'PATH': BIN + os.pathsep + env.get('PATH', ''),
        'PYTHONPATH': COLLECTIONS,
        'ANSIBLE_COLLECTIONS_PATH': COLLECTIONS,
        'ANSIBLE_NOCOLOR': '1',
        'ANSIBLE_RETRY_FILES_ENABLED': '0',
        'ANSIBLE_LOCALHOST_WARNING': '0',
        'ANSIBLE_INVENTORY_UNPARSED_WARNING': '0',
        'ANSIBLE_DEPRECATION_WARNINGS': '0',
        'ANSIBLE_HOST_KEY_CHECKING': '0',
        'SL_USERNAME': USERNAME,
        'SL_API_KEY': API_KEY,
        'SL_ENDPOINT_URL': emulator.endpoint_url,
    })
    return env


def module_run(emulator, workdir, module, args):
    """The module as its own process (see the module docstring); returns a Run with the parsed result."""
    path = os.path.join(workdir, 'args-%s.json' % time.perf_counter_ns())
    with open(path, 'w', encoding='utf-8') as handle:
        json.dump({'ANSIBLE_MODULE_ARGS': dict(args, timeout=60)}, handle, ensure_ascii=False)
    run = emulator.measure(lambda: run_process([sys.executable, '-m', MODULE_PREFIX + module, path],
                                               env=env_for(emulator), cwd=workdir))
    try:
        run.result = json.loads(run.stdout)
    except ValueError:
        run.result = {'failed': True, 'msg': run.stdout[-500:] + run.stderr[-500:]}
    if run.result.get('failed'):
        raise RuntimeError('%s failed: %s' % (module, run.result.get('msg')))
    return run


def slcli_run(emulator, *arguments, check=True):
    command = [os.path.join(BIN, 'slcli'), '--config', emulator.config_file, '--format', 'json'] + list(arguments)
    env = env_for(emulator)
    for key in ('SL_USERNAME', 'SL_API_KEY'):
        env.pop(key)
    run = emulator.measure(lambda: run_process(command, env=env))
    if check and run.rc != 0:
        raise RuntimeError('slcli %s failed (rc %s): %s' % (' '.join(arguments[:2]), run.rc, run.stderr[-500:]))
    return run


def playbook_run(emulator, workdir, plays, *extra, failed_hosts_ok=False):
    """ansible-playbook as a whole (wall time); ``run.tasks`` maps each task name to its own seconds.

    ``plays`` is a list of plays, or the path of a playbook file. ``run.document`` is the whole
    sl_results document (every task's result per host, and the per-host stats).
    """
    if isinstance(plays, str):
        path = plays
    else:
        path = os.path.join(workdir, 'play-%s.yml' % time.perf_counter_ns())
        with open(path, 'w', encoding='utf-8') as handle:
            json.dump(plays, handle, ensure_ascii=False)
    command = [os.path.join(BIN, 'ansible-playbook'), path] + list(extra)
    env = env_for(emulator)
    env.update(ANSIBLE_CALLBACK_PLUGINS=CALLBACK_PLUGINS, ANSIBLE_STDOUT_CALLBACK='sl_results')
    run = emulator.measure(lambda: run_process(command, env=env, cwd=workdir))
    if run.rc != 0 and not (failed_hosts_ok and run.rc == 2):
        raise RuntimeError('ansible-playbook failed (rc %s):\n%s\n%s' % (run.rc, run.stdout[-3000:], run.stderr[-2000:]))
    document = json.loads(run.stdout[run.stdout.index('{'):])
    run.tasks = {task['task']['name']: task['task']['seconds'] for play in document['plays'] for task in play['tasks']}
    run.document = document
    return run


# ------------------------------------------------------------------------------------------------
# results


class Series:
    """Repetitions of one measured thing."""

    def __init__(self, scenario, step, side, latency, note=''):
        self.scenario = scenario
        self.step = step
        self.side = side
        self.latency = latency
        self.note = note
        self.runs = []
        self.scale = 1.0

    def add(self, run):
        self.runs.append(run)
        return run

    @property
    def median(self):
        return statistics.median(r.seconds for r in self.runs) * self.scale

    def summary(self):
        seconds = [r.seconds * self.scale for r in self.runs]
        calls = [r.calls for r in self.runs if r.calls is not None]
        moved = [r.request_bytes + r.response_bytes for r in self.runs]
        return {
            'scenario': self.scenario, 'step': self.step, 'side': self.side, 'latency_ms': self.latency,
            'note': self.note, 'reps': len(self.runs), 'median_s': round(statistics.median(seconds), 3),
            'min_s': round(min(seconds), 3), 'max_s': round(max(seconds), 3),
            'calls': round(statistics.median(calls) * self.scale) if calls else None,
            'bytes': round(statistics.median(moved) * self.scale) if moved else None,
            'peak_mb': round(statistics.median(r.maxrss_kb for r in self.runs) / 1024.0, 1),
            'scale': self.scale,
        }


def target(name, goal, value, met, why=''):
    TARGETS.append({'target': name, 'goal': goal, 'measured': value, 'met': bool(met), 'note': why})


def kb(value):
    if value is None:
        return '-'
    return '%.1f' % (value / 1024.0) if value < 10 * 1024 * 1024 else '%.0f' % (value / 1024.0)


def seconds_text(summary):
    return '%.3f (%.3f-%.3f)' % (summary['median_s'], summary['min_s'], summary['max_s'])


def pair_table(title, pairs, left='sl_ticket', right='slcli'):
    """Markdown rows comparing two Series per step: time, ratio, calls, bytes, peak memory."""
    lines = ['### %s' % title, '',
             '| step | latency | %s: s median (min-max) | calls | KB | MB | %s: s median (min-max) | calls | KB | MB '
             '| time ratio |' % (left, right),
             '|---|---|---|---|---|---|---|---|---|---|---|']
    for step, a, b in pairs:
        sa, sb = a.summary(), b.summary()
        ratio = sa['median_s'] / sb['median_s'] if sb['median_s'] else float('nan')
        lines.append('| %s | %d ms | %s | %s | %s | %s | %s | %s | %s | %s | %.2f |' % (
            step, a.latency, seconds_text(sa), sa['calls'], kb(sa['bytes']), sa['peak_mb'],
            seconds_text(sb), sb['calls'], kb(sb['bytes']), sb['peak_mb'], ratio))
    return '\n'.join(lines)


# ------------------------------------------------------------------------------------------------
# scenario 1: a hardware failure


def scenario_hardware_failure(scenario, emulator, workdir, settings):
    """Open a ticket for a failed server (attached), re-run with nothing new, re-run with new evidence."""
    latencies, reps, play_reps = settings.latencies, settings.reps, settings.play_reps
    goal = scenario.targets
    series = []
    tables = []
    for latency in latencies:
        emulator.latency(latency)
        steps = {}
        for step in ('create', 'rerun', 'evidence'):
            steps[step] = (Series(1, step, 'sl_ticket', latency), Series(1, step, 'slcli', latency))
        duplicates = 0
        for rep in range(reps):
            title = 'Disk failure on web01 [%d ms, %d]' % (latency, rep)
            args = {'title': title, 'subject': 'Hardware Issue', 'body': BODY, 'hardware': ['web01']}
            s_title = 'slcli: ' + title
            s_create = ['ticket', 'create', '--title', s_title, '--subject-id', str(HARDWARE_ISSUE),
                        '--body', BODY, '--hardware', 'web01']
            # create: both open the ticket and attach the server
            run = steps['create'][0].add(module_run(emulator, workdir, 'sl_ticket', args))
            assert run.result['created'], run.result
            # slcli 6.2.9 exits 2 after creating (its detail fetch passes False as the ticket id)
            steps['create'][1].add(slcli_run(emulator, *s_create, check=False))
            assert len(emulator.tickets_titled(s_title)) == 1
            # re-run, nothing new: the module changes nothing; the same slcli command opens a duplicate
            run = steps['rerun'][0].add(module_run(emulator, workdir, 'sl_ticket', args))
            assert run.result['changed'] is False, run.result
            steps['rerun'][1].add(slcli_run(emulator, *s_create, check=False))
            duplicates += len(emulator.tickets_titled(s_title)) - 1
            # new evidence: the module appends it; slcli must first find the id (create does not print it)
            evidence = 'smartctl %d: sdb reallocated sectors now %d' % (rep, 100 + rep)
            run = steps['evidence'][0].add(module_run(emulator, workdir, 'sl_ticket', dict(args, update=evidence)))
            assert run.result['updates_added'] == [evidence], run.result

            def slcli_update(s_title=s_title, evidence=evidence):
                started = time.perf_counter()
                listing = slcli_run(emulator, 'ticket', 'list')
                ticket_id = max(int(t['id']) for t in json.loads(listing.stdout) if titled(t, s_title))
                update = slcli_run(emulator, 'ticket', 'update', str(ticket_id), '--body', evidence)
                both = Run(time.perf_counter() - started, update.rc, '', '', max(listing.maxrss_kb, update.maxrss_kb))
                both.calls = listing.calls + update.calls
                both.request_bytes = listing.request_bytes + update.request_bytes
                both.response_bytes = listing.response_bytes + update.response_bytes
                return both
            steps['evidence'][1].add(slcli_update())
        steps['rerun'][1].note = '%d duplicate tickets opened' % duplicates
        for pair in steps.values():
            series.extend(pair)
        labels = {'create': 'open ticket + attach server', 'rerun': 're-run, nothing new (slcli: duplicates)',
                  'evidence': 're-run with new evidence (slcli: list + update)'}
        tables.append([(labels[step], a, b) for step, (a, b) in steps.items()])
        if latency == 100 or latency == latencies[-1]:
            a, b = steps['create']
            ratio = a.median / b.median
            target('module process for the hardware-failure job, %d ms' % latency,
                   '<= %.2fx slcli' % goal['module_vs_slcli'],
                   '%.2fx (%.3f s vs %.3f s)' % (ratio, a.median, b.median), ratio <= goal['module_vs_slcli'])
        rerun_calls = max(r.calls for r in steps['rerun'][0].runs)
        target('re-run with nothing new, %d ms' % latency, '1 API call where possible, %d at most' % goal['rerun_calls'],
               '%d calls' % rerun_calls, rerun_calls <= goal['rerun_calls'],
               'two searches (exact title, identity marker) are needed to find a ticket whose title the server '
               'may have replaced; with ticket_id it is 1' if rerun_calls == 2 else '')

    # whole plays: the job as a play with sl_ticket against the same play shelling out to slcli
    plays = []
    for latency in latencies:
        emulator.latency(latency)
        module_play = Series(1, 'play', 'sl_ticket', latency)
        slcli_play = Series(1, 'play', 'slcli', latency)
        for rep in range(play_reps):
            title = 'Disk failure on web01 [play %d ms, %d]' % (latency, rep)
            module_play.add(playbook_run(emulator, workdir, [{
                'hosts': 'localhost', 'gather_facts': False, 'tasks': [{
                    'name': 'open the ticket', 'softlayer.support.sl_ticket': {
                        'title': title, 'subject': 'Hardware Issue', 'body': BODY, 'hardware': ['web01']}}]}]))
            slcli_play.add(playbook_run(emulator, workdir, [{
                'hosts': 'localhost', 'gather_facts': False, 'tasks': [{
                    'name': 'open the ticket', 'register': 'out',
                    # slcli exits 2 after creating the ticket (see above): judge by its output instead
                    'failed_when': "'Traceback' in out.stderr",
                    'ansible.builtin.command': {'argv': [
                        'slcli', '--config', emulator.config_file, 'ticket', 'create', '--title', 'slcli: ' + title,
                        '--subject-id', str(HARDWARE_ISSUE), '--body', BODY, '--hardware', 'web01']}}]}]))
        plays.append(('whole play: open ticket + attach server', module_play, slcli_play))
        series.extend([module_play, slcli_play])
        if latency == 100 or latency == latencies[-1]:
            ratio = module_play.median / slcli_play.median
            target('whole play with sl_ticket vs with slcli, %d ms' % latency, '<= %.2fx' % goal['play_vs_slcli'],
                   '%.2fx (%.2f s vs %.2f s)' % (ratio, module_play.median, slcli_play.median),
                   ratio <= goal['play_vs_slcli'])
    text = '\n\n'.join(pair_table('Scenario 1: hardware failure, module process vs slcli process (%d ms)' % rows[0][1].latency, rows)
                       for rows in tables)
    text += '\n\n' + pair_table('Scenario 1: hardware failure, whole ansible-playbook run', plays,
                                'play with sl_ticket', 'play with slcli')
    text += '\n\nOf which the task itself (controller work for the task, module or command process, result), median:\n'
    for _step, a, b in plays:
        task_a = statistics.median(r.tasks['open the ticket'] for r in a.runs)
        task_b = statistics.median(r.tasks['open the ticket'] for r in b.runs)
        text += '\n- %d ms: sl_ticket task %.3f s, command task running slcli %.3f s (ratio %.2f)' % (
            a.latency, task_a, task_b, task_a / task_b)
    return series, text


# ------------------------------------------------------------------------------------------------
# scenario 2: ticket facts for an inventory of 500 hosts


def inventory_file(workdir, count):
    path = os.path.join(workdir, 'inventory-%d.json' % count)
    hosts = {'host%04d' % n: {} for n in range(1, count + 1)}
    with open(path, 'w', encoding='utf-8') as handle:
        json.dump({'all': {'hosts': hosts, 'vars': {
            'ansible_connection': 'local', 'ansible_python_interpreter': sys.executable}}}, handle)
    return path


def scenario_inventory(scenario, emulator, workdir, settings):
    """500 hosts: one group_by_host query, against one sl_ticket_info per host, against slcli per host."""
    latencies, sample, alone_reps = settings.latencies, settings.sample, settings.alone_reps
    hosts, forks, goal = scenario.hosts, str(scenario.forks), scenario.targets
    full = inventory_file(workdir, hosts)
    part = inventory_file(workdir, sample)
    scale = hosts / float(sample)
    series = []
    rows = []
    alone_rows = []
    for latency in latencies:
        emulator.latency(latency)
        alone = Series(2, 'group_by_host module process', 'sl_ticket_info once', latency, 'the module process alone')
        for _rep in range(alone_reps):
            run = alone.add(module_run(emulator, workdir, 'sl_ticket_info', {'group_by_host': True}))
        covered = sum(1 for n in range(1, hosts + 1) if 'host%04d' % n in run.result['tickets_by_host'])
        grouped = Series(2, 'group_by_host', 'sl_ticket_info once', latency, 'run_once + per-host set_fact, 500 hosts')
        grouped.add(playbook_run(emulator, workdir, [{
            'hosts': 'all', 'gather_facts': False, 'tasks': [
                {'name': 'open tickets of every host', 'run_once': True, 'register': 'all_tickets',
                 'softlayer.support.sl_ticket_info': {'group_by_host': True}},
                {'name': 'each host takes its own', 'ansible.builtin.set_fact': {
                    'host_tickets': "{{ all_tickets.tickets_by_host[inventory_hostname] | default([]) }}"}}]}],
            '-i', full, '-f', forks))
        module = Series(2, 'per host', 'sl_ticket_info per host', latency,
                        'measured on %d hosts, scaled x%.0f' % (sample, scale))
        module.add(playbook_run(emulator, workdir, [{
            'hosts': 'all', 'gather_facts': False, 'tasks': [
                {'name': 'open tickets of this host', 'softlayer.support.sl_ticket_info': {
                    'hardware': ['{{ inventory_hostname }}'], 'virtual_guests': ['{{ inventory_hostname }}']}}]}],
            '-i', part, '-f', forks))
        module.scale = scale
        slcli = Series(2, 'per host', 'slcli ticket list per host', latency,
                       'measured on %d hosts, scaled x%.0f' % (sample, scale))
        slcli.add(playbook_run(emulator, workdir, [{
            'hosts': 'all', 'gather_facts': False, 'tasks': [
                {'name': 'all open tickets', 'register': 'listing', 'changed_when': False,
                 'ansible.builtin.command': {'argv': ['slcli', '--config', emulator.config_file, '--format', 'json',
                                                      'ticket', 'list', '--all']}},
                {'name': 'keep those naming this host', 'ansible.builtin.set_fact': {
                    'host_tickets': "{{ listing.stdout | from_json | selectattr('title', 'search', "
                                    "inventory_hostname ~ '\\\\b') | list }}"}}]}],
            '-i', part, '-f', forks))
        slcli.scale = scale
        series.extend([alone, grouped, module, slcli])
        a, g, m, s = alone.summary(), grouped.summary(), module.summary(), slcli.summary()
        alone_rows.append('| %d ms | %s | %s | %s | %s | %d of %d |' % (
            latency, seconds_text(a), a['calls'], kb(a['bytes']), a['peak_mb'], covered, hosts))
        rows.append('| %d ms | %s | %s | %s | %s | %s | %s | %s | %s | %s |' % (
            latency, g['calls'], kb(g['bytes']), '%.1f' % g['median_s'],
            m['calls'], kb(m['bytes']), '%.1f' % m['median_s'],
            s['calls'], kb(s['bytes']), '%.1f' % s['median_s']))
        ratio = m['calls'] / float(g['calls'])
        target('group_by_host for %d hosts vs per-host sl_ticket_info, %d ms' % (hosts, latency),
               '>= %dx fewer calls' % goal['fewer_calls'],
               '%.0fx (%d vs %d calls)' % (ratio, g['calls'], m['calls']), ratio >= goal['fewer_calls'])
    text = '\n'.join([
        '### Scenario 2: open-ticket facts for %d hosts (10,000 tickets, 1,000 devices)' % hosts, '',
        'Whole ansible-playbook runs, forks %s. Per-host rows ran on %d hosts and are scaled to %d.' % (
            forks, sample, hosts), '',
        '| latency | group_by_host once: calls | KB | s | sl_ticket_info per host: calls | KB | s '
        '| slcli ticket list per host: calls | KB | s |',
        '|---|---|---|---|---|---|---|---|---|---|'] + rows + [
        '', 'The group_by_host module process alone:', '',
        '| latency | s | calls | KB | MB | hosts with open tickets |', '|---|---|---|---|---|---|'] + alone_rows)
    return series, text


# ------------------------------------------------------------------------------------------------
# scenario 3: a filtered query on a 10,000-ticket account


def scenario_filtered_query(scenario, emulator, workdir, settings, host='host0042'):
    """One host's open tickets on a 10,000-ticket account: a server-side filter against slcli's full list."""
    latencies, reps, goal = settings.latencies, settings.reps, scenario.targets
    series = []
    pairs = []
    for latency in latencies:
        emulator.latency(latency)
        module = Series(3, 'filtered query', 'sl_ticket_info', latency, "title_contains '%s', open" % host)
        slcli = Series(3, 'filtered query', 'slcli', latency, 'ticket list --all, filtered on the client')
        for _rep in range(reps):
            run = module.add(module_run(emulator, workdir, 'sl_ticket_info', {'title_contains': host}))
            mine = sorted(t['id'] for t in run.result['tickets'])
            run = slcli.add(slcli_run(emulator, 'ticket', 'list', '--all'))
            theirs = sorted(int(t['id']) for t in json.loads(run.stdout) if host.lower() in t['title'].lower())
            assert mine == theirs, (mine, theirs)
        pairs.append(('open tickets naming %s (%d found)' % (host, len(mine)), module, slcli))
        series.extend([module, slcli])
        m, s = module.summary(), slcli.summary()
        ratio = s['bytes'] / float(m['bytes'])
        target('filtered query on 10,000 tickets vs slcli ticket list, %d ms' % latency,
               '>= %dx fewer bytes' % goal['fewer_bytes'],
               '%.0fx (%s KB vs %s KB)' % (ratio, kb(m['bytes']), kb(s['bytes'])), ratio >= goal['fewer_bytes'])
    return series, pair_table('Scenario 3: 10,000-ticket account, filtered query', pairs, 'sl_ticket_info', 'slcli')


# ------------------------------------------------------------------------------------------------
# scenario 4: the floor


def scenario_floor(scenario, emulator, workdir, settings):
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


# ------------------------------------------------------------------------------------------------
# scenario 5: a fleet under the rate limit


FLEET_BODY = 'Our monitoring found a failing disk on {{ inventory_hostname }}. Please replace the failed drive.'
PASSED = '/dev/sda: SMART overall-health self-assessment test result: PASSED\n'
FAILED = ('/dev/sdb: SMART overall-health self-assessment test result: FAILED!\n'
          '/dev/sdb: Reallocated_Sector_Ct 2048 (threshold 36)\n')
NEW_EVIDENCE = '/dev/sdc: SMART overall-health self-assessment test result: FAILED!\n'


def fleet_account(hosts):
    """An account with enough bare metal servers (about 70 % of the generated devices) and 1,000 tickets."""
    devices = int(hosts / 0.7) + 50
    path = os.path.join(OUT, 'account-1000-tickets-%d-devices.json' % devices)
    if not os.path.exists(path):
        os.makedirs(OUT, exist_ok=True)
        subprocess.run([sys.executable, '-m', 'sl_emulator', 'generate', '--tickets', '1000', '--devices',
                        str(devices), '--seed', '5', '-o', path], check=True, env=dict(os.environ, PYTHONPATH=EMULATOR_DIR))
    return path


def fleet_fixture(emulator, workdir, hosts, failed):
    """The inventory (group ``fleet``), one disk report per host, and the failed hosts (bare metal)."""
    state = emulator.admin('state')
    servers = ['%s.%s' % (h['hostname'], h['domain']) for h in state['hardware']]
    guests = ['%s.%s' % (g['hostname'], g['domain']) for g in state['virtualGuests']]
    if len(servers) < failed or len(servers) + len(guests) < hosts:
        raise RuntimeError('the fleet account has too few devices')
    broken = servers[:failed]
    names = (servers + guests)[:hosts]
    reports = tempfile.mkdtemp(prefix='disk-health-', dir=workdir)
    for name in names:
        with open(os.path.join(reports, name + '.txt'), 'w', encoding='utf-8') as handle:
            handle.write(PASSED + (FAILED if name in broken else ''))
    inventory = os.path.join(workdir, 'fleet-%d.json' % hosts)
    with open(inventory, 'w', encoding='utf-8') as handle:
        json.dump({'fleet': {'hosts': {name: {} for name in names}, 'vars': {
            'ansible_connection': 'local', 'ansible_python_interpreter': sys.executable}}}, handle)
    return inventory, reports, broken


def fleet_duplicates(emulator, slcli):
    """Open fleet tickets (of slcli's or of the module's) beyond one per title, plus update texts posted twice.

    Titles are compared by containment: the server may put the subject name in front.
    """
    state = emulator.admin('state')
    tickets = [t for t in state['tickets'] if 'Disk failure on ' in (t.get('title') or '')
               and ('slcli: ' in t['title']) == slcli and t.get('statusId') != 1002]
    titles = collections.Counter(t['title'] for t in tickets)
    ids = {t['id'] for t in tickets}
    entries = collections.Counter((u['ticketId'], u['entry']) for u in state['updates'] if u['ticketId'] in ids)
    return (sum(n - 1 for n in titles.values() if n > 1) + sum(n - 1 for n in entries.values() if n > 1),
            len(tickets), ids)


def fleet_measure(emulator, workdir, plays, extra, task, rate_limit):
    """One fleet run: its Run plus the figures of the table (from the call log and the task results)."""
    run = playbook_run(emulator, workdir, plays, *extra, failed_hosts_ok=True)
    calls = emulator.admin('calls')
    results = {}
    for play in run.document['plays']:
        for entry in play['tasks']:
            if entry['task']['name'] == task:
                results = entry['hosts']
    stats = run.document.get('stats', {})
    errors = sorted({str(r.get('msg') or r.get('stderr') or '')[:300] for r in results.values() if r.get('failed')})
    if errors:
        print('    failed tasks (%d kinds), for example: %s' % (len(errors), errors[0]), flush=True)
    return {
        'run': run, 'seconds': run.seconds, 'calls': len(calls),
        'limited': sum(1 for c in calls if c.get('fault_code') == RATE_LIMIT_FAULT),
        'retries': sum(r.get('retries') or 0 for r in results.values()),
        'failed': sorted(h for h, s in stats.items() if s.get('failures') or s.get('unreachable')),
        'task_failed': sorted(h for h, r in results.items() if r.get('failed')),
        'created': sum(1 for r in results.values() if r.get('created')),
        'changed': sum(1 for r in results.values() if r.get('changed')),
        'peak_mb': round(run.maxrss_kb / 1024.0, 1),
        'ideal': len(calls) / float(rate_limit),
    }


def scenario_fleet(scenario, emulator, workdir, settings):
    """examples/hardware_failure.yml over ``hosts`` hosts, three times, under the rate limit; slcli scripted alike."""
    hosts, failed, forks, latency, evidence = settings.fleet
    rate_limit, goal = scenario.rate_limit, scenario.targets
    rows, figures = [], []
    emulator.admin('config', {'rate_limit': rate_limit, 'latency_ms': latency}, method='POST')
    inventory, reports, broken = fleet_fixture(emulator, workdir, hosts, failed)
    extra = ['-i', inventory, '-f', str(forks), '-e', 'disk_report_dir=%s' % reports]
    labels = ('1: opens %d tickets' % failed, '2: same evidence, nothing to do',
              '3: new evidence on %d servers' % evidence)
    for number, label in enumerate(labels, 1):
        if number == 3:
            for name in broken[:evidence]:
                with open(os.path.join(reports, name + '.txt'), 'a', encoding='utf-8') as handle:
                    handle.write(NEW_EVIDENCE)
        measured = fleet_measure(emulator, workdir, HARDWARE_FAILURE_PLAY, extra,
                                 'Open a ticket for the server, or add the new evidence to its open ticket', rate_limit)
        measured['duplicates'], measured['tickets'], _ids = fleet_duplicates(emulator, slcli=False)
        measured.update(side='sl_ticket', step=label)
        figures.append(measured)
        print('  fleet run %s: %.1f s, %d calls' % (label, measured['seconds'], measured['calls']), flush=True)

    # The controller alone: the same play when no disk failed (no API call at all). What is left of
    # a run's wall time above this is the API work.
    healthy = tempfile.mkdtemp(prefix='disk-health-ok-', dir=workdir)
    for name in os.listdir(reports):
        with open(os.path.join(healthy, name), 'w', encoding='utf-8') as handle:
            handle.write(PASSED)
    measured = fleet_measure(emulator, workdir, HARDWARE_FAILURE_PLAY,
                             extra[:4] + ['-e', 'disk_report_dir=%s' % healthy],
                             'Open a ticket for the server, or add the new evidence to its open ticket', rate_limit)
    measured.update(side='controller alone', step='no disk failed: the play without API calls', duplicates=0)
    figures.append(measured)
    print('  controller alone: %.1f s' % measured['seconds'], flush=True)

    # slcli scripted the same way: create per failed server; a re-run must list to know it has nothing
    # to do; new evidence is list + update. No retries: a refused call is a failed host.
    slcli = ['slcli', '--config', emulator.config_file]
    failed_hosts = "inventory_hostname in broken"
    common = {'hosts': 'fleet', 'gather_facts': False, 'vars': {'broken': broken}}
    # The same controller work as the example play: read each host's report, keep the failures, and
    # say what was done; only the API task differs.
    read_reports = [
        {'name': 'Read the disk health report', 'ansible.builtin.set_fact': {
            'disk_report': "{{ lookup('ansible.builtin.file', disk_report_dir ~ '/' ~ inventory_hostname ~ '.txt') }}"}},
        {'name': 'Keep the lines that show a failure', 'ansible.builtin.set_fact': {
            'disk_failures': "{{ disk_report.splitlines() | reject('search', 'PASSED') | list }}"}}]
    say = [{'name': 'Say what was done', 'when': 'out is defined and out is not skipped',
            'ansible.builtin.debug': {'msg': 'slcli rc {{ out.rc }}'}}]
    title = "slcli: Disk failure on {{ inventory_hostname }}"
    # A script finds its ticket with a server-side filter (ticket list shows one page of all open tickets).
    find = ['--format', 'json', 'call-api', 'SoftLayer_Account', 'getOpenTickets', '--mask', 'mask[id,title]',
            '--json-filter', '{"openTickets": {"title": {"operation": "*= %s"}}}' % title]
    scripts = [
        ('1: opens %d tickets' % failed, [
            {'name': 'slcli', 'when': failed_hosts, 'register': 'out', 'delegate_to': 'localhost',
             # slcli 6.2.9 exits 2 after creating (its detail fetch passes False as the ticket id)
             'failed_when': "'Traceback' in out.stderr or 'SoftLayerAPIError' in out.stderr",
             'ansible.builtin.command': {'argv': slcli + [
                 'ticket', 'create', '--title', title, '--subject-id', str(HARDWARE_ISSUE),
                 '--body', FLEET_BODY, '--hardware', '{{ inventory_hostname }}']}}]),
        ('2: same evidence, nothing to do', [
            {'name': 'slcli', 'when': failed_hosts, 'register': 'out', 'delegate_to': 'localhost',
             'changed_when': False, 'ansible.builtin.command': {'argv': slcli + find}}]),
        ('3: new evidence on %d servers' % evidence, [
            {'name': 'find', 'when': 'inventory_hostname in broken[:%d]' % evidence, 'register': 'found',
             'delegate_to': 'localhost', 'changed_when': False, 'ansible.builtin.command': {'argv': slcli + find}},
            {'name': 'slcli', 'when': 'inventory_hostname in broken[:%d]' % evidence, 'delegate_to': 'localhost',
             'register': 'out', 'ansible.builtin.command': {'argv': slcli + [
                 'ticket', 'update', '{{ (found.stdout | from_json | first).id }}',
                 '--body', NEW_EVIDENCE.strip()]}}]),
    ]
    for label, tasks in scripts:
        measured = fleet_measure(emulator, workdir, [dict(common, tasks=read_reports + tasks + say)], extra, 'slcli',
                                 rate_limit)
        measured['duplicates'], measured['tickets'], _ids = fleet_duplicates(emulator, slcli=True)
        measured.update(side='slcli', step=label)
        figures.append(measured)
        print('  slcli run %s: %.1f s, %d calls' % (label, measured['seconds'], measured['calls']), flush=True)
    for item in figures:
        rows.append('| %s | %s | %.1f | %.1f | %s | %d | %d | %d | %d | %d | %d | %d | %s |' % (
            item['side'], item['step'], item['seconds'], item['ideal'],
            '%.2fx' % (item['seconds'] / item['ideal']) if item['ideal'] else '-',
            item['calls'], item['limited'], item['retries'], len(item['failed']), item['created'], item['changed'],
            item['duplicates'], item['peak_mb']))
    mine = [f for f in figures if f['side'] == 'sl_ticket']
    alone = next(f['seconds'] for f in figures if f['side'] == 'controller alone')
    worst = max(f['seconds'] / max(f['ideal'], 0.001) for f in mine)
    beyond = max((f['seconds'] - alone) / max(f['ideal'], 0.001) for f in mine)
    target('fleet: failed hosts over three runs', '0', '%d' % sum(len(f['failed']) for f in mine),
           not any(f['failed'] for f in mine))
    target('fleet: duplicate tickets or updates', '0', '%d' % mine[-1]['duplicates'], mine[-1]['duplicates'] == 0)
    target('fleet: tickets opened, changed', '%d, 0, %d' % (failed, evidence),
           '%d, %d, %d' % (mine[0]['created'], mine[1]['changed'], mine[2]['changed']),
           (mine[0]['created'], mine[1]['changed'], mine[2]['changed']) == (failed, 0, evidence))
    ceiling = goal['wall_vs_ideal']
    target('fleet: wall time vs ideal (calls at %d/s), worst run' % rate_limit, '<= %.1fx' % ceiling, '%.2fx' % worst,
           worst <= ceiling, 'the controller and %d module processes share %s CPUs with the emulator' % (
               forks, os.cpu_count()))
    target('fleet: wall time above the controller alone vs ideal, worst run', '<= %.1fx' % ceiling, '%.2fx' % beyond,
           beyond <= ceiling, 'the play without API calls took %.1f s' % alone)
    text = '\n'.join([
        '### Scenario 5: a fleet under the rate limit (%d hosts, %d failed disks, forks %d, %d ms, %d requests/s)'
        % (hosts, failed, forks, latency, rate_limit), '',
        'examples/hardware_failure.yml as it is, three times; the same play with no failed disk (the controller '
        'alone, no API call); then the same play with the API task scripting slcli. "ideal" is the '
        'run\'s API calls at %d per second. "retries" is the sum of the modules\' `retries`. "failed" counts hosts '
        'with a failed task. Peak MB is the largest RSS of the ansible-playbook process tree.' % rate_limit, '',
        '| side | run | wall s | ideal s | wall/ideal | calls | rate-limited | retries | failed hosts | opened '
        '| changed | duplicates | peak MB |',
        '|---|---|---|---|---|---|---|---|---|---|---|---|---|'] + rows)
    return [], text


# ------------------------------------------------------------------------------------------------
# scenario 6: the sl_inventory plugin (benchmarks/inventory.py, also run alone by scripts/bench --inventory)


def scenario_inventory_plugin(scenario, emulator, workdir, settings):
    """Every host's open tickets from the sl_inventory plugin against group_by_host, on the 10,000-ticket account."""
    # inventory.py imports this file as ``run``: let it find this very module, not a second copy.
    sys.modules.setdefault('run', sys.modules[__name__])
    import inventory  # pylint: disable=import-outside-toplevel
    return inventory.measure(emulator, workdir, settings.latencies, settings.reps, settings.play_reps,
                             forks=scenario.forks)


# ------------------------------------------------------------------------------------------------
# the scenarios


def big_account():
    path = os.path.join(OUT, 'account-10000-tickets-1000-devices.json')
    if not os.path.exists(path):
        os.makedirs(OUT, exist_ok=True)
        subprocess.run([sys.executable, '-m', 'sl_emulator', 'generate', '--tickets', '10000', '--devices', '1000',
                        '--seed', '1', '-o', path], check=True, env=dict(os.environ, PYTHONPATH=EMULATOR_DIR))
    return path


# The emulator's seed file of each account (None: the bundled demo seed).
ACCOUNTS = {
    'demo': lambda settings: None,
    '10,000 tickets': lambda settings: big_account(),
    'fleet': lambda settings: fleet_account(settings.fleet[0]),
}


@dataclasses.dataclass(frozen=True)
class Scenario:
    """One row of SCENARIOS. ``latency_ms`` None: each of --latencies; ``targets``: the goals the run is judged by."""

    number: int
    name: str
    account: str                # a key of ACCOUNTS; scenarios on one account run back to back on one emulator
    hosts: int
    faults: str                 # what the emulator injects
    forks: int
    rate_limit: int             # requests per second per user; 0: off
    latency_ms: int | None
    measures: str
    targets: dict
    run: collections.abc.Callable
    default: bool = True        # part of a run without --scenarios
    extra: dict = dataclasses.field(default_factory=dict)


# Every scenario, in the order they run. main() iterates this table; --scenarios picks rows by number.
SCENARIOS = (
    Scenario(1, 'hardware failure', 'demo', hosts=1, faults='none', forks=1, rate_limit=0, latency_ms=None,
             measures='open a ticket + attach the server, re-run with nothing new, re-run with new evidence: '
                      'the module process against slcli processes, and the whole play against a play running slcli',
             targets={'module_vs_slcli': 0.80, 'play_vs_slcli': 1.00, 'rerun_calls': 2},
             run=scenario_hardware_failure),
    Scenario(4, 'floor', 'demo', hosts=1, faults='none', forks=1, rate_limit=0, latency_ms=0,
             measures='a module run against a bare python -c "import SoftLayer" process',
             targets={'module_vs_import': 1.20}, run=scenario_floor),
    Scenario(5, 'fleet under the rate limit', 'fleet', hosts=500, faults='rate-limit refusals', forks=50,
             rate_limit=50, latency_ms=100,
             measures='examples/hardware_failure.yml three times (open, nothing new, new evidence) against the '
                      'same play scripting slcli: wall time against the ideal at the rate limit, duplicates',
             targets={'wall_vs_ideal': 1.5}, run=scenario_fleet, default=False,
             extra={'failed': 100, 'evidence': 10}),
    Scenario(3, 'filtered query on 10,000 tickets', '10,000 tickets', hosts=1, faults='none', forks=1, rate_limit=0,
             latency_ms=None, measures="one host's open tickets: a server-side filter against slcli's full list",
             targets={'fewer_bytes': 100}, run=scenario_filtered_query),
    Scenario(2, 'open-ticket facts for 500 hosts', '10,000 tickets', hosts=500, faults='none', forks=10,
             rate_limit=0, latency_ms=None,
             measures='every host\'s open tickets: group_by_host once against sl_ticket_info or slcli per host',
             targets={'fewer_calls': 50}, run=scenario_inventory),
    Scenario(6, 'sl_inventory plugin', '10,000 tickets', hosts=1000, faults='none', forks=10, rate_limit=0,
             latency_ms=None,
             measures='every host\'s open tickets: the sl_inventory plugin (ansible-inventory --list, and a play '
                      'over it) against group_by_host (the module process, and a run_once play)',
             targets={}, run=scenario_inventory_plugin, default=False),
)
SCENARIO_BY_NUMBER = {scenario.number: scenario for scenario in SCENARIOS}
FLEET = SCENARIO_BY_NUMBER[5]


# How each target reads in --help.
TARGET_TEXT = {
    'module_vs_slcli': 'module process <= {}x slcli',
    'play_vs_slcli': 'whole play <= {}x slcli',
    'rerun_calls': 're-run <= {} calls',
    'module_vs_import': 'module run <= {}x import SoftLayer',
    'wall_vs_ideal': 'wall time <= {}x calls at the rate limit',
    'fewer_bytes': '>= {}x fewer bytes than slcli',
    'fewer_calls': '>= {}x fewer calls than per host',
}


def scenario_table():
    """SCENARIOS as a text table, for --help."""
    header = ('#', 'scenario', 'account', 'hosts', 'forks', 'rate limit', 'faults', 'latency')
    rows = []
    for item in sorted(SCENARIOS, key=lambda row: row.number):
        rows.append(('%d%s' % (item.number, '*' if item.default else ''), item.name, item.account, str(item.hosts),
                     str(item.forks), '%d/s' % item.rate_limit if item.rate_limit else 'off', item.faults,
                     '%d ms' % item.latency_ms if item.latency_ms is not None else '--latencies'))
    widths = [max(len(row[column]) for row in rows + [header]) for column in range(len(header))]
    lines = ['scenarios (* runs without --scenarios):', '']
    for row in [header] + rows:
        lines.append('  ' + '  '.join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
    lines += ['', 'what each measures, and its targets:', '']
    for item in sorted(SCENARIOS, key=lambda row: row.number):
        goals = '; '.join(TARGET_TEXT[name].format(value) for name, value in item.targets.items()) or 'none'
        lines.append('  %d  %s. Targets: %s.' % (item.number, item.measures, goals))
    return '\n'.join(lines)


class Settings:
    """The run's options, as the scenarios read them."""

    def __init__(self, options):
        self.reps = options.reps or (3 if options.quick else 7)
        self.play_reps = options.play_reps or (2 if options.quick else 5)
        self.sample = options.hosts_sample or (10 if options.quick else 50)
        self.floor_reps = max(self.reps, 5 if options.quick else 15)
        self.alone_reps = 1 if options.quick else 3
        self.latencies = [int(x) for x in options.latencies.split(',') if x.strip()]
        # scenario 5: hosts, failed disks, forks, latency ms, servers with new evidence
        self.fleet = tuple(int(x) for x in options.fleet.split(','))


def run_scenarios(selected, workdir, settings):
    """Run the selected rows of SCENARIOS in table order, one emulator per account; (series, texts)."""
    all_series, texts = [], []
    emulator, account = None, None
    try:
        for scenario in selected:
            if scenario.account != account:
                if emulator is not None:
                    emulator.stop()
                    emulator = None
                emulator = Emulator(workdir, seed_file=ACCOUNTS[scenario.account](settings))
                account = scenario.account
            print('scenario %d: %s ...' % (scenario.number, scenario.name), flush=True)
            series, text = scenario.run(scenario, emulator, workdir, settings)
            all_series += series
            texts.append(text)
            print(text + '\n', flush=True)
    finally:
        if emulator is not None:
            emulator.stop()
    return all_series, texts


def machine():
    load = os.getloadavg() if hasattr(os, 'getloadavg') else (0, 0, 0)
    return {'cpus': os.cpu_count(), 'python': platform.python_version(), 'platform': platform.platform(),
            'load_at_start': [round(x, 2) for x in load]}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n', maxsplit=1)[0], epilog=scenario_table(),
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--quick', action='store_true', help='fewer repetitions and a smaller host sample')
    by_default = sorted(s.number for s in SCENARIOS if s.default)
    parser.add_argument('--scenarios', default=','.join(str(n) for n in by_default),
                        help='comma-separated scenario numbers (default: %(default)s)')
    parser.add_argument('--latencies', default='0,100', help='injected latencies in ms, comma-separated')
    parser.add_argument('--reps', type=int, help='repetitions of module and slcli processes')
    parser.add_argument('--play-reps', type=int, help='repetitions of whole plays')
    parser.add_argument('--hosts-sample', type=int, help='hosts the per-host variants of scenario 2 really run on')
    fleet = (FLEET.hosts, FLEET.extra['failed'], FLEET.forks, FLEET.latency_ms, FLEET.extra['evidence'])
    parser.add_argument('--fleet', default=','.join(str(n) for n in fleet),
                        help='scenario 5: hosts,failed disks,forks,latency ms,servers with new evidence')
    options = parser.parse_args(argv)
    settings = Settings(options)
    numbers = {int(s) for s in options.scenarios.split(',') if s.strip()}
    unknown = numbers - set(SCENARIO_BY_NUMBER)
    if unknown:
        parser.error('no scenario %s (see --help)' % ', '.join(str(n) for n in sorted(unknown)))
    if not os.path.isdir(os.path.join(COLLECTIONS, 'ansible_collections', 'softlayer', 'support')):
        parser.error('the collection is not at %s: run scripts/bench (it sets up the tool venv)' % COLLECTIONS)
    os.makedirs(OUT, exist_ok=True)
    start_spawner()   # while this process is still small (see SPAWNER)
    started = time.monotonic()
    info = machine()
    print('softlayer.support benchmarks: %s CPUs, Python %s, load %s; reps %d, play reps %d, host sample %d' % (
        info['cpus'], info['python'], info['load_at_start'], settings.reps, settings.play_reps, settings.sample),
        flush=True)
    workdir = tempfile.mkdtemp(prefix='sl-bench-')
    try:
        all_series, texts = run_scenarios([s for s in SCENARIOS if s.number in numbers], workdir, settings)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        spawner = start_spawner()
        spawner.stdin.close()
        spawner.wait()
    lines = ['### Targets', '', '| target | goal | measured | status |', '|---|---|---|---|']
    for item in TARGETS:
        status = 'met' if item['met'] else 'MISSED'
        lines.append('| %s | %s | %s | %s |' % (item['target'], item['goal'], item['measured'], status))
    targets = '\n'.join(lines)
    print(targets)
    elapsed = time.monotonic() - started
    print('\n(%.0f s)' % elapsed)
    info['load_at_end'] = [round(x, 2) for x in os.getloadavg()]
    document = {'machine': info, 'options': {'quick': options.quick, 'reps': settings.reps,
                                             'play_reps': settings.play_reps, 'hosts_sample': settings.sample,
                                             'latencies': settings.latencies},
                'seconds': round(elapsed), 'series': [s.summary() for s in all_series], 'targets': TARGETS}
    with open(os.path.join(OUT, 'results.json'), 'w', encoding='utf-8') as handle:
        json.dump(document, handle, indent=2)
    with open(os.path.join(OUT, 'results.md'), 'w', encoding='utf-8') as handle:
        handle.write('\n\n'.join(texts + [targets]) + '\n')
    print('written to %s/results.json and results.md' % os.path.relpath(OUT, ROOT))
    return 0


if __name__ == '__main__':
    sys.exit(main())
