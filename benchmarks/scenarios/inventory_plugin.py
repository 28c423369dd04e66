# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Scenario 6: every host's open tickets from the sl_inventory plugin, against today's way.

Today's way is a play that asks sl_ticket_info for ``group_by_host`` once (``run_once``) and
lets each host take its entry, over a static inventory of the same hosts. Both run on the
generated account of 1,000 devices and 10,000 tickets, with the benchmarks' harness (same
emulator, spawner, call log, peak memory). It is row 6 of benchmarks/runner.py's SCENARIOS
(``scripts/bench --scenarios 6``, with that run's repetitions), and runs alone with its own
defaults and result files:

    scripts/bench --inventory [--reps N] [--latencies 0,100] [--play-reps N]

Measured: the inventory source alone (``ansible-inventory --list``) against the sl_ticket_info
module process alone, and the two whole plays (ansible-playbook wall time, controller
included). Results are printed and written to .build/bench/inventory.md and inventory.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time

from benchmarks import harness
from benchmarks.accounts import big_account, inventory_file
from benchmarks.plays import GROUP_BY_HOST_PLAY
from benchmarks.results import Series, pair_row

DEVICES = 1000
FORKS = 10
PLUGIN_PLAY = [{'hosts': 'all', 'gather_facts': False, 'tasks': [
    {'name': 'each host takes its own', 'ansible.builtin.set_fact': {'host_tickets': '{{ sl_open_tickets }}'}}]}]


def inventory_source(workdir, hostname_pattern='host*'):
    """The plugin's configuration: the generated hosts (host0001...) the pattern selects, named by host name like the
    static inventory."""
    path = os.path.join(workdir, 'bench-%s.sl_inventory.yml' % hostname_pattern.replace('*', '_'))
    with open(path, 'w', encoding='utf-8') as handle:
        handle.write('plugin: softlayer.support.sl_inventory\nhostname_pattern: "%s"\nhostnames: [hostname]\n'
                     % hostname_pattern)
    return path


def listing_run(emulator, workdir, source):
    """``ansible-inventory --list`` as its own process; ``run.pairs`` is the set of (host, open ticket id)."""
    output = os.path.join(workdir, 'listing-%s.json' % time.perf_counter_ns())
    command = [os.path.join(harness.BIN, 'ansible-inventory'), '-i', source, '--list', '--output', output]
    env = dict(harness.env_for(emulator), ANSIBLE_INVENTORY_UNPARSED_FAILED='true')
    listed = emulator.measure(lambda: harness.run_process(command, env=env, cwd=workdir))
    if listed.rc != 0:
        raise RuntimeError('ansible-inventory failed (rc %s): %s' % (listed.rc, listed.stderr[-2000:]))
    with open(output, encoding='utf-8') as handle:
        hostvars = json.load(handle)['_meta']['hostvars']
    os.remove(output)
    listed.hosts = len(hostvars)
    listed.pairs = {(name, ticket['id']) for name, variables in hostvars.items()
                    for ticket in variables.get('sl_open_tickets') or []}
    return listed


def module_pairs(result):
    """(host, open ticket id) from sl_ticket_info's tickets_by_host, for the generated hosts."""
    return {(host, ticket['id']) for host, tickets in result['tickets_by_host'].items()
            if host.startswith('host') and '.' not in host for ticket in tickets}


def run(scenario, emulator, workdir, settings):
    """Every host's open tickets from the sl_inventory plugin against group_by_host, on the 10,000-ticket account."""
    return measure(emulator, workdir, settings.latencies, settings.reps, settings.play_reps, forks=scenario.forks)


def measure(emulator, workdir, latencies, reps, play_reps, forks=FORKS):
    inventories = {'source': inventory_source(workdir), 'static': inventory_file(workdir, DEVICES)}
    series, rows, checks = [], [], []
    for latency in latencies:
        emulator.latency(latency)
        alone, check = sources_alone(emulator, workdir, inventories['source'], latency, reps)
        checks.append(check)
        plays = whole_plays(emulator, workdir, inventories, latency, play_reps, forks)
        rows += [pair_row(left.step, left, right) for left, right in (alone, plays)]
        series.extend(alone + plays)
    text = '\n'.join([
        '#### Scenario 6: every host\'s open tickets, sl_inventory against group_by_host (1,000 devices, 10,000 tickets)',
        '',
        'Left: the `sl_inventory` plugin (`hostname_pattern: "host*"`, the 1,000 generated devices). Right: '
        '`sl_ticket_info` with `group_by_host` (the module process alone, then a `run_once` play over a static '
        'inventory of the same 1,000 hosts). Plays: forks %s, one `set_fact` per host.' % forks, '',
        '| step | latency | sl_inventory: s median (min-max) | calls | KB | MB | group_by_host: s median (min-max) '
        '| calls | KB | MB | time ratio |',
        '|---|---|---|---|---|---|---|---|---|---|---|'] + rows + [''] + ['- %s' % check for check in checks])
    return series, text


def sources_alone(emulator, workdir, source, latency, reps):
    """ansible-inventory --list against the group_by_host module process; and whether both found the same."""
    plugin = Series(6, 'inventory source alone', 'sl_inventory: ansible-inventory --list', latency)
    module = Series(6, 'inventory source alone', 'sl_ticket_info group_by_host module process', latency)
    for _rep in range(reps):
        listed = plugin.add(listing_run(emulator, workdir, source))
        queried = module.add(harness.module_run(emulator, workdir, 'sl_ticket_info', {'group_by_host': True}))
    pairs = module_pairs(queried.result)
    check = ('%d ms: the plugin listed %d hosts and %d (host, open ticket) pairs; group_by_host gave %d pairs '
             'for the same hosts; %s' % (latency, listed.hosts, len(listed.pairs), len(pairs),
                                         'identical' if pairs == listed.pairs else 'DIFFERENT'))
    return [plugin, module], check


def whole_plays(emulator, workdir, inventories, latency, play_reps, forks):
    inventory_play = Series(6, 'whole play', 'sl_inventory + per-host set_fact', latency)
    grouped_play = Series(6, 'whole play', 'group_by_host once + per-host set_fact', latency)
    for _rep in range(play_reps):
        inventory_play.add(harness.playbook_run(emulator, workdir, PLUGIN_PLAY,
                                                '-i', inventories['source'], '-f', str(forks)))
        grouped_play.add(harness.playbook_run(emulator, workdir, GROUP_BY_HOST_PLAY,
                                              '-i', inventories['static'], '-f', str(forks)))
    return [inventory_play, grouped_play]


def main(argv=None):
    """``scripts/bench --inventory``: this scenario alone, with its own defaults and result files."""
    parser = argparse.ArgumentParser(prog='scripts/bench --inventory', description=__doc__.split('\n\n', maxsplit=1)[0])
    parser.add_argument('--latencies', default='0,100', help='injected latencies in ms, comma-separated')
    parser.add_argument('--reps', type=int, default=3, help='repetitions of the processes alone')
    parser.add_argument('--play-reps', type=int, default=1, help='repetitions of the whole plays')
    options = parser.parse_args(argv)
    latencies = [int(x) for x in options.latencies.split(',') if x.strip()]
    if not harness.collection_staged():
        parser.error('the collection is not at %s: run scripts/bench --inventory' % harness.COLLECTIONS)
    os.makedirs(harness.OUT, exist_ok=True)
    harness.start_spawner()
    started = time.monotonic()
    info = harness.machine()
    workdir = tempfile.mkdtemp(prefix='sl-bench-inventory-')
    try:
        emulator = harness.Emulator(workdir, seed_file=big_account())
        try:
            series, text = measure(emulator, workdir, latencies, options.reps, options.play_reps)
        finally:
            emulator.stop()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        harness.stop_spawner()
    elapsed = time.monotonic() - started
    info['load_at_end'] = [round(x, 2) for x in os.getloadavg()]
    print(text)
    print('\n(%.0f s; load %s -> %s)' % (elapsed, info['load_at_start'], info['load_at_end']))
    with open(os.path.join(harness.OUT, 'inventory.json'), 'w', encoding='utf-8') as handle:
        json.dump({'machine': info, 'seconds': round(elapsed), 'series': [s.summary() for s in series]}, handle, indent=2)
    with open(os.path.join(harness.OUT, 'inventory.md'), 'w', encoding='utf-8') as handle:
        handle.write(text + '\n')
    return 0


if __name__ == '__main__':
    sys.exit(main())
