# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every scenario runs on: the emulator, measured child processes, module runs, slcli runs, whole plays.

How the module process is timed: the module file runs as its own process,
``python -m ansible_collections.softlayer.support.plugins.modules.<module> args.json``,
which is what Ansible executes on the target once it has unpacked the AnsiballZ
payload: the same interpreter, imports, argument parsing, API calls and JSON
result, without the controller's work (templating, packaging, forking). That is the
process a user compares with an ``slcli`` process. Whole plays are timed separately
(ansible-playbook wall time, controller included) against the same plays calling
``slcli`` through ``ansible.builtin.command``.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
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
RATE_LIMIT_FAULT = 'SoftLayer_Exception_WebService_RateLimitExceeded'
HARDWARE_FAILURE_PLAY = os.path.join(ROOT, 'examples', 'hardware_failure.yml')


class Run:
    """One finished child process: wall time, exit status, output, peak memory, API use."""

    def __init__(self, seconds, rc, stdout, stderr, maxrss_kb, calls=None, request_bytes=0, response_bytes=0,
                 cpu_s=None):
        self.seconds = seconds
        self.cpu_s = cpu_s
        self.rc = rc
        self.stdout = stdout
        self.stderr = stderr
        self.maxrss_kb = maxrss_kb
        self.calls = calls
        self.request_bytes = request_bytes
        self.response_bytes = response_bytes


# Measured processes are started by this small helper, not by the benchmark process itself: a child
# started with vfork + exec inherits its parent's peak RSS in ru_maxrss, and the benchmark grows (it
# parses multi-MB results) while the helper stays at about 10 MB. The helper also does the timing
# (fork to exit).
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
    sys.stdout.write(json.dumps({'rc': child.returncode, 'seconds': seconds, 'maxrss': usage.ru_maxrss,
                                 'cpu': usage.ru_utime + usage.ru_stime}) + '\n')
    sys.stdout.flush()
"""
_SPAWNER = []


def start_spawner():
    """The spawner, started on first use: start it while this process is still small (see SPAWNER)."""
    if not _SPAWNER:
        _SPAWNER.append(subprocess.Popen([sys.executable, '-c', SPAWNER], stdin=subprocess.PIPE,  # pylint: disable=consider-using-with
                                         stdout=subprocess.PIPE, text=True))
    return _SPAWNER[0]


def stop_spawner():
    spawner = start_spawner()
    spawner.stdin.close()
    spawner.wait()


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
    return Run(answer['seconds'], answer['rc'], stdout, stderr, answer['maxrss'], cpu_s=answer['cpu'])


def titled(ticket, title):
    """Whether ``ticket`` has ``title``, as given or as the server stores it (``<subject name> - <title>``)."""
    stored = ticket.get('title') or ''
    return stored == title or stored.endswith(' - ' + title)


class Emulator(EmulatorProcess):
    """A benchmark emulator: state in memory, no rate limit, and an SDK config file pointing at it."""

    admin_timeout = 120  # the state of a 10,000-ticket account is large

    # Whether emulators serve https, as the real endpoint does (runner's --https).
    https = False

    def __init__(self, workdir, seed_file=None):
        seed = ['--seed-file', seed_file] if seed_file else []
        super().__init__(tempfile.mkdtemp(prefix='emulator-', dir=workdir), '--rate-limit', '0', *seed, persist=False,
                         tls=self.https)
        self.start(timeout=60)
        self.endpoint_url = self.endpoint('xmlrpc')
        self.config_file = os.path.join(self.workdir, 'softlayer.conf')
        with open(self.config_file, 'w', encoding='utf-8') as handle:
            handle.write('[softlayer]\nusername = %s\napi_key = %s\nendpoint_url = %s\ntimeout = 60\n' % (
                USERNAME, API_KEY, self.endpoint_url))
            if self.ca_file:
                handle.write('verify = %s\n' % self.ca_file)

    # Round trips a new connection costs before its first answer (runner's --connect-round-trips).
    connect_round_trips = 0

    def latency(self, milliseconds, connections_cost=True):
        """Each call waits ``milliseconds``; each new connection ``connect_round_trips`` times that, unless not wanted."""
        connect = milliseconds * self.connect_round_trips if connections_cost else 0
        self.admin('config', {'latency_ms': milliseconds, 'connect_latency_ms': connect}, method='POST')

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
    if emulator.ca_file:
        # The module's option, and for slcli requests' own variable (it wins over the SDK config's verify path).
        env['SL_CA_BUNDLE'] = env['REQUESTS_CA_BUNDLE'] = emulator.ca_file
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


def machine():
    load = os.getloadavg() if hasattr(os, 'getloadavg') else (0, 0, 0)
    return {'cpus': os.cpu_count(), 'python': platform.python_version(), 'platform': platform.platform(),
            'load_at_start': [round(x, 2) for x in load]}


def collection_staged():
    return os.path.isdir(os.path.join(COLLECTIONS, 'ansible_collections', 'softlayer', 'support'))
