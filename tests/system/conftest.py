"""System tests: real ansible-playbook runs against a real emulator process, one per test.

Each test gets a fresh emulator (own port, own state file) and asserts on what the
emulator recorded (its state and call log), not only on what the modules said.

Every ansible-playbook run goes through ``run_playbook`` / ``start_playbook``, which
scans its whole output for the API key (and the other forms the credentials could
take) and fails the test on a leak, so the secrets check covers every test.

The suite counts what it did (plays run, faults served, inputs tried, duplicates
found, outputs scanned) and prints the figures at the end of the session; they are
also written to ``.build/system-figures.json`` for the reliability page (docs/docsite/rst/reliability.rst shows it from docs/data/system-figures.json).
"""

import base64
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
EMULATOR_DIR = os.path.join(ROOT, 'tests', 'emulator')
if EMULATOR_DIR not in sys.path:
    sys.path.insert(0, EMULATOR_DIR)

from sl_emulator import seed_credentials  # noqa: E402  pylint: disable=wrong-import-position
from sl_emulator.process import EmulatorProcess  # noqa: E402  pylint: disable=wrong-import-position
BUILD = os.path.join(ROOT, '.build')
COLLECTIONS = os.path.join(BUILD, 'collections')
CALLBACK_PLUGINS = os.path.join(ROOT, 'tests', 'system', 'callback_plugins')
ACTION_PLUGINS = os.path.join(ROOT, 'tests', 'system', 'action_plugins')
FIGURES_FILE = os.path.join(BUILD, 'system-figures.json')
# The seeded API users (the emulator's seed is the one place their keys are written).
DEMO_USER, SECOND_USER = seed_credentials()[:2]
USERNAME, API_KEY = DEMO_USER['username'], DEMO_USER['api_key']
SECOND_USERNAME, SECOND_API_KEY = SECOND_USER['username'], SECOND_USER['api_key']
# Every form in which a key could leak: as is, in HTTP basic auth, and in the XML-RPC body.
SECRETS = [
    API_KEY, SECOND_API_KEY,
    base64.b64encode(('%s:%s' % (USERNAME, API_KEY)).encode()).decode(),
    base64.b64encode(('%s:%s' % (SECOND_USERNAME, SECOND_API_KEY)).encode()).decode(),
] + [user['ibm_cloud_api_key'] for user in (DEMO_USER, SECOND_USER) if user['ibm_cloud_api_key']]  # the case modules' key
IBM_CLOUD_API_KEY = DEMO_USER['ibm_cloud_api_key']
WRITE_METHODS = ('createStandardTicket', 'addUpdate', 'addAttachedHardware', 'addAttachedVirtualGuest',
                 'addAttachedFile', 'updateAttachedAdditionalEmails')
SEED_TICKETS = 7
DUPLICATE_NOTE_LABEL = 'Ansible softlayer.support.sl_ticket duplicate of ticket'


# ---------------------------------------------------------------------------------------------
# figures


class Figures:
    """Counters of one test process; merged across xdist workers at the end of the session."""

    def __init__(self):
        self.counts = collections.Counter()
        self.lists = collections.defaultdict(list)

    def add(self, name, amount=1):
        self.counts[name] += amount

    def note(self, name, value):
        self.lists[name].append(value)

    def dump(self):
        return {'counts': dict(self.counts), 'lists': dict(self.lists)}


FIGURES = Figures()
FIGURE_LABELS = (
    ('playbook_runs', 'ansible-playbook runs'),
    ('module_tasks', 'module task results checked'),
    ('fault_scenarios', 'fault scenarios'),
    ('faults_served', 'faults served by the emulator (call log)'),
    ('emulator_kills', 'emulator kill -9 + restarts'),
    ('write_attempts_checked', 'write calls checked against their retry bound'),
    ('concurrent_runs', 'concurrent module runs'),
    ('rate_limited_calls', 'calls refused by the 50/s rate limit (then retried)'),
    ('bad_inputs', 'bad inputs tried'),
    ('outputs_scanned', 'outputs scanned for the API key'),
    ('secret_leaks', 'API key leaks found'),
    ('other_secret_leaks', 'other secrets (proxy password) found in output'),
    ('duplicates_found', 'duplicate tickets or updates found'),
)


