# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""check_then_apply.yml's view of an sl_ticket result: everything check mode can know.

Left out, because only the server assigns them when it writes: ids (of the ticket, its updates
and files), dates, the case number, the status id, the title a new ticket is stored under
(the server may prefix it with the subject name or replace it; see the title policies), the
random part of a new ticket's creation token, and the server's defaults for the priority and
the notification flag of a new ticket that check mode reports as unknown (null).
"""

from __future__ import annotations

import re

NONCE = re.compile(r'(sl-ticket-[0-9a-f]{16})[.][0-9a-f]{12}')
SERVER_DEFAULTS = ('priority', 'notify_user')

SERVER_ASSIGNED = ('id', 'create_date', 'modify_date', 'last_edit_date', 'case_number', 'service_provider_resource_id', 'status_id')


def _entry(update):
    return NONCE.sub(r'\1.<nonce>', update['entry'] or '')


def check_mode_view(result):
    """The parts of a module result that a check-mode run must predict exactly."""
    view = {'failed': bool(result.get('failed')), 'msg': result.get('msg')}
    if 'ticket' not in result:
        return view
    created = result.get('created')
    ticket = {key: value for key, value in result['ticket'].items() if key not in SERVER_ASSIGNED}
    if created:
        ticket.pop('title')
    ticket['updates'] = [_entry(update) for update in ticket.get('updates') or []]
    # Who spoke last is what the run's writes make it (the last update's id and date are the server's).
    last = ticket.get('last_update')
    ticket['last_update'] = (_entry(last), last['editor_type']) if last else None
    ticket['attached_files'] = [(item['file_name'], item['file_size']) for item in ticket.get('attached_files') or []]
    view.update({
        'changed': result.get('changed'),
        'created': created,
        'ticket': ticket,
        'updates_added': result.get('updates_added'),
        'devices_attached': result.get('devices_attached'),
        'devices_detached': result.get('devices_detached'),
        'priority_changed': result.get('priority_changed'),
        'final_comments_added': result.get('final_comments_added'),
        'files_uploaded': result.get('files_uploaded'),
        'emails': result.get('emails'),
        'duplicate_ticket_id': result.get('duplicate_ticket_id'),
    })
    if 'diff' in result:
        after = dict(result['diff']['after'], id=None)
        if created:
            after.pop('title')
        view['diff'] = {'before': result['diff']['before'], 'after': after}
    return view


def check_mode_views(results):
    """``[check-mode result, real result]`` as two views that must be equal."""
    predicted, done = (check_mode_view(result) for result in results)
    if predicted.get('created') and done.get('created'):
        for key in SERVER_DEFAULTS:
            if predicted['ticket'][key] is None:
                predicted['ticket'].pop(key)
                done['ticket'].pop(key)
    return [predicted, done]


class FilterModule:
    """The filter check_then_apply.yml compares with."""

    @staticmethod
    def filters():
        return {'check_mode_views': check_mode_views}
