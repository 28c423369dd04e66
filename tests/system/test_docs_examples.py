"""Every example a user may copy runs: the modules' EXAMPLES and the guides' YAML blocks, against the emulator.

Each example is run with real ansible-playbook (or ansible-inventory for an inventory source) against a
fresh emulator: first with ``--check --diff``, which must write nothing, then for real. Then what the
tasks said is checked against what the emulator recorded: every ticket, update, device and file a
task returns is on the account, every ticket or case it read exists there, and check mode predicted
what the real run did (``changed``, ``created``, the updates). An example needs nothing but the
emulator connection (environment variables, as a user would set them) and what the ``SETUP`` table
below gives it, in the open: the hosts it runs on, variables the page says come from elsewhere, and
literal stand-ins for commands and paths of a real server.

Not every block in a guide is a playbook: a vars file, a ``requirements.yml``, an AWX credential type.
Such a block is marked in the page with an RST comment right above it::

    .. example: fragment (why it is not run)

and a module's EXAMPLES is always a task list (an inventory plugin's: its configuration). A block
that is neither marked nor recognised as a playbook, a task list or an inventory source fails the
collection test below, so nothing is left out without a word.
"""

import ast
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time

import pytest
import yaml

from conftest import (API_KEY, IBM_CLOUD_API_KEY, ROOT, SEED_TICKETS, USERNAME, Background, _playbook_env,
                      check_secrets, run_playbook)

GUIDES = sorted(glob.glob(os.path.join(ROOT, 'docs', 'docsite', 'rst', '*.rst')))
PLUGINS = sorted(glob.glob(os.path.join(ROOT, 'plugins', 'modules', '*.py'))
                 + glob.glob(os.path.join(ROOT, 'plugins', 'inventory', '*.py')))
YAML_BLOCK = re.compile(r'^(?P<indent> *)\.\. code-block:: (?:yaml|yaml\+jinja)\n', re.MULTILINE)
MARKER = re.compile(r'^ *\.\. example: (?P<kind>fragment)\b(?P<why>.*)$')
FIRST_SEED_TICKET = 148350001
COLLECTION = 'softlayer.support.'
WRITING_MODULES = ('sl_ticket', 'ibm_case')  # the ones that write to the API (sl_ticket_download writes files)

# The hosts examples run on: all on this machine (no ssh, no become), named as the emulator's devices.
HOSTS = {'web01': {}, 'web02': {}, 'db01': {}, 'web01.example.com': {}}
GROUPS = {'baremetal': ['web01', 'db01'], 'fleet': ['web01', 'db01', 'web02']}

