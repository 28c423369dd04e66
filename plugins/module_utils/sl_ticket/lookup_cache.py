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

from ansible_collections.softlayer.support.plugins.module_utils.api.errors import InvalidInputError

CACHE_PREFIX = 'softlayer.support-lookups-'
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


class LookupHints:
    """sl_ticket's use of the cache: what to skip looking up, and what the API's answers contradict.

    ``cache`` None (the default, and check mode's saving) makes every hint unknown.
    """

    def __init__(self, cache=None):
        self.cache = cache

    def _get(self, kind, key):
        return self.cache.get(kind, key) if self.cache is not None else None

    def _put(self, kind, key, value):
        if self.cache is not None:
            self.cache.put(kind, key, value)

    def subjects(self):
        return self._get('subjects', 'all')

    def learn_subjects(self, subjects):
        self._put('subjects', 'all', [{'id': s['id'], 'name': s['name']} for s in subjects])

    def user(self, reference):
        return self._get('user', _user_key(reference))

    def learn_user(self, reference, user):
        self._put('user', _user_key(reference), user)

    def devices(self, kind, references):
        return self._get('devices', _devices_key(kind, references))

    def learn_devices(self, kind, references, devices):
        self._put('devices', _devices_key(kind, references), devices)

    def contradictions(self, raw, subject, user):
        """What the new ticket ``raw`` (the creation's answer) says against the subject and owner sent.

        Each contradicted hint is forgotten; the messages say what to check on the ticket.
        """
        found = []
        stored_subject = (raw.get('subject') or {}).get('name')
        if stored_subject is not None and stored_subject != subject.get('name'):
            found.append("subject %s is now named '%s', not '%s'" % (subject['id'], stored_subject, subject['name']))
            self.forget('subjects')
        stored_user = (raw.get('assignedUser') or {}).get('username')
        if stored_user is not None and user.get('username') is not None and stored_user != user['username']:
            found.append("user %s is now '%s', not '%s'" % (user['id'], stored_user, user['username']))
            self.forget('user')
        return found

    def forget(self, kind, key=None):
        if self.cache is not None:
            self.cache.forget(kind, key)

    def save(self):
        if self.cache is not None:
            self.cache.save()


def _user_key(reference):
    return '' if reference is None else str(reference).strip().lower()


def _devices_key(kind, references):
    return '%s:%s' % (kind.name, '\0'.join(str(r).strip().lower() for r in references))


def controller_cache(client, directory, lifetime):
    """The cache of the account ``client`` calls as, kept in ``directory``; None when ``lifetime`` is 0."""
    if lifetime is None or lifetime < 0:
        raise InvalidInputError('cache_lifetime must be 0 (no cache) or more seconds, not %r' % (lifetime,),
                                option='cache_lifetime')
    if not lifetime or client.account is None:
        return None
    if directory is not None and not os.path.isdir(directory):
        raise InvalidInputError('cache_dir %s is not a directory' % directory, option='cache_dir')
    username, endpoint = client.account
    return LookupCache(cache_path(directory, endpoint, username), lifetime=lifetime)
