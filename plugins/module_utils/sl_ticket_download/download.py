# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""sl_ticket_download: list a ticket's files (one call), decide (plan.py), fetch what must be, write (folder.py).

API calls: one ``getAttachedFiles`` listing, then one ``getAttachedFile`` per file that is
written or has to be compared. A re-run over unchanged files makes the listing call only.
"""

from __future__ import annotations

import base64
import binascii

from ansible_collections.softlayer.support.plugins.module_utils.api.errors import ApiFaultError, InvalidInputError
from ansible_collections.softlayer.support.plugins.module_utils.tickets.calls import read_one_ticket
from ansible_collections.softlayer.support.plugins.module_utils.tickets.fields import FILE, FILE_MASK
from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket_download.folder import recorded_sha256, sha256_of
from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket_download.names import local_names
from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket_download.plan import (
    ABSENT, UNCHANGED, checked_content, compared, judge, select)


def list_files(client, ticket_id):
    """The ticket's attached files (normalised by the FILE table), one call; an unknown ticket names ticket_id."""
    raw = read_one_ticket(client, 'getAttachedFiles', ticket_id, mask=FILE_MASK,
                          operation='list the files of ticket %s' % ticket_id)
    return [FILE.normalise(item) for item in raw or []]


def fetch_file(client, ticket_id, item):
    """The bytes of one attached file (base64Binary: bytes over XML-RPC, base64 text over REST)."""
    operation = "download file '%s' (attachment %s) of ticket %s" % (item['file_name'], item['id'], ticket_id)
    value = client.read('SoftLayer_Ticket', 'getAttachedFile', item['id'], id=ticket_id, operation=operation)
    return checked_content(as_bytes(value, operation), item['file_size'], item['file_name'], item['id'])


def as_bytes(value, operation):
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    value = getattr(value, 'data', value)  # xmlrpc.client.Binary, should the transport keep it
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if isinstance(value, str):
        try:
            return base64.b64decode(value.encode('ascii'), validate=True)
        except (binascii.Error, UnicodeEncodeError, ValueError):
            pass
    raise ApiFaultError('%s failed: the API sent no file content' % operation, operation=operation)


def check_request(ticket_id, dest):
    if isinstance(ticket_id, bool) or not isinstance(ticket_id, int) or ticket_id < 1:
        raise InvalidInputError('ticket_id must be a ticket number (a whole number from 1), got %r' % (ticket_id,),
                                option='ticket_id')
    if not dest or not str(dest).strip():
        raise InvalidInputError('dest must name the folder to write the files to', option='dest')


def download(client, ticket_id, names, folder, writer):
    """Bring the selected files of ticket ``ticket_id`` into ``folder`` through ``writer``.

    Returns the module's result: ``changed``, ``files`` (one entry per selected file, in
    attachment order), ``dest``, ``ticket_id`` and ``diff``.
    """
    listing = list_files(client, ticket_id)
    local_name = local_names(listing)
    chosen = sorted(select(listing, names, ticket_id), key=lambda f: f['id'])
    exists = folder.check()
    record = folder.record() if exists else {}
    kept = dict(record)
    before, after = {}, {}
    if not exists and chosen:
        writer.make_dest()
        before['dest'], after['dest'] = 'absent', 'directory'
    results = []
    for item in chosen:
        name = local_name[item['id']]
        local = folder.local(name) if exists else ABSENT
        outcome = _bring(client, ticket_id, item, name, local, folder, writer, record, kept)
        results.append(outcome)
        if outcome['action'] != UNCHANGED:
            if local.kind != 'absent':
                before[name] = '%s bytes' % local.size if local.kind == 'file' else 'not a regular file'
            after[name] = '%s bytes (attachment %s)' % (item['file_size'], item['id'])
    if kept != record:
        writer.save_record(kept)
    changed = bool(before.get('dest')) or any(r['changed'] for r in results)
    return {'changed': changed, 'ticket_id': ticket_id, 'dest': folder.dest, 'files': results,
            'diff': {'before': before, 'after': after}}


def _bring(client, ticket_id, item, name, local, folder, writer, record, kept):
    """One file: judge, fetch when needed, write when different, apply the attributes. ``local``: what is there now."""
    if local.kind == 'directory':
        raise InvalidInputError("dest: %s is a directory, so file '%s' (attachment %s) cannot be written there"
                                % (folder.path(name), item['file_name'], item['id']), option='dest')
    hashes = {}

    def local_sha256():
        if 'local' not in hashes:
            hashes['local'] = folder.sha256(name)
        return hashes['local']

    verdict = judge(item['file_size'], local, recorded_sha256(record, name, ticket_id, item['id']), local_sha256)
    action, fetched = verdict.action, False
    # Check mode fetches only what it must compare: whether a missing or different file is written needs no content.
    if verdict.fetch and (action is None or not writer.dry_run):
        data = fetch_file(client, ticket_id, item)
        fetched = True
        digest = sha256_of(data)
        if action is None:
            action = compared(digest, local_sha256() if local.kind == 'file' else None)
        if action != UNCHANGED:
            writer.write(name, data, keep_attributes=local.kind == 'file')
        kept[name] = {'ticket_id': ticket_id, 'attachment_id': item['id'], 'size': len(data), 'sha256': digest}
    # A file check mode would write does not exist yet: its attributes are set when it is written.
    attributes_changed = writer.attributes(name) if action == UNCHANGED or not writer.dry_run else False
    return {
        'attachment_id': item['id'], 'name': item['file_name'], 'path': folder.path(name),
        'size': item['file_size'], 'action': action, 'changed': action != UNCHANGED or bool(attributes_changed),
        'fetched': fetched,
    }