# What an example needs besides the emulator connection, by its id (see ``Example.id``). Keys:
#   hosts     - the play's hosts, for a task list (default: web01)
#   vars      - variables the page says the user sets elsewhere (inventory, vault, an earlier task)
#   replace   - literal stand-ins: a command of a real server, a path under /var, a wait of hours
#   inventory - 'sl_inventory': the hosts come from the collection's inventory plugin
#   before    - tasks run for real before the example (what the page says is already there)
#   staff_reply - a staff update posted on the ticket the example opens, once it exists
SETUP = {
    'sl_ticket EXAMPLES': {
        'replace': {'/usr/local/bin/raid-status --brief': 'echo "RAID 1 degraded, sdb FAILED"',
                    '/var/log/raid/controller.log': '{work}/controller.log',
                    '/var/cache/softlayer.support': '{work}/cache'},
        'files': {'controller.log': 'controller: sdb offline\n'},
    },
    'sl_ticket_download EXAMPLES': {'replace': {'/var/tmp/tickets': '{work}/tickets'}},
    'sl_ticket_info EXAMPLES': {'hosts': 'fleet'},
    'support_center_cases.rst: Add the new evidence to the open case (the description is needed only if the case must '
    'be opened)': {
        'vars': {'case_subject': 'Disk failure on db01', 'failed_server': 'db01',
                 'smart_report': 'smartctl: sdb reallocated sectors 2048'},
        # The guide's block before it opened the case; resolving needs it open, in check mode too.
        'before': [{'name': 'The open case the block adds to', 'softlayer.support.ibm_case': {
            'subject': 'Disk failure on db01', 'description': 'A disk failed.', 'offering': 'Virtual Private Cloud'}}],
        'replace': {'/var/log/raid/controller-events.log': '{work}/controller-events.log'},
        'files': {'controller-events.log': 'controller: sdb offline\n'}},
    'limitations.rst: Tell SoftLayer the issue is solved': {'vars': {'ticket_id': 148350001}},
    'ibm_case_info EXAMPLES': {'vars': {'disk_ticket': {'ticket': {'case_number': 'CS2300102'}}}},
    'check_and_diff_mode.rst: Show the case number': {'vars': {'result': {'ticket': {'id': 148350001}}}},
    'identity_and_idempotency.rst: Page the on-call engineer only for new tickets': {
        'vars': {'result': {'created': True, 'ticket': {'id': 148350008}}}},
    'recipes.rst: Skip maintenance on hosts with an open hardware ticket': {
        'replace': {'ansible.builtin.reboot:': 'ansible.builtin.debug:'}},
    'troubleshooting.rst: Report the failure, but do not stop the play if SoftLayer is busy': {
        'vars': {'evidence': 'sdb: SMART overall-health self-assessment did not pass'}},
    'getting_started.rst: Work with SoftLayer tickets': {'vars': {'sl_username': USERNAME, 'sl_api_key': API_KEY}},
    'identity_and_idempotency.rst: Post each failure line once': {
        'vars': {'disk_failures': ['sdb: SMART overall-health self-assessment did not pass',
                                   'sdc: 24 reallocated sectors']}},
    'identity_and_idempotency.rst: Report the failed disk (job slices share /mnt/ansible-locks)': {
        'replace': {'/mnt/ansible-locks': '{work}/locks'}},
    'recipes.rst: Attach today\'s kernel log of a failing server': {
        'before': [{'name': 'The open ticket the recipe attaches to', 'softlayer.support.sl_ticket': {
            'title': 'Disk failure on web01.example.com', 'subject': 'Hardware Issue', 'body': 'A disk failed.'}}],
        'replace': {'dmesg --ctime': 'echo "sdb I/O error"', '/var/tmp/softlayer-logs': '{work}/logs'}},
    'recipes.rst: Keep each open hardware ticket\'s files': {'replace': {'/srv/evidence': '{work}/evidence'}},
    'react_to_support.rst: Open the ticket (or add the evidence to the open one)': {
        'replace': {'delay: 600': 'delay: 2'}, 'staff_reply': 'We can replace the disk on Sunday. Which window suits you?'},
    'react_to_support.rst: Post the host\'s maintenance window on the ticket': {
        'hosts': 'db01', 'vars': {'ansible_eda': {'event': {'ticket': {'id': 148350002}}}}},
    'inventory.rst: Reply to the SoftLayer tickets that wait on us': {'inventory': 'sl_inventory'},
}


class Example:
    """One YAML example: where it is, what it is, its text."""

    def __init__(self, where, text, kind, line, marker=None):
        self.where = where        # 'recipes.rst' or 'sl_ticket EXAMPLES'
        self.text = text
        self.kind = kind          # 'playbook', 'tasks', 'inventory', 'fragment' or None (not recognised)
        self.line = line
        self.marker = marker
        data = yaml.safe_load(text) if kind != 'fragment' else None
        self.data = data
        if kind is None:
            self.kind = classify(data)

    @property
    def id(self):
        if self.where.endswith(' EXAMPLES'):
            return self.where
        first = self.data[0] if isinstance(self.data, list) and self.data else {}
        name = first.get('name') if isinstance(first, dict) else None
        return '%s: %s' % (self.where, name or 'line %d' % self.line)

    def modules(self):
        """The collection's modules the example's tasks call (short names)."""
        return sorted(set(re.findall(r'^\s*-?\s*softlayer\.support\.(\w+):', self.text, re.MULTILINE)))


