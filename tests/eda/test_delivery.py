"""Delivery across crashes, measured: the real ansible-rulebook, with feedback and persistence, killed with
SIGKILL (the rulebook, its rule engine, the source in it and any playbook it runs) at several points of a
stream of changes, then started again; the playbooks' own record says which change they saw how often.

Run by `scripts/test eda_rulebook` with the .venv-eda tool chain (ansible-rulebook 1.3, Java 17). The
rulebook asks for feedback (``feedback: true``), which ansible-rulebook allows only with
``--persistence-id``; its persistence keeps the rule engine's in-flight events and action state in an
H2 database file (``drools_db_file_path``), the store ansible-rulebook offers besides PostgreSQL.

The source saves its cursor only once ansible-rulebook's feedback gives the event back, and every
event carries a stable ``meta.uuid``, by which the rule engine drops a repeat. What this measures:

* no change is ever lost, wherever the kill lands;
* a change whose playbook had not started when the kill landed runs exactly once;
* a change whose playbook had started runs again after the restart (at least once): ansible-rulebook
  runs a ``run_playbook`` action again when it was not recorded as finished.

A run that passes writes what it measured (where each kill landed, the playbook's starts and ends per change,
and the outcome of each) to .build/delivery-figures.json; the guide on the event source quotes it from
docs/data/delivery-figures.json, a copy made by hand (``cp .build/delivery-figures.json docs/data/``).
"""

import json
import os
import signal
import subprocess
import sys
import time
from importlib.metadata import version

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'emulator'))

from sl_emulator import seed_credentials  # noqa: E402  pylint: disable=wrong-import-position

DEMO_USER = seed_credentials()[0]
USERNAME, API_KEY = DEMO_USER['username'], DEMO_USER['api_key']
HARDWARE_TICKET = 148350002     # Assigned, db01.example.com attached
WAIT = 60
FIGURES_FILE = os.path.join(ROOT, '.build', 'delivery-figures.json')

RULEBOOK = '''---
- name: Record SoftLayer staff updates
  hosts: all
  sources:
    - name: softlayer
      softlayer.support.sl_ticket_events:
        interval: 1
        event_types: [staff_update]
        status: all
        state_file: "{{ state_file }}"
        feedback: true
  rules:
    - name: Record the update
      condition: event.type == "staff_update"
      action:
        run_playbook:
          name: %(playbook)s
'''

PLAYBOOK = '''---
- name: Record the start and the end of each run for a staff update
  hosts: all
  gather_facts: false
  tasks:
    - name: Started
      ansible.builtin.shell: echo "start {{ ansible_eda.event['update']['entry'] }}" >> %(record)s
      changed_when: true
    - name: Done
      ansible.builtin.shell: echo "done {{ ansible_eda.event['update']['entry'] }}" >> %(record)s
      changed_when: true
'''