# Rough seconds per test on the 2-core machine, to start the longest first (xdist hands tests out in order).
EXPECTED_SECONDS = {
    'test_twenty_playbook_processes_at_once': 60, 'test_bad_input_is_refused_clearly_without_writing[sl_ticket]': 55,
    'test_persistent_faults_fail_clearly_within_the_retry_bound': 50,
    'test_bad_input_is_refused_clearly_without_writing[sl_ticket_info]': 40,
    'test_one_play_with_twenty_forks': 25, 'test_controllers_without_shared_locks_end_on_one_ticket': 30,
    'test_transient_fault_on_every_write_path[drop-xmlrpc]': 50,
    'test_transient_fault_on_every_write_path[drop-rest]': 50,
    'test_transient_fault_on_every_write_path[timeout-xmlrpc]': 35,
    'test_transient_fault_on_every_write_path[timeout-rest]': 35,
    'test_transient_fault_on_every_write_path[timeout_after_commit-xmlrpc]': 25,
    'test_transient_fault_on_every_write_path[timeout_after_commit-rest]': 25,
    'test_a_hung_read_is_retried_counted_and_ends_within_the_documented_bound[xmlrpc]': 25,
    'test_a_hung_read_is_retried_counted_and_ends_within_the_documented_bound[rest]': 25,
    'test_emulator_killed_during_every_write_and_between_tasks': 20,
}


def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: -EXPECTED_SECONDS.get(item.name, 10))


def _figures_dir():
    return os.environ.get('SL_SYSTEM_FIGURES_DIR')


def pytest_configure(config):
    if not hasattr(config, 'workerinput'):   # the controller (or a run without xdist)
        directory = tempfile.mkdtemp(prefix='sl-system-figures-')
        os.environ['SL_SYSTEM_FIGURES_DIR'] = directory
        config._sl_figures_dir = directory  # pylint: disable=protected-access
        config._sl_started = time.monotonic()  # pylint: disable=protected-access


def pytest_sessionfinish(session):
    directory = _figures_dir()
    if directory and os.path.isdir(directory):
        name = getattr(session.config, 'workerinput', {}).get('workerid', 'main')
        with open(os.path.join(directory, '%s-%d.json' % (name, os.getpid())), 'w', encoding='utf-8') as handle:
            json.dump(FIGURES.dump(), handle)


def pytest_unconfigure(config):
    directory = getattr(config, '_sl_figures_dir', None)
    if directory:
        shutil.rmtree(directory, ignore_errors=True)


def _merged_figures(directory):
    counts = collections.Counter()
    lists = collections.defaultdict(list)
    for name in sorted(os.listdir(directory)):
        with open(os.path.join(directory, name), encoding='utf-8') as handle:
            document = json.load(handle)
        counts.update(document['counts'])
        for key, values in document['lists'].items():
            lists[key].extend(values)
    return counts, lists