def classify(data):
    if isinstance(data, dict) and str(data.get('plugin', '')).startswith(COLLECTION):
        return 'inventory'
    if isinstance(data, list) and data and all(isinstance(item, dict) for item in data):
        if any('sources' in item for item in data):
            return None  # a rulebook: ansible-rulebook runs it, not ansible-playbook
        if all('hosts' in item for item in data):
            return 'playbook'
        if not any('hosts' in item for item in data):
            return 'tasks'
    return None


def guide_examples(path):
    text = open(path, encoding='utf-8').read()
    lines = text.split('\n')
    found = []
    for match in YAML_BLOCK.finditer(text):
        line = text.count('\n', 0, match.start())
        indent = len(match.group('indent'))
        body, index = [], line + 1
        while index < len(lines) and (not lines[index].strip() or len(lines[index]) - len(lines[index].lstrip()) > indent):
            body.append(lines[index])
            index += 1
        block = '\n'.join(body)
        strip = min(len(b) - len(b.lstrip()) for b in body if b.strip())
        block = '\n'.join(b[strip:] for b in body).strip('\n') + '\n'
        previous = next((lines[i] for i in range(line - 1, -1, -1) if lines[i].strip()), '')
        marker = MARKER.match(previous)
        found.append(Example(os.path.basename(path), block, 'fragment' if marker else None, line + 1,
                             marker.group('why').strip() if marker else None))
    return found


def plugin_examples(path):
    tree = ast.parse(open(path, encoding='utf-8').read())
    text = next(node.value.value for node in tree.body if isinstance(node, ast.Assign)
                and getattr(node.targets[0], 'id', None) == 'EXAMPLES')
    name = os.path.basename(path)[:-3]
    if '/inventory/' in path:
        # An inventory plugin's EXAMPLES is one configuration file; a second one follows commented out,
        # after a line '# <name>.sl_inventory.yml: ...'. Both are run.
        parts = re.split(r'^(?=# \S+\.%s\.yml:)' % name, text, flags=re.MULTILINE)
        found = [Example('%s EXAMPLES' % name, parts[0], 'inventory', 1)]
        for number, part in enumerate(parts[1:], 2):
            config = '\n'.join(re.sub(r'^# ?', '', line) for line in part.split('\n')[1:])
            found.append(Example('%s EXAMPLES %d' % (name, number), config, 'inventory', 1))
        return found
    return [Example('%s EXAMPLES' % name, text, 'tasks', 1)]


def all_examples():
    found = []
    for path in PLUGINS:
        found += plugin_examples(path)
    for path in GUIDES:
        found += guide_examples(path)
    return found


EXAMPLES = all_examples()
RUNNABLE = [example for example in EXAMPLES if example.kind != 'fragment']


# ---------------------------------------------------------------------------------------------
# the collection itself: nothing left out without a word


def test_every_yaml_block_is_a_playbook_a_task_list_an_inventory_source_or_marked_a_fragment():
    unknown = ['%s line %d' % (e.where, e.line) for e in EXAMPLES if e.kind is None]
    assert not unknown, 'not a playbook, a task list or an inventory source, and not marked ".. example: fragment ' \
        '(why)" right above the block: %s' % unknown
    unexplained = ['%s line %d' % (e.where, e.line) for e in EXAMPLES if e.kind == 'fragment' and not e.marker]
    assert not unexplained, 'a fragment marker says why the block is not run: %s' % unexplained
    ids = [example.id for example in RUNNABLE]
    assert len(ids) == len(set(ids)), 'two examples share a first name: %s' % sorted(i for i in ids if ids.count(i) > 1)
    assert set(SETUP) <= set(ids), 'SETUP names examples that no longer exist: %s' % sorted(set(SETUP) - set(ids))


