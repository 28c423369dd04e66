# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The accounts the emulator serves (generated once, kept under .build/bench) and static inventories of their hosts."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from benchmarks.harness import EMULATOR_DIR, OUT


def generated_account(tickets, devices, seed):
    """The seed file of a generated account (``python -m sl_emulator generate``), made on first use."""
    path = os.path.join(OUT, 'account-%d-tickets-%d-devices.json' % (tickets, devices))
    if not os.path.exists(path):
        os.makedirs(OUT, exist_ok=True)
        subprocess.run([sys.executable, '-m', 'sl_emulator', 'generate', '--tickets', str(tickets), '--devices',
                        str(devices), '--seed', str(seed), '-o', path], check=True,
                       env=dict(os.environ, PYTHONPATH=EMULATOR_DIR))
    return path


def big_account():
    return generated_account(10000, 1000, seed=1)


def fleet_account(hosts):
    """An account with enough bare metal servers (about 70 % of the generated devices) and 1,000 tickets."""
    return generated_account(1000, int(hosts / 0.7) + 50, seed=5)


def inventory_file(workdir, count):
    """A static inventory of the generated hosts host0001..., run locally."""
    path = os.path.join(workdir, 'inventory-%d.json' % count)
    hosts = {'host%04d' % n: {} for n in range(1, count + 1)}
    with open(path, 'w', encoding='utf-8') as handle:
        json.dump({'all': {'hosts': hosts, 'vars': {
            'ansible_connection': 'local', 'ansible_python_interpreter': sys.executable}}}, handle)
    return path