def pytest_terminal_summary(terminalreporter, config):
    directory = getattr(config, '_sl_figures_dir', None)
    if not directory or not os.path.isdir(directory):
        return
    counts, lists = _merged_figures(directory)
    if not counts:
        return
    elapsed = time.monotonic() - config._sl_started  # pylint: disable=protected-access
    outcome = {key: len(terminalreporter.stats.get(key, [])) for key in ('passed', 'failed', 'error', 'skipped')}
    terminalreporter.section('softlayer.support system figures')
    for key, label in FIGURE_LABELS:
        terminalreporter.write_line('%-58s %6d' % (label, counts.get(key, 0)))
    for key, values in sorted(lists.items()):
        terminalreporter.write_line('%s: %s' % (key, ', '.join(str(v) for v in values)))
    figures = {
        'counts': {key: counts.get(key, 0) for key, _label in FIGURE_LABELS},
        'details': dict(lists),
        'tests': outcome,
        'seconds': round(elapsed, 1),
    }
    try:
        os.makedirs(BUILD, exist_ok=True)
        with open(FIGURES_FILE, 'w', encoding='utf-8') as handle:
            json.dump(figures, handle, indent=2, sort_keys=True)
        terminalreporter.write_line('(written to %s)' % os.path.relpath(FIGURES_FILE, ROOT))
    except OSError:
        pass


# ---------------------------------------------------------------------------------------------
# the emulator


class Emulator(EmulatorProcess):
    """One emulator process and its admin API, counting the faults it served and the kills."""

    def __init__(self, workdir, *serve_args, tls=False):
        super().__init__(workdir, *serve_args, tls=tls)
        self.faults_seen = 0

    @property
    def xmlrpc_url(self):
        return self.endpoint('xmlrpc')

    @property
    def rest_url(self):
        return self.endpoint('rest')

    def stop(self, kill=False):
        if not kill and self.process is not None and self.process.poll() is None:
            self._count_faults()
        super().stop(kill=kill)

    def restart(self, kill=True):
        if kill:
            FIGURES.add('emulator_kills')
        return super().restart(kill=kill)

    def _count_faults(self):
        try:
            self.faults_seen += sum(1 for call in self.calls() if call.get('injected'))
        except (OSError, ValueError):
            pass

    def writes(self, calls=None):
        return [c for c in (self.calls() if calls is None else calls) if c.get('write')]

    def state(self):
        return self.admin('state')

    def inject(self, *rules):
        return self.admin('faults', list(rules), method='POST')

    def clear_faults(self):
        return self.admin('faults', method='DELETE')

    def configure(self, **settings):
        return self.admin('config', settings, method='POST')

    def clear_calls(self):
        return self.admin('calls', method='DELETE')

    # -- views of the state -----------------------------------------------------------------

    def tickets(self, title=None, state=None):
        """The tickets opened with ``title``: stored as given or, by default, as '<subject name> - <title>'."""
        state = state or self.state()
        return [t for t in state['tickets']
                if title is None or t.get('title') == title or (t.get('title') or '').endswith(' - ' + title)]

    def new_tickets(self, state=None):
        state = state or self.state()
        return [t for t in state['tickets'] if t['id'] > 148350000 + SEED_TICKETS]

    def ticket_view(self, ticket_id, state=None):
        """One ticket with its updates, devices, files and e-mails, as plain lists."""
        state = state or self.state()
        ticket = next(t for t in state['tickets'] if t['id'] == ticket_id)
        return {
            'ticket': ticket,
            'updates': [u['entry'] for u in state['updates'] if u['ticketId'] == ticket_id],
            'hardware': sorted(a['hardwareId'] for a in state['attachedHardware'] if a['ticketId'] == ticket_id),
            'guests': sorted(a['virtualGuestId'] for a in state['attachedVirtualGuests']
                             if a['ticketId'] == ticket_id),
            'files': sorted(f['fileName'] for f in state['attachedFiles'] if f['ticketId'] == ticket_id),
            'emails': sorted(e['email'] for e in state['additionalEmails'] if e['ticketId'] == ticket_id),
        }