def test_every_module_and_plugin_has_examples_that_run():
    covered = {example.where.split(' ')[0] for example in RUNNABLE if ' EXAMPLES' in example.where}
    assert covered == {os.path.basename(path)[:-3] for path in PLUGINS}


def test_an_unmarked_snippet_is_caught():
    assert Example('x.rst', 'title: "Disk failure on {{ inventory_hostname }}"\n', None, 1).kind is None
    assert Example('x.rst', '- name: t\n  ansible.builtin.debug:\n', None, 1).kind == 'tasks'


# ---------------------------------------------------------------------------------------------
# running one example


def _fill(text, work, setup):
    for literal, stand_in in setup.get('replace', {}).items():
        assert literal in text, 'SETUP replaces %r, which the example no longer has' % literal
        text = text.replace(literal, stand_in.format(work=work))
    return text


def _inventory(work, emulator, setup):
    if setup.get('inventory') == 'sl_inventory':
        path = os.path.join(work, 'hosts.sl_inventory.yml')
        config = {'plugin': 'softlayer.support.sl_inventory',
                  'compose': {'ansible_connection': "'local'", 'ansible_python_interpreter': repr(sys.executable)}}
    else:
        path = os.path.join(work, 'hosts.yml')
        config = {'all': {'hosts': HOSTS, 'children': {group: {'hosts': {h: {} for h in hosts}}
                                                       for group, hosts in GROUPS.items()},
                          'vars': {'ansible_connection': 'local', 'ansible_python_interpreter': sys.executable,
                                   'ansible_become': False}}}
    with open(path, 'w', encoding='utf-8') as handle:
        json.dump(config, handle)
    return path


def _playbook(example, text, setup):
    if example.kind == 'playbook':
        return text
    data = yaml.safe_load(text)
    play = {'name': example.id, 'hosts': setup.get('hosts', 'web01'), 'gather_facts': False, 'tasks': data}
    return json.dumps([play], indent=1)


def _env(emulator, work):
    return {'IC_API_KEY': IBM_CLOUD_API_KEY, 'IBMCLOUD_IAM_URL': emulator.url,
            'IBMCLOUD_CASE_MANAGEMENT_URL': emulator.url + '/case-management/v1',
            'SL_CACHE_DIR': work, 'TMPDIR': work}


def _results(outcome):
    """[(task name, host, result)] of the collection's tasks, in order."""
    found = []
    for play in outcome.document()['plays']:
        for task in play['tasks']:
            for host, result in task['hosts'].items():
                found.append((task['task']['name'], host, result))
    return found


def _failures(outcome):
    try:
        failed = ['%s on %s: %s' % (name, host, result.get('msg')) for name, host, result in _results(outcome)
                  if result.get('failed') and not result.get('ignored')]
    except AssertionError:
        failed = []
    return failed or outcome.output[-4000:]


def _staff_reply(emulator, entry, stop):
    """Answer the first ticket opened by the example, as SoftLayer staff would."""
    while not stop.is_set():
        new = [t for t in emulator.state()['tickets'] if t['id'] >= FIRST_SEED_TICKET + SEED_TICKETS]
        if new:
            emulator.admin('staff_update', {'ticket_id': new[0]['id'], 'entry': entry}, method='POST')
            return
        time.sleep(0.2)


def _run(emulator, example, work, setup, *args, inventory):
    text = _fill(example.text, work, setup)
    playbook = _playbook(example, text, setup)
    extra = []
    if setup.get('vars'):
        vars_file = os.path.join(work, 'vars.json')
        with open(vars_file, 'w', encoding='utf-8') as handle:
            json.dump(setup['vars'], handle)
        extra = ['-e', '@' + vars_file]
    return run_playbook(emulator, playbook, *(extra + list(args)), env=_env(emulator, work), inventory=inventory)


