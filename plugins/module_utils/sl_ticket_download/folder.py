# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ``dest`` folder: what is there (files, the record of what was downloaded) and the one writer.

Every write of sl_ticket_download goes through a FolderWriter; check mode swaps in the
DryRunWriter, which writes nothing, so the prediction and the real run share every decision.
A file is written to a temporary file in ``dest`` and renamed over its name, so a reader
never sees half a file and an interrupted run leaves the old file or none.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile

from ansible_collections.softlayer.support.plugins.module_utils.api.errors import InvalidInputError
from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket_download.plan import ABSENT, LocalFile

# The record of what was downloaded, kept in ``dest``. Local names never start with a dot (names.py),
# so no attachment can be written over it or over a temporary file.
RECORD_NAME = '.sl_ticket_download.json'
RECORD_FORMAT = 'sl_ticket_download/1'
TEMP_PREFIX = '.sl_ticket_download-'


def sha256_of(data):
    return hashlib.sha256(data).hexdigest()


class Folder:
    """What ``dest`` holds. Reads only."""

    def __init__(self, dest):
        self.dest = os.path.abspath(dest)

    def check(self):
        """Whether ``dest`` exists; fails naming ``dest`` when it is something other than a directory."""
        if os.path.isdir(self.dest):
            return True
        if os.path.lexists(self.dest):
            raise InvalidInputError('dest %s exists and is not a directory' % self.dest, option='dest')
        return False

    def path(self, name):
        return os.path.join(self.dest, name)

    def local(self, name):
        """A LocalFile for ``name`` (a symbolic link is 'other', whatever it points at: it is replaced, never followed)."""
        try:
            info = os.lstat(self.path(name))
        except FileNotFoundError:
            return ABSENT
        if stat.S_ISREG(info.st_mode):
            return LocalFile('file', info.st_size)
        return LocalFile('directory' if stat.S_ISDIR(info.st_mode) else 'other', None)

    def sha256(self, name):
        digest = hashlib.sha256()
        with open(self.path(name), 'rb') as handle:
            for block in iter(lambda: handle.read(1 << 20), b''):
                digest.update(block)
        return digest.hexdigest()

    def record(self):
        """{local name: {ticket_id, attachment_id, size, sha256}}; an unreadable record is an empty one
        (it only saves fetches: without it, files of the listed size are fetched and compared)."""
        try:
            with open(self.path(RECORD_NAME), encoding='utf-8') as handle:
                document = json.load(handle)
        except (OSError, ValueError):
            return {}
        files = document.get('files') if isinstance(document, dict) and document.get('format') == RECORD_FORMAT else None
        return {name: entry for name, entry in (files or {}).items() if isinstance(entry, dict)}


def recorded_sha256(record, name, ticket_id, attachment_id):
    entry = record.get(name) or {}
    if entry.get('ticket_id') == ticket_id and entry.get('attachment_id') == attachment_id:
        return entry.get('sha256')
    return None


class FolderWriter:
    """Writes into ``dest``: ``move(temp, path)`` renames a finished temporary file over a name
    (AnsibleModule.atomic_move, which keeps SELinux contexts); ``set_attributes(path)`` applies the
    mode/owner options and says whether anything changed."""

    dry_run = False

    def __init__(self, folder, move, set_attributes):
        self.folder = folder
        self.move = move
        self.set_attributes = set_attributes

    def make_dest(self):
        os.makedirs(self.folder.dest, exist_ok=True)

    def write(self, name, data, keep_attributes):
        self._write_atomically(self.folder.path(name), data, keep_attributes)

    def attributes(self, name):
        return self.set_attributes(self.folder.path(name))

    def save_record(self, record):
        document = {'format': RECORD_FORMAT, 'files': record}
        self._write_atomically(self.folder.path(RECORD_NAME),
                               json.dumps(document, indent=1, sort_keys=True).encode('utf-8'), True)

    def _write_atomically(self, path, data, keep_attributes):
        handle, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=self.folder.dest)
        try:
            with os.fdopen(handle, 'wb') as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            if not keep_attributes and os.path.lexists(path):
                # Not a regular file (a symbolic link, a pipe): removed, so that atomic_move gives the new file
                # nothing of it, such as a link target's mode and owner (ansible-core 2.16 cannot be told not to).
                os.unlink(path)
            self.move(temp, path)
        finally:
            if os.path.lexists(temp):
                os.unlink(temp)


class DryRunWriter:
    """Check mode's writer: writes nothing; attributes are only compared (AnsibleModule does not apply them in check mode)."""

    dry_run = True

    def __init__(self, folder, set_attributes):
        self.folder = folder
        self.set_attributes = set_attributes

    def make_dest(self):
        pass

    def write(self, name, data, keep_attributes):
        pass

    def attributes(self, name):
        return self.set_attributes(self.folder.path(name))

    def save_record(self, record):
        pass