def count_duplicates(state):
    """Extra tickets sharing a title among the open ones, plus repeated update texts on one ticket."""
    duplicates = 0
    # A ticket sl_ticket marked as the duplicate of an older one (several controllers) is accounted for.
    marked = {u['ticketId'] for u in state['updates'] if DUPLICATE_NOTE_LABEL in (u.get('entry') or '')}
    titles = collections.Counter(t.get('title') for t in state['tickets']
                                 if t.get('statusId') != 1002 and t['id'] not in marked)
    duplicates += sum(n - 1 for n in titles.values() if n > 1)
    entries = collections.Counter((u['ticketId'], u['entry']) for u in state['updates'])
    duplicates += sum(n - 1 for n in entries.values() if n > 1)
    for table, key in (('attachedHardware', 'hardwareId'), ('attachedVirtualGuests', 'virtualGuestId'),
                       ('attachedFiles', 'fileName')):
        pairs = collections.Counter((row['ticketId'], row[key]) for row in state[table])
        duplicates += sum(n - 1 for n in pairs.values() if n > 1)
    return duplicates


@pytest.fixture
def emulator(request):
    """A fresh emulator process; its work directory (plays, outputs, state) is kept when SL_SYSTEM_KEEP is set."""
    yield from _emulator(request, tls=False)


@pytest.fixture
def tls_emulator(request):
    """As ``emulator``, serving https as the real endpoint does; plays trust its CA through SL_CA_BUNDLE.

    Over https the SDK's requests session is the one users get (the SDK mounts its own retries on
    https:// only), so fault and timeout tests use this one.
    """
    yield from _emulator(request, tls=True)


