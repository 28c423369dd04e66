# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Scenario 3: one host's open tickets on a 10,000-ticket account: a server-side filter against slcli's full list."""

from __future__ import annotations

import json

from benchmarks.harness import module_run, slcli_run
from benchmarks.results import Series, kb, pair_table, target


def run(scenario, emulator, workdir, settings, host='host0042'):
    """One host's open tickets on a 10,000-ticket account: a server-side filter against slcli's full list."""
    latencies, reps, goal = settings.latencies, settings.reps, scenario.targets
    series = []
    pairs = []
    for latency in latencies:
        emulator.latency(latency)
        module = Series(3, 'filtered query', 'sl_ticket_info', latency, "title_contains '%s', open" % host)
        slcli = Series(3, 'filtered query', 'slcli', latency, 'ticket list --all, filtered on the client')
        for _rep in range(reps):
            result = module.add(module_run(emulator, workdir, 'sl_ticket_info', {'title_contains': host})).result
            mine = sorted(t['id'] for t in result['tickets'])
            listing = slcli.add(slcli_run(emulator, 'ticket', 'list', '--all'))
            theirs = sorted(int(t['id']) for t in json.loads(listing.stdout) if host.lower() in t['title'].lower())
            assert mine == theirs, (mine, theirs)
        pairs.append(('open tickets naming %s (%d found)' % (host, len(mine)), module, slcli))
        series.extend([module, slcli])
        m, s = module.summary(), slcli.summary()
        ratio = s['bytes'] / float(m['bytes'])
        target('filtered query on 10,000 tickets vs slcli ticket list, %d ms' % latency,
               '>= %dx fewer bytes' % goal['fewer_bytes'],
               '%.0fx (%s KB vs %s KB)' % (ratio, kb(m['bytes']), kb(s['bytes'])), ratio >= goal['fewer_bytes'])
    return series, pair_table('Scenario 3: 10,000-ticket account, filtered query', pairs, 'sl_ticket_info', 'slcli')
