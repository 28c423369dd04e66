# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Plays more than one scenario runs."""

# Every host's open tickets today: sl_ticket_info's group_by_host once (run_once), each host takes its entry.
GROUP_BY_HOST_PLAY = [{
    'hosts': 'all', 'gather_facts': False, 'tasks': [
        {'name': 'open tickets of every host', 'run_once': True, 'register': 'all_tickets',
         'softlayer.support.sl_ticket_info': {'group_by_host': True}},
        {'name': 'each host takes its own', 'ansible.builtin.set_fact': {
            'host_tickets': "{{ all_tickets.tickets_by_host[inventory_hostname] | default([]) }}"}}]}]