def _emulator(request, tls):
    workdir = tempfile.mkdtemp(prefix='sl-emulator-')
    instance = Emulator(workdir, tls=tls).start()
    try:
        yield instance
        # Duplicates on the account after any test count against the suite, whatever the test asserted.
        if instance.process and instance.process.poll() is None:
            found = count_duplicates(instance.state())
            FIGURES.add('duplicates_found', found)
            if found:
                FIGURES.note('duplicates', '%s: %d' % (request.node.name, found))
    finally:
        instance.stop()
        FIGURES.add('faults_served', instance.faults_seen)
        if os.environ.get('SL_SYSTEM_KEEP'):
            sys.stderr.write('\nkept %s\n' % workdir)
        else:
            shutil.rmtree(workdir, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# ansible-playbook


def ensure_collection_tree():
    """The ANSIBLE_COLLECTIONS_PATH tree scripts/lib.sh makes, in case pytest runs on its own."""
    link = os.path.join(COLLECTIONS, 'ansible_collections', 'softlayer', 'support')
    if not os.path.islink(link):
        os.makedirs(os.path.dirname(link), exist_ok=True)
        try:
            os.symlink(ROOT, link)
        except FileExistsError:
            pass


class PlayResult:
    def __init__(self, returncode, stdout, stderr, playbook, seconds):
        self.rc = returncode
        self.stdout = stdout
        self.stderr = stderr
        self.playbook = playbook
        self.seconds = seconds

    @property
    def output(self):
        return self.stdout + self.stderr

    def document(self):
        try:
            return json.loads(self.stdout)
        except ValueError:
            raise AssertionError('not json callback output (rc=%s):\n%s\n%s' % (
                self.rc, self.stdout[-3000:], self.stderr[-3000:])) from None

    def results(self, task_name, host='localhost'):
        """The result of ``task_name`` on ``host``, from the sl_results stdout callback (``json_output=True``)."""
        for play in self.document()['plays']:
            for task in play['tasks']:
                if task['task']['name'] == task_name and host in task['hosts']:
                    FIGURES.add('module_tasks')
                    return task['hosts'][host]
        raise KeyError('no result for task %r on %s' % (task_name, host))

    def durations(self):
        """[(task name, seconds)] in the order the tasks ran."""
        return [(task['task']['name'], task['task'].get('seconds'))
                for play in self.document()['plays'] for task in play['tasks']]

    def all_results(self, task_name):
        """{host: result} of ``task_name`` for every host it ran on."""
        for play in self.document()['plays']:
            for task in play['tasks']:
                if task['task']['name'] == task_name:
                    FIGURES.add('module_tasks', len(task['hosts']))
                    return task['hosts']
        raise KeyError('no result for task %r' % task_name)


def check_secrets(text, where='output'):
    """Fail (and count) if any form of an API key is in ``text``."""
    FIGURES.add('outputs_scanned')
    leaked = [secret[:6] + '...' for secret in SECRETS if secret in text]
    if leaked:
        FIGURES.add('secret_leaks', len(leaked))
        raise AssertionError('an API key (%s) appears in the %s' % (', '.join(leaked), where))


def _playbook_env(emulator, env, json_output):
    ensure_collection_tree()
    run_env = dict(os.environ)
    run_env.update({
        'ANSIBLE_COLLECTIONS_PATH': COLLECTIONS,
        'ANSIBLE_NOCOLOR': '1',
        'ANSIBLE_FORCE_COLOR': '0',
        'ANSIBLE_RETRY_FILES_ENABLED': '0',
        'ANSIBLE_LOCALHOST_WARNING': '0',
        'ANSIBLE_INVENTORY_UNPARSED_WARNING': '0',
        'ANSIBLE_DEPRECATION_WARNINGS': '0',
        'SL_USERNAME': USERNAME,
        'SL_API_KEY': API_KEY,
        'SL_ENDPOINT_URL': emulator.xmlrpc_url,
        'ANSIBLE_ACTION_PLUGINS': ACTION_PLUGINS,
        # Every playbook starts as a fresh controller: sl_ticket's look-up cache empty, then its own.
        'SL_CACHE_DIR': tempfile.mkdtemp(prefix='sl-lookups-', dir=emulator.workdir),
    })
    if emulator.ca_file:
        run_env['SL_CA_BUNDLE'] = emulator.ca_file
    else:
        run_env.pop('SL_CA_BUNDLE', None)
    if json_output:
        run_env['ANSIBLE_CALLBACK_PLUGINS'] = CALLBACK_PLUGINS
        run_env['ANSIBLE_STDOUT_CALLBACK'] = 'sl_results'
    else:
        run_env.pop('ANSIBLE_STDOUT_CALLBACK', None)
    for key, value in (env or {}).items():
        if value is None:
            run_env.pop(key, None)
        else:
            run_env[key] = value
    return run_env


def write_playbook(emulator, playbook):
    """Write ``playbook`` (YAML text, or a list of plays dumped as JSON, which is YAML) to a fresh file."""
    workdir = tempfile.mkdtemp(prefix='sl-play-', dir=emulator.workdir)
    path = os.path.join(workdir, 'play.yml')
    text = playbook if isinstance(playbook, str) else json.dumps(playbook, ensure_ascii=False, indent=1)
    with open(path, 'w', encoding='utf-8') as handle:
        handle.write(text)
    return path


class RunningPlay:
    """An ansible-playbook process started in the background (see ``start_playbook``)."""

    def __init__(self, process, playbook, stdout_path, stderr_path):
        self.process = process
        self.playbook = playbook
        self.stdout_path = stdout_path
        self.stderr_path = stderr_path
        self.started = time.monotonic()

    def wait(self, timeout=600):
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise
        seconds = time.monotonic() - self.started
        with open(self.stdout_path, encoding='utf-8', errors='replace') as handle:
            stdout = handle.read()
        with open(self.stderr_path, encoding='utf-8', errors='replace') as handle:
            stderr = handle.read()
        check_secrets(stdout + stderr, 'output of %s' % self.playbook)
        return PlayResult(self.process.returncode, stdout, stderr, self.playbook, seconds)


def start_playbook(emulator, playbook, *extra_args, env=None, inventory=None, json_output=True):
    """Start ansible-playbook on ``playbook`` against ``emulator`` in the background."""
    path = write_playbook(emulator, playbook)
    command = [os.path.join(os.path.dirname(sys.executable), 'ansible-playbook'), path]
    if inventory:
        command += ['-i', inventory]
    command += list(extra_args)
    directory = os.path.dirname(path)
    stdout_path = os.path.join(directory, 'stdout')
    stderr_path = os.path.join(directory, 'stderr')
    FIGURES.add('playbook_runs')
    with open(stdout_path, 'wb') as stdout, open(stderr_path, 'wb') as stderr:
        process = subprocess.Popen(command, stdout=stdout, stderr=stderr,  # pylint: disable=consider-using-with
                                   env=_playbook_env(emulator, env, json_output), cwd=directory)
    return RunningPlay(process, path, stdout_path, stderr_path)


def run_at_once(emulator, playbooks, task_name, env=None, prefix='controller'):
    """Start every playbook at once, each with a temporary directory of its own (so their lock files never meet
    unless a play names a shared ``lock_dir``); wait for all, and return each one's result of ``task_name``."""
    running = []
    for n, playbook in enumerate(playbooks):
        tmpdir = tempfile.mkdtemp(prefix='%s-%d-' % (prefix, n), dir=emulator.workdir)
        running.append(start_playbook(emulator, playbook(tmpdir) if callable(playbook) else playbook,
                                      env=dict(env or {}, TMPDIR=tmpdir)))
    results = []
    for n, process in enumerate(running):
        outcome = process.wait(timeout=300)
        assert outcome.rc == 0, '%s %d: rc %s\n%s' % (prefix, n, outcome.rc, outcome.output[-3000:])
        results.append(outcome.results(task_name))
    return results


def run_playbook(emulator, playbook, *extra_args, env=None, timeout=600, inventory=None, json_output=True):
    """Run ansible-playbook on ``playbook`` against ``emulator``; return a PlayResult.

    ``playbook`` is YAML text or a list of plays (dumped as JSON). The output is
    checked for the API key whatever the test asserts.
    """
    return start_playbook(emulator, playbook, *extra_args, env=env, inventory=inventory,
                          json_output=json_output).wait(timeout=timeout)


def local_inventory(emulator, count, prefix='node'):
    """An inventory of ``count`` hosts that all run on this machine with the playbook's Python."""
    path = os.path.join(tempfile.mkdtemp(prefix='sl-inv-', dir=emulator.workdir), 'hosts.yml')
    hosts = {'%s%02d' % (prefix, index): {} for index in range(1, count + 1)}
    inventory = {'all': {'hosts': hosts, 'vars': {
        'ansible_connection': 'local', 'ansible_python_interpreter': sys.executable}}}
    with open(path, 'w', encoding='utf-8') as handle:
        json.dump(inventory, handle)
    return path


def play(*tasks, hosts='localhost', **keywords):
    """One play as data: ``play(task, ...)``."""
    document = {'hosts': hosts, 'gather_facts': False, 'tasks': list(tasks)}
    document.update(keywords)
    return [document]


def admin_task(emulator, name, path, payload, method='POST'):
    """A play task calling the emulator's admin API (to inject faults between two module tasks).

    It runs the action plugin tests/system/action_plugins/sl_emulator_admin.py on the controller.
    """
    args = {'url': emulator.url, 'path': path, 'method': method}
    if emulator.ca_file:
        args['ca_file'] = emulator.ca_file
    if payload is not None:
        args['body'] = payload
    return {'name': name, 'sl_emulator_admin': args}


def wait_until(predicate, timeout=30.0, interval=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError('condition not met within %s s' % timeout)


class Background(threading.Thread):
    """Run ``function`` in a thread; ``join_checked`` re-raises what it raised."""

    def __init__(self, function):
        super().__init__(daemon=True)
        self.function = function
        self.error = None

    def run(self):
        try:
            self.function()
        except BaseException as error:  # pylint: disable=broad-except
            self.error = error

    def join_checked(self, timeout=120):
        self.join(timeout)
        if self.is_alive():
            raise AssertionError('background helper still running after %s s' % timeout)
        if self.error is not None:
            raise self.error
