"""The real ansible-rulebook runs examples/rulebooks/staff_replied.yml against the emulator.

Run by `scripts/test eda_rulebook` with the .venv-eda tool chain (ansible-rulebook, Java 17).
The test plays SoftLayer's side through the emulator's admin API: a staff update on the
hardware ticket of db01, then the closing of that ticket. The rules must run their
playbooks on exactly db01.example.com (the event's meta.hosts): the first posts the
maintenance window on the ticket (checked in the emulator's state), the second writes
the back-in-service line (checked in the file).
"""

import json
import os
import subprocess
import sys
import time

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'emulator'))

from sl_emulator import seed_credentials  # noqa: E402  pylint: disable=wrong-import-position

# The seeded demo user (the emulator's seed is the one place its key is written).
DEMO_USER = seed_credentials()[0]
USERNAME, API_KEY = DEMO_USER['username'], DEMO_USER['api_key']
HARDWARE_TICKET = 148350002     # Hardware Issue, Assigned, db01.example.com attached
RULEBOOKS = os.path.join(ROOT, 'examples', 'rulebooks')
WAIT = 60


def wait_for(what, check, process, log_path):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        if process.poll() is not None:
            break
        time.sleep(0.5)
    with open(log_path, encoding='utf-8', errors='replace') as handle:
        output = handle.read()
    pytest.fail('%s did not happen within %d s (ansible-rulebook rc=%s); its output:\n%s'
                % (what, WAIT, process.poll(), output[-6000:]))


def test_rules_run_playbooks_on_the_ticket_host(emulator, tmp_path):
    service_log = tmp_path / 'service.log'
    inventory = tmp_path / 'inventory.yml'
    hosts = {name: {'ansible_connection': 'local', 'ansible_python_interpreter': sys.executable,
                    'service_log': str(service_log)}
             for name in ('db01.example.com', 'web02.example.com', 'web01.example.com')}
    inventory.write_text(json.dumps({'all': {'hosts': hosts}}), encoding='utf-8')
    variables = tmp_path / 'vars.yml'
    variables.write_text(json.dumps({'sl_events_interval': 1, 'sl_events_state_file': str(tmp_path / 'state.json')}),
                         encoding='utf-8')
    env = dict(os.environ, SL_USERNAME=USERNAME, SL_API_KEY=API_KEY, SL_ENDPOINT_URL=emulator.endpoint('xmlrpc'),
               ANSIBLE_LOCAL_TEMP=str(tmp_path / 'ansible-tmp'))
    env['PATH'] = os.path.dirname(sys.executable) + os.pathsep + env.get('PATH', '')
    log_path = tmp_path / 'rulebook.log'
    started = time.monotonic()
    with open(log_path, 'wb') as log:
        rulebook = subprocess.Popen(  # pylint: disable=consider-using-with
            [os.path.join(os.path.dirname(sys.executable), 'ansible-rulebook'), '--rulebook', 'staff_replied.yml',
             '--inventory', str(inventory), '--vars', str(variables), '-v'],
            cwd=RULEBOOKS, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        # The source's first poll sets the baseline (the open tickets are read once).
        wait_for('the baseline poll', lambda: any('statusId' in json.dumps(c.get('filter'))
                                                  for c in emulator.calls() if c['method'] == 'getTickets'),
                 rulebook, log_path)
        emulator.admin('staff_update', {'ticket_id': HARDWARE_TICKET,
                                        'entry': 'The battery arrived. When may we take db01 offline?'})

        def answers():
            updates = [u for u in emulator.state()['updates'] if u['ticketId'] == HARDWARE_TICKET]
            return [u for u in updates if u['editorType'] == 'USER' and 'can be taken offline' in u['entry']]
        posted = wait_for('the maintenance window answer', answers, rulebook, log_path)
        assert [u['entry'] for u in posted] == [
            'db01.example.com can be taken offline on Sundays between 02:00 and 04:00 UTC.']

        emulator.admin('ticket_status', {'ticket_id': HARDWARE_TICKET, 'status': 'Closed'})
        wait_for('the back-in-service line', lambda: service_log.exists() and service_log.read_text(), rulebook,
                 log_path)
        time.sleep(2)   # room for a wrong extra run to show up
        assert service_log.read_text().splitlines() == [
            'db01.example.com back in service: ticket %d is Closed' % HARDWARE_TICKET]
        assert len(answers()) == 1
        assert rulebook.poll() is None, 'ansible-rulebook ended early'
    finally:
        rulebook.terminate()
        try:
            rulebook.wait(timeout=20)
        except subprocess.TimeoutExpired:
            rulebook.kill()
            rulebook.wait()
    output = log_path.read_text(encoding='utf-8', errors='replace')
    assert API_KEY not in output
    sys.stderr.write('ansible-rulebook scenario took %.1f s\n' % (time.monotonic() - started))


def test_bad_credentials_stop_ansible_rulebook_with_one_clear_line(emulator, tmp_path):
    wrong_key = 'b' * 64
    inventory = tmp_path / 'inventory.yml'
    inventory.write_text(json.dumps({'all': {'hosts': {'db01.example.com': {'ansible_connection': 'local'}}}}),
                         encoding='utf-8')
    env = dict(os.environ, SL_USERNAME=USERNAME, SL_API_KEY=wrong_key, SL_ENDPOINT_URL=emulator.endpoint('xmlrpc'),
               ANSIBLE_LOCAL_TEMP=str(tmp_path / 'ansible-tmp'))
    env['PATH'] = os.path.dirname(sys.executable) + os.pathsep + env.get('PATH', '')
    done = subprocess.run([os.path.join(os.path.dirname(sys.executable), 'ansible-rulebook'), '--rulebook',
                           'staff_replied.yml', '--inventory', str(inventory)],
                          cwd=RULEBOOKS, env=env, capture_output=True, text=True, timeout=WAIT, check=False)
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert 'sl_ticket_events stopped: read the newest ticket change failed: Invalid API token.' in output, output
    assert 'authentication failed' in output
    assert wrong_key not in output and API_KEY not in output