def _assert_on_the_account(emulator, results, check):
    """What each collection task returned is what the emulator holds."""
    state = emulator.state()
    tickets = {t['id']: t for t in state['tickets']}
    cases = {c.get('number') for c in state.get('cases', [])}
    for name, host, result in results:
        where = '%s on %s' % (name, host)
        if result.get('skipped') or 'ticket' not in result and 'tickets' not in result and 'case' not in result:
            continue
        for ticket in result.get('tickets', []) + ([result['ticket']] if result.get('ticket') else []):
            if ticket.get('id') is None:
                assert check and result.get('created'), '%s: a ticket without an id outside check mode' % where
                continue
            assert ticket['id'] in tickets, '%s returned ticket %s, which the account does not have' % (where, ticket['id'])
        ticket = result.get('ticket')
        if check or not ticket or ticket.get('id') is None:
            continue
        entries = [u['entry'] for u in state['updates'] if u['ticketId'] == ticket['id']]
        for text in result.get('updates_added', []):
            assert any(text.strip() in entry for entry in entries), '%s posted %r; the ticket does not have it' % (where, text)
        hardware = {a['hardwareId'] for a in state['attachedHardware'] if a['ticketId'] == ticket['id']}
        guests = {a['virtualGuestId'] for a in state['attachedVirtualGuests'] if a['ticketId'] == ticket['id']}
        for device in result.get('devices_attached', []):
            assert device['id'] in hardware | guests, '%s attached %s; the ticket does not have it' % (where, device)
        files = {f['fileName'] for f in state['attachedFiles'] if f['ticketId'] == ticket['id']}
        for name_ in result.get('files_uploaded', []):
            assert name_ in files, '%s uploaded %s; the ticket does not have it' % (where, name_)
        if result.get('case', {}).get('number'):
            assert result['case']['number'] in cases, '%s returned case %s, not on the account' % (where, result['case'])


def _collection_results(outcome, example, text, check=False):
    """The results of the collection's tasks; for a real run, not of those that run in check mode anyway."""
    names = {task.get('name') for task in _tasks(yaml.safe_load(text), example.kind)
             if any(key.startswith(COLLECTION) for key in task) and (check or task.get('check_mode') is not True)}
    return [(name, host, result) for name, host, result in _results(outcome) if name in names]


def _writing_tasks(example, text):
    return {task.get('name') for task in _tasks(yaml.safe_load(text), example.kind)
            if any(key in ['%s%s' % (COLLECTION, module) for module in WRITING_MODULES] for key in task)}


def _tasks(data, kind):
    """Every task, in blocks too."""
    found = []
    for item in ([task for play in data for task in play.get('tasks', [])] if kind == 'playbook' else data):
        found.append(item)
        for part in ('block', 'rescue', 'always'):
            found += _tasks(item.get(part) or [], 'tasks')
    return found


