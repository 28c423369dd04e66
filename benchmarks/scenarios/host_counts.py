# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Scenario 8: API calls and bytes against the hosts a play covers, for each way of reading every host's open tickets.

Every way runs for real at each count of ``--host-counts`` (the ways that read once per run also over
every generated host of the account): nothing is scaled or extrapolated, and the docs' plot joins these
points. Calls and bytes come from the emulator's call log and do not depend on the injected latency,
so the scenario runs at 0 ms and keeps no times (scenarios 2 and 6 time the same plays).
"""

from __future__ import annotations

from benchmarks.accounts import inventory_file
from benchmarks.harness import playbook_run
from benchmarks.plays import GROUP_BY_HOST_PLAY
from benchmarks.results import FIGURES, kb
from benchmarks.scenarios.host_facts import PER_HOST_PLAY, slcli_play
from benchmarks.scenarios.inventory_plugin import inventory_source, listing_run


def run(scenario, emulator, workdir, settings):
    """Each way at each host count: a whole play over a static inventory, or the plugin listing the hosts it selects."""
    emulator.latency(0)
    account = account_counts(emulator.admin('state'))
    # Every host: the generated ones (host0001...), which the static inventories and the plugin's patterns name.
    every, counts = account['generated_hosts'], sorted(set(settings.host_counts))
    # The plugin selects its hosts by hostname_pattern, which cannot pick any number of host0001...
    selectable = [n for n in counts if host_pattern(n, every)]
    # (key, the way, how it runs, its host counts, its play; None: the plugin's listing)
    ways = [
        ('per_host', 'sl_ticket_info per host', 'a play running sl_ticket_info for its host', counts, PER_HOST_PLAY),
        ('slcli', 'slcli ticket list per host', 'a play running slcli ticket list --all and keeping its host\'s', counts,
         slcli_play(emulator)),
        ('group_by_host', 'sl_ticket_info group_by_host, once',
         'a play running it once (run_once), each host taking its entry', counts + [every], GROUP_BY_HOST_PLAY),
        ('plugin', 'sl_inventory plugin', 'ansible-inventory --list, the plugin selecting the hosts by hostname_pattern',
         selectable + [every], None),
    ]
    measured = []
    for key, name, how, hosts, play in ways:
        points = [plugin_point(emulator, workdir, n, every) if play is None
                  else play_point(emulator, workdir, play, n, scenario.forks) for n in sorted(set(hosts))]
        measured.append({'key': key, 'way': name, 'how': how, 'points': points})
    FIGURES['host_counts'] = {'latency_ms': 0, 'forks': scenario.forks, 'account': account, 'ways': measured}
    lines = ['### Scenario 8: calls and bytes against hosts (%d tickets, %d devices; 0 ms)' % (
        account['tickets'], account['devices']), '',
        '| way | hosts | calls | KB |', '|---|---|---|---|']
    lines += ['| %s | %d | %d | %s |' % (item['way'], p['hosts'], p['calls'], kb(p['bytes']))
              for item in measured for p in item['points']]
    return [], '\n'.join(lines)


def account_counts(state):
    """What the emulator serves: tickets, devices, and the generated hosts (host0001...) among them."""
    devices = state['hardware'] + state['virtualGuests']
    return {'tickets': len(state['tickets']), 'devices': len(devices),
            'generated_hosts': sum(1 for d in devices if d['hostname'].startswith('host') and d['hostname'][4:].isdigit())}


def host_pattern(count, generated):
    """A hostname_pattern that selects exactly ``count`` of the ``generated`` hosts host0001..., or None.

    One host by its name, all of them by ``host*``, and a power of ten by a prefix: ``host001*`` is
    host0010 to host0019 (the account must reach the last of them).
    """
    if count == 1:
        return 'host0001'
    if count == generated:
        return 'host*'
    digits = len(str(count)) - 1
    if count == 10 ** digits and 2 * count - 1 <= generated and len(str(2 * count - 1)) <= 4:
        return ('host%04d' % count)[:-digits] + '*'
    return None


def play_point(emulator, workdir, play, hosts, forks):
    """One play over a static inventory of ``hosts`` generated hosts; the hosts it ran on, its calls and bytes."""
    done = playbook_run(emulator, workdir, play, '-i', inventory_file(workdir, hosts), '-f', str(forks))
    return point(len(done.document['stats']), done)


def plugin_point(emulator, workdir, hosts, generated):
    """ansible-inventory --list over a plugin source whose pattern selects ``hosts`` hosts; the hosts it listed."""
    listed = listing_run(emulator, workdir, inventory_source(workdir, host_pattern(hosts, generated)))
    if listed.hosts != hosts:
        raise RuntimeError('hostname_pattern %r listed %d hosts, not %d' % (
            host_pattern(hosts, generated), listed.hosts, hosts))
    return point(listed.hosts, listed)


def point(hosts, done):
    return {'hosts': hosts, 'calls': done.calls, 'bytes': done.request_bytes + done.response_bytes}