class Rulebook:
    """ansible-rulebook in its own process group, so that a kill takes its playbooks along."""

    def __init__(self, emulator, tmp_path):
        self.emulator = emulator
        self.tmp_path = tmp_path
        self.record = tmp_path / 'record.txt'
        self.record.write_text('', encoding='utf-8')
        (tmp_path / 'record.yml').write_text(PLAYBOOK % {'record': self.record}, encoding='utf-8')
        (tmp_path / 'rulebook.yml').write_text(RULEBOOK % {'playbook': tmp_path / 'record.yml'}, encoding='utf-8')
        inventory = {'all': {'hosts': {'db01.example.com': {'ansible_connection': 'local',
                                                            'ansible_python_interpreter': sys.executable}}}}
        (tmp_path / 'inventory.yml').write_text(json.dumps(inventory), encoding='utf-8')
        # H2 keeps a commit in memory up to WRITE_DELAY (500 ms) before writing it: a kill in that time
        # loses what the rule engine had taken (measured). WRITE_DELAY=0 writes each commit at once.
        self.h2_options = os.environ.get('SL_H2_OPTIONS', ';WRITE_DELAY=0')
        (tmp_path / 'vars.yml').write_text(json.dumps({'state_file': str(tmp_path / 'state.json'),
                                                       'drools_db_file_path': str(tmp_path / 'eda-h2') + self.h2_options}),
                                           encoding='utf-8')
        self.env = dict(os.environ, SL_USERNAME=USERNAME, SL_API_KEY=API_KEY,
                        SL_ENDPOINT_URL=emulator.endpoint('xmlrpc'), ANSIBLE_LOCAL_TEMP=str(tmp_path / 'ansible-tmp'))
        self.env['PATH'] = os.path.dirname(sys.executable) + os.pathsep + self.env.get('PATH', '')
        self.process = None
        self.starts = 0

    def start(self):
        self.starts += 1
        log = open(self.tmp_path / ('rulebook-%d.log' % self.starts), 'wb')  # pylint: disable=consider-using-with
        self.process = subprocess.Popen(  # pylint: disable=consider-using-with
            [os.path.join(os.path.dirname(sys.executable), 'ansible-rulebook'), '--rulebook', 'rulebook.yml',
             '--inventory', 'inventory.yml', '--vars', 'vars.yml', '--persistence-id', '1', '-vv'],
            cwd=str(self.tmp_path), env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        # Up once its source has polled (the first time: taken the account as it is, the baseline).
        mark = self.last_call()
        state_file = self.tmp_path / 'state.json'
        self.wait_for('a poll', lambda: state_file.exists() and any(
            c['seq'] > mark and c['method'] == 'getTickets' for c in self.emulator.calls()))

    def kill(self):
        """SIGKILL to ansible-rulebook's process group and to its playbooks (ansible-runner starts them in a
        session of their own)."""
        victims = self.playbooks()
        os.killpg(self.process.pid, signal.SIGKILL)
        for pid in victims:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.process.wait()

    def playbooks(self):
        """The processes running this test's playbook.

        ansible-runner runs a copy of it from a private data dir (``ansible-playbook ... record.yml``), so a
        playbook is known by the environment it inherits (ANSIBLE_LOCAL_TEMP under this test's tmp_path).
        """
        marker = str(self.tmp_path).encode()
        pids = []
        for entry in os.listdir('/proc'):
            try:
                with open('/proc/%s/cmdline' % entry, 'rb') as handle:
                    if b'ansible-playbook' not in handle.read():
                        continue
                with open('/proc/%s/environ' % entry, 'rb') as handle:
                    if marker in handle.read():
                        pids.append(int(entry))
            except (OSError, ValueError):
                continue
        return pids

    def stop(self):
        """Kill ansible-rulebook if it runs, and any playbook of this test still running: none may outlive it."""
        if self.process and self.process.poll() is None:
            self.kill()
        for pid in self.playbooks():
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def last_call(self):
        calls = self.emulator.calls()
        return calls[-1]['seq'] if calls else 0

    def acked(self, entry):
        """True once the source's state file holds the update ``entry`` (its feedback came back)."""
        update = [u for u in self.emulator.state()['updates'] if u['entry'] == entry][0]
        state = json.loads((self.tmp_path / 'state.json').read_text(encoding='utf-8'))
        return state['tickets'][str(HARDWARE_TICKET)]['update'] >= update['id']

    def settled(self, entry):
        """True when the change's playbook last wrote its end (a run cut short never does) and ansible-rulebook
        recorded the end of every action it started (its rule engine deletes the rule match then)."""
        mine = [line for line in self.lines() if line.endswith(' %s' % entry)]
        if not mine or not mine[-1].startswith('done ') or self.playbooks():
            return False
        log = (self.tmp_path / ('rulebook-%d.log' % self.starts)).read_text(encoding='utf-8', errors='replace')
        return log.count('Calling rule ') == log.count('Deleted matching event and actions')

    def lines(self):
        return self.record.read_text(encoding='utf-8').splitlines()

    def wait_for(self, what, check, timeout=WAIT):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = check()
            if value:
                return value
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        output = (self.tmp_path / ('rulebook-%d.log' % self.starts)).read_text(encoding='utf-8', errors='replace')
        pytest.fail('%s did not happen within %d s (ansible-rulebook rc=%s); its output:\n%s'
                    % (what, timeout, self.process.poll(), output[-6000:]))


# Where each kill lands after change N is made: seconds after, or once the source saved it ('acked': the
# rule engine took it), the playbook started ('started') or wrote its last line ('done').
KILL_POINTS = [0.3, 'acked', 'started', 'done', 1.2, 2.5]
if os.environ.get('SL_KILL_POINTS'):
    KILL_POINTS = [p if p in ('started', 'done', 'acked') else float(p) for p in os.environ['SL_KILL_POINTS'].split(',')]


def outcome(starts, ends):
    """What became of one change's playbook (benchmarks/figures.py words it for the guide)."""
    return {(1, 1): 'once', (2, 1): 'cut_then_once', (2, 2): 'twice'}.get((starts, ends), 'other')


def per_change(changes, started, runs, interrupted):
    """Where each change's kill landed and what became of its playbook."""
    return [{'change': change, 'kill': point, 'starts': started[change], 'ends': runs[change],
             'interrupted': change in interrupted, 'outcome': outcome(started[change], runs[change])}
            for change, point in zip(changes, KILL_POINTS)]


def record_figures(rulebook, changes, seconds):
    """What a passing run measured, for the docs (copied into docs/data by hand, never by CI)."""
    figures = {'ansible_rulebook': version('ansible-rulebook'), 'h2_options': rulebook.h2_options,
               'seconds': round(seconds, 1), 'changes': changes}
    os.makedirs(os.path.dirname(FIGURES_FILE), exist_ok=True)
    with open(FIGURES_FILE, 'w', encoding='utf-8') as handle:
        json.dump(figures, handle, indent=1, sort_keys=True)
        handle.write('\n')


def test_a_kill_anywhere_loses_no_change_and_repeats_only_playbooks_it_interrupted(emulator, tmp_path):
    if os.path.exists(FIGURES_FILE):   # a failing run leaves none behind to be mistaken for its figures
        os.remove(FIGURES_FILE)
    began = time.monotonic()
    rulebook = Rulebook(emulator, tmp_path)
    rulebook.start()
    interrupted = set()
    try:
        for number, point in enumerate(KILL_POINTS):
            change = 'change-%d' % number
            emulator.admin('staff_update', {'ticket_id': HARDWARE_TICKET, 'entry': change})
            if point == 'acked':
                rulebook.wait_for('the source saving the change', lambda: rulebook.acked(change))
            elif point == 'started':
                rulebook.wait_for('the playbook start', lambda: 'start %s' % change in rulebook.lines())
            elif point == 'done':
                rulebook.wait_for('the playbook end', lambda: 'done %s' % change in rulebook.lines())
            else:
                time.sleep(point)
            rulebook.kill()
            if 'start %s' % change in rulebook.lines():
                interrupted.add(change)
            rulebook.start()
            # Settled before the next change: every run of this change's playbook ended.
            rulebook.wait_for('the playbook of %s' % change, lambda: rulebook.settled(change))
        time.sleep(2)   # room for a late repeat to show up
    finally:
        rulebook.stop()
    lines = rulebook.lines()
    changes = ['change-%d' % n for n in range(len(KILL_POINTS))]
    runs = dict((c, lines.count('done %s' % c)) for c in changes)
    started = dict((c, lines.count('start %s' % c)) for c in changes)
    # A run that started and never wrote its last line was cut by a kill too, even when its first line reached
    # the log only after the check right after the kill (the line and the kill can cross).
    interrupted |= set(c for c in changes if started[c] > runs[c])
    sys.stderr.write('delivery under %d kills: playbook runs per change %s, starts %s, interrupted %s; %.1f s\n'
                     % (len(KILL_POINTS), runs, started, sorted(interrupted), time.monotonic() - began))
    assert all(runs[c] >= 1 for c in changes), runs                      # nothing lost
    assert all(started[c] == 1 for c in changes if c not in interrupted), started   # nothing repeated
    assert all(started[c] <= 2 for c in changes), started
    output = ''.join(p.read_text(encoding='utf-8', errors='replace') for p in tmp_path.glob('rulebook-*.log'))
    assert API_KEY not in output
    record_figures(rulebook, per_change(changes, started, runs, interrupted), time.monotonic() - began)
