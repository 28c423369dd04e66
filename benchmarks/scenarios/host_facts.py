# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Scenario 2: open-ticket facts for 500 hosts: one group_by_host query, against one sl_ticket_info per host,
against slcli per host (whole plays; the per-host variants run on a sample of the hosts and are scaled)."""

from __future__ import annotations

from benchmarks.accounts import inventory_file
from benchmarks.harness import module_run, playbook_run
from benchmarks.plays import GROUP_BY_HOST_PLAY
from benchmarks.results import Series, kb, seconds_text, target

PER_HOST_PLAY = [{
    'hosts': 'all', 'gather_facts': False, 'tasks': [
        {'name': 'open tickets of this host', 'softlayer.support.sl_ticket_info': {
            'hardware': ['{{ inventory_hostname }}'], 'virtual_guests': ['{{ inventory_hostname }}']}}]}]


def slcli_play(emulator):
    return [{
        'hosts': 'all', 'gather_facts': False, 'tasks': [
            {'name': 'all open tickets', 'register': 'listing', 'changed_when': False,
             'ansible.builtin.command': {'argv': ['slcli', '--config', emulator.config_file, '--format', 'json',
                                                  'ticket', 'list', '--all']}},
            {'name': 'keep those naming this host', 'ansible.builtin.set_fact': {
                'host_tickets': "{{ listing.stdout | from_json | selectattr('title', 'search', "
                                "inventory_hostname ~ '\\\\b') | list }}"}}]}]


def run(scenario, emulator, workdir, settings):
    """500 hosts: one group_by_host query, against one sl_ticket_info per host, against slcli per host."""
    hosts, forks = scenario.hosts, str(scenario.forks)
    inventories = {'full': inventory_file(workdir, hosts), 'part': inventory_file(workdir, settings.sample)}
    series, rows, alone_rows = [], [], []
    for latency in settings.latencies:
        emulator.latency(latency)
        measured = measure(emulator, workdir, latency, scenario, settings, inventories)
        series.extend(measured[:4])
        a, g, m, s = (item.summary() for item in measured[:4])
        alone_rows.append('| %d ms | %s | %s | %s | %s | %d of %d |' % (
            latency, seconds_text(a), a['calls'], kb(a['bytes']), a['peak_mb'], measured[4], hosts))
        rows.append('| %d ms | %s | %s | %s | %s | %s | %s | %s | %s | %s |' % (
            latency, g['calls'], kb(g['bytes']), '%.1f' % g['median_s'],
            m['calls'], kb(m['bytes']), '%.1f' % m['median_s'],
            s['calls'], kb(s['bytes']), '%.1f' % s['median_s']))
        ratio = m['calls'] / float(g['calls'])
        target('group_by_host for %d hosts vs per-host sl_ticket_info, %d ms' % (hosts, latency),
               '>= %dx fewer calls' % scenario.targets['fewer_calls'],
               '%.0fx (%d vs %d calls)' % (ratio, g['calls'], m['calls']), ratio >= scenario.targets['fewer_calls'])
    text = '\n'.join([
        '### Scenario 2: open-ticket facts for %d hosts (10,000 tickets, 1,000 devices)' % hosts, '',
        'Whole ansible-playbook runs, forks %s. Per-host rows ran on %d hosts and are scaled to %d.' % (
            forks, settings.sample, hosts), '',
        '| latency | group_by_host once: calls | KB | s | sl_ticket_info per host: calls | KB | s '
        '| slcli ticket list per host: calls | KB | s |',
        '|---|---|---|---|---|---|---|---|---|---|'] + rows + [
        '', 'The group_by_host module process alone:', '',
        '| latency | s | calls | KB | MB | hosts with open tickets |', '|---|---|---|---|---|---|'] + alone_rows)
    return series, text


def measure(emulator, workdir, latency, scenario, settings, inventories):
    """The module process alone, the group_by_host play, and the two per-host plays; plus the hosts covered."""
    hosts, forks, sample = scenario.hosts, str(scenario.forks), settings.sample
    scale = hosts / float(sample)
    alone = Series(2, 'group_by_host module process', 'sl_ticket_info once', latency, 'the module process alone')
    for _rep in range(settings.alone_reps):
        result = alone.add(module_run(emulator, workdir, 'sl_ticket_info', {'group_by_host': True})).result
    covered = sum(1 for n in range(1, hosts + 1) if 'host%04d' % n in result['tickets_by_host'])
    grouped = Series(2, 'group_by_host', 'sl_ticket_info once', latency, 'run_once + per-host set_fact, 500 hosts')
    grouped.add(playbook_run(emulator, workdir, GROUP_BY_HOST_PLAY, '-i', inventories['full'], '-f', forks))
    module = Series(2, 'per host', 'sl_ticket_info per host', latency,
                    'measured on %d hosts, scaled x%.0f' % (sample, scale))
    module.add(playbook_run(emulator, workdir, PER_HOST_PLAY, '-i', inventories['part'], '-f', forks))
    module.scale = scale
    slcli = Series(2, 'per host', 'slcli ticket list per host', latency,
                   'measured on %d hosts, scaled x%.0f' % (sample, scale))
    slcli.add(playbook_run(emulator, workdir, slcli_play(emulator), '-i', inventories['part'], '-f', forks))
    slcli.scale = scale
    return alone, grouped, module, slcli, covered