@pytest.mark.parametrize('example', [e for e in RUNNABLE if e.kind != 'inventory'], ids=lambda e: e.id)
def test_the_example_runs_in_check_mode_writing_nothing_then_for_real(emulator, example):
    setup = SETUP.get(example.id, {})
    work = tempfile.mkdtemp(prefix='example-', dir=emulator.workdir)
    for directory in ('locks', 'cache'):
        os.mkdir(os.path.join(work, directory))
    for name, content in setup.get('files', {}).items():
        with open(os.path.join(work, name), 'w', encoding='utf-8') as handle:
            handle.write(content)
    inventory = _inventory(work, emulator, setup)

    if setup.get('before'):
        ready = run_playbook(emulator, json.dumps([{'hosts': 'localhost', 'gather_facts': False, 'tasks': setup['before']}]),
                             env=_env(emulator, work))
        assert ready.rc == 0, _failures(ready)
    emulator.clear_calls()
    checked = _run(emulator, example, work, setup, '--check', '--diff', inventory=inventory)
    assert checked.rc == 0, '%s fails in check mode: %s' % (example.id, _failures(checked))
    assert emulator.writes() == [], '%s wrote in check mode: %s' % (example.id, emulator.writes())
    predicted = _collection_results(checked, example, _fill(example.text, work, setup), check=True)
    assert not example.modules() or any(not r.get('skipped') for _n, _h, r in predicted), \
        '%s ran none of its tasks' % example.id
    _assert_on_the_account(emulator, predicted, check=True)

    stop = threading.Event()
    helper = Background(lambda: _staff_reply(emulator, setup['staff_reply'], stop)) if 'staff_reply' in setup else None
    if helper:
        helper.start()
    try:
        real = _run(emulator, example, work, setup, '--diff', inventory=inventory)
    finally:
        stop.set()
    if helper:
        helper.join_checked()
    assert real.rc == 0, '%s fails: %s' % (example.id, _failures(real))
    done = _collection_results(real, example, _fill(example.text, work, setup))
    _assert_on_the_account(emulator, done, check=False)
    writes = emulator.writes()
    if any(module in WRITING_MODULES for module in example.modules()):
        changed = [r for _n, _h, r in done if r.get('changed')]
        assert bool(writes) == bool(changed), '%s: %d writes, %d tasks changed' % (example.id, len(writes), len(changed))
    # Check mode predicted the real run, task by task, up to the first write: a later task may find what that
    # write made, which check mode never made.
    outcomes = {(name, host): result for name, host, result in done}
    for name, host, guess in predicted:
        outcome = outcomes.get((name, host), {'skipped': True})  # absent: a task that runs in check mode anyway
        if outcome.get('skipped') or guess.get('skipped'):
            continue
        for key in ('changed', 'created', 'updates_added'):
            if key in outcome:
                assert guess.get(key) == outcome.get(key), '%s / %s on %s: check mode said %s=%r, the run %r' % (
                    example.id, name, host, key, guess.get(key), outcome.get(key))
        if outcome.get('changed') and name in _writing_tasks(example, _fill(example.text, work, setup)):
            break


def _plain(value):
    """A value of ansible-inventory --list, which wraps strings from an inventory source on ansible-core 2.19+."""
    return value.get('__ansible_unsafe') if isinstance(value, dict) else value


@pytest.mark.parametrize('example', [e for e in RUNNABLE if e.kind == 'inventory'], ids=lambda e: e.id)
def test_the_inventory_example_lists_the_accounts_devices_with_their_tickets(emulator, example):
    work = tempfile.mkdtemp(prefix='example-', dir=emulator.workdir)
    text = example.text.replace('~/.cache/sl_inventory', os.path.join(work, 'cache'))
    path = os.path.join(work, 'example.sl_inventory.yml')
    with open(path, 'w', encoding='utf-8') as handle:
        handle.write(text)
    command = [os.path.join(os.path.dirname(sys.executable), 'ansible-inventory'), '-i', path, '--list']
    env = _playbook_env(emulator, _env(emulator, work), json_output=False)
    env['ANSIBLE_INVENTORY_UNPARSED_FAILED'] = 'true'
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=work, timeout=300, check=False)
    check_secrets(done.stdout + done.stderr)
    assert done.returncode == 0, done.stderr[-3000:]
    listed = json.loads(done.stdout)
    hostvars = listed.get('_meta', {}).get('hostvars', {})
    assert hostvars, '%s lists no host' % example.id
    state = emulator.state()
    devices = {d['id']: d for d in state['hardware'] + state['virtualGuests']}
    tickets = {t['id']: t for t in state['tickets']}
    for host, variables in hostvars.items():
        device = devices[_plain(variables['sl_id'])]
        assert _plain(variables['sl_fqdn']) == '%s.%s' % (device['hostname'], device['domain'])
        for ticket in variables['sl_open_tickets']:
            assert tickets[_plain(ticket['id'])]['statusId'] in (1001, 1004), (host, ticket)
