# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What an account rarely changes, remembered between sl_ticket runs on one controller.

Opening a ticket needs the subject's id, the owner's id and each device's id: one round trip
of look-ups before the ticket can be created. An earlier run on the same controller learnt them,
so a later one can skip that round trip. Each remembered value is only a hint until the API
confirms it: the subject and owner by the creation's own answer, the devices by a look-up made
in the same round trip as the creation (see sl_ticket/sync.py). A hint the API contradicts is
forgotten and the run reports it.

One small JSON file per API user and endpoint (named by a hash of both, so the name reveals
neither), no secret in it, written whole through a rename, readable by its owner only. A file
that is not a regular file of this user, not private, unreadable or stale counts as empty:
a cache can only ever save calls, never decide anything.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
import time

CACHE_PREFIX = 'softlayer.support-sl_ticket-cache-'
# One day: subjects, user ids and device ids outlive it by far; a stale hint costs one round trip.
DEFAULT_LIFETIME = 86400
FORMAT = 1


def cache_path(directory, endpoint, username):
    digest = hashlib.sha256(('%s\0%s' % (endpoint or '', username or '')).encode('utf-8')).hexdigest()[:32]
    return os.path.join(directory or tempfile.gettempdir(), '%s%s.json' % (CACHE_PREFIX, digest))


class LookupCache:
    """Hints by kind ('subjects', 'user', 'device') and key, each with the time it was learnt."""

    def __init__(self, path, lifetime=DEFAULT_LIFETIME, clock=time.time):
        self.path = path
        self.lifetime = lifetime
        self.clock = clock
        self.entries = self._load() if self.enabled else {}
        self.dirty = False

    @property
    def enabled(self):
        return bool(self.path) and self.lifetime > 0

    def get(self, kind, key):
        """The value learnt for ``key``, or None when unknown or older than the lifetime."""
        entry = self.entries.get(kind, {}).get(key)
        if not entry or self.clock() - entry.get('at', 0) > self.lifetime:
            return None
        return entry.get('value')

    def put(self, kind, key, value):
        if self.enabled:
            self.entries.setdefault(kind, {})[key] = {'at': self.clock(), 'value': value}
            self.dirty = True

    def forget(self, kind, key=None):
        """Drop one hint, or every hint of ``kind``; returns whether anything was known."""
        known = self.entries.get(kind, {})
        dropped = known.pop(key, None) is not None if key is not None else bool(self.entries.pop(kind, None))
        self.dirty = self.dirty or dropped
        return dropped

    def save(self):
        """Write the hints if they changed; a failure is silent (the next run only looks up again)."""
        if not (self.enabled and self.dirty):
            return
        directory = os.path.dirname(self.path)
        try:
            handle, temporary = tempfile.mkstemp(prefix=CACHE_PREFIX, suffix='.tmp', dir=directory)
            with os.fdopen(handle, 'w') as stream:  # mkstemp creates it 0600
                json.dump({'format': FORMAT, 'entries': self.entries}, stream)
            os.replace(temporary, self.path)
            self.dirty = False
        except OSError:
            try:
                os.unlink(temporary)
            except (OSError, UnboundLocalError):
                pass

    def _load(self):
        try:
            fd = os.open(self.path, os.O_RDONLY | getattr(os, 'O_NOFOLLOW', 0) | getattr(os, 'O_CLOEXEC', 0))
        except OSError:
            return {}
        with os.fdopen(fd) as stream:
            info = os.fstat(stream.fileno())
            # Another user's file (planted in a shared /tmp) or one others may write is not ours to trust.
            if (not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid()
                    or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)):
                return {}
            try:
                data = json.load(stream)
            except ValueError:
                return {}
        if not isinstance(data, dict) or data.get('format') != FORMAT or not isinstance(data.get('entries'), dict):
            return {}
        return data['entries']
