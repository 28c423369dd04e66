# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A per-identity lock so concurrent runs on one host (forks, parallel playbooks) write one ticket or case.

The lock is an ``fcntl.flock`` on a file in the temp directory (or the ``lock_dir`` option's) named
after the module and a hash of the identity. The kernel drops it when the process ends, however it
ends, so a killed run never leaves a stale lock. Lock files are never deleted (deleting a lock file
while another process waits on it would let two processes hold "the" lock); they are empty and one
per identity. sl_ticket and ibm_case both take it; each names its own files.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import tempfile
import time
from contextlib import contextmanager

from ansible.module_utils.basic import env_fallback

from ansible_collections.softlayer.support.plugins.module_utils.api.errors import InvalidInputError, SoftLayerSupportError

LOCK_PREFIX = 'softlayer.support-'
DEFAULT_WAIT = 600
POLL_SECONDS = 0.05


def lock_dir_argument_spec():
    """A fresh spec of the option of every module that takes the lock (documented once, in doc_fragments/run_lock.py)."""
    return {'lock_dir': {'type': 'path', 'fallback': (env_fallback, ['SL_LOCK_DIR'])}}


def check_lock_dir(lock_dir):
    """Refuse a ``lock_dir`` that is not a directory, before any call."""
    if lock_dir is not None and not os.path.isdir(lock_dir):
        raise InvalidInputError('lock_dir %s is not a directory (it must exist, on storage every controller '
                                'shares)' % lock_dir, option='lock_dir')


def lock_path(*identity, owner, directory=None):
    """The lock file of ``owner``'s (a module's) runs for ``identity``: ``softlayer.support-<owner>-<hash>.lock``."""
    digest = hashlib.sha256('\0'.join(str(part) for part in identity).encode('utf-8')).hexdigest()[:32]
    return os.path.join(directory or tempfile.gettempdir(), '%s%s-%s.lock' % (LOCK_PREFIX, owner, digest))


def _open(path):
    """Open the lock file read-only, creating it if needed, never following a symlink.

    Read-only is enough for flock and works on a file another user created
    (sticky /tmp with protected_regular refuses O_CREAT on it, so create only
    when it does not exist yet).
    """
    flags = os.O_RDONLY | getattr(os, 'O_NOFOLLOW', 0) | getattr(os, 'O_CLOEXEC', 0)
    while True:
        try:
            return os.open(path, flags)
        except FileNotFoundError:
            pass
        try:
            return os.open(path, flags | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            continue


@contextmanager
def identity_lock(path, wait=DEFAULT_WAIT, describe='this identity', owner=None):
    """Hold the exclusive lock at ``path`` for the block; wait at most ``wait`` seconds for it.

    Yields whether another holder had to be waited for (what it read before may be stale).
    ``owner`` (the module) and ``describe`` only word the error after ``wait``.
    """
    try:
        fd = _open(path)
    except OSError as error:
        raise SoftLayerSupportError('cannot open the lock file %s: %s' % (path, error.strerror or error))
    try:
        deadline = time.monotonic() + wait
        waited = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as error:
                if error.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    raise SoftLayerSupportError('cannot lock %s: %s' % (path, error.strerror or error))
            if time.monotonic() >= deadline:
                raise SoftLayerSupportError(
                    'another %srun for %s has held the lock %s for more than %s s; '
                    'try again when it has finished' % (owner + ' ' if owner else '', describe, path, wait))
            waited = True
            time.sleep(POLL_SECONDS)
        yield waited
    finally:
        os.close(fd)


@contextmanager
def no_lock(path, wait=DEFAULT_WAIT, describe=None, owner=None):  # pylint: disable=unused-argument
    """Check mode's stand-in for ``identity_lock``: a run that writes nothing takes no turn and leaves no file."""
    yield False
