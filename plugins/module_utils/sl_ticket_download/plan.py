# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What sl_ticket_download does with each file, decided without any API call or write.

SoftLayer has no call that changes or removes an attached file (names are unique per ticket),
so an attachment id always stands for the same bytes. A local file is **unchanged** when it is
a regular file of the listed size whose SHA-256 is the one recorded in the folder's record
(folder.py) for that ticket and attachment id. Then the file is not fetched again, and a re-run
costs the one listing call. A file of the listed size without such a record (written by hand,
the record lost) is fetched once and compared, and written only when it differs.
"""

from __future__ import annotations

import collections
import fnmatch

from ansible_collections.softlayer.support.plugins.module_utils.api.errors import ApiFaultError, InvalidInputError

ADDED, REPLACED, UNCHANGED = 'added', 'replaced', 'unchanged'
# A name with one of these is a shell-style pattern; any other must name an attached file.
WILDCARDS = ('*', '?', '[')


class LocalFile(collections.namedtuple('LocalFile', 'kind size')):
    """What is at a local path: ``kind`` is 'absent', 'file' (a regular file), 'directory' or 'other'
    (a symbolic link, a device, ...), ``size`` the size of a regular file."""

    __slots__ = ()


ABSENT = LocalFile('absent', None)


class Verdict(collections.namedtuple('Verdict', 'action fetch')):
    """``action``: ADDED, REPLACED or UNCHANGED, or None while only fetching and comparing can tell.
    ``fetch``: whether the file's content must be fetched."""

    __slots__ = ()


def select(files, wanted, ticket_id):
    """The files of the listing that ``wanted`` (the ``names`` option) names: all of them for None.

    An entry matches a file name exactly or as a shell-style pattern (``*.log``, ``dmesg-?.txt``),
    case-sensitively. An entry without wildcards must name an attached file: a misspelt name fails
    instead of downloading nothing.
    """
    if wanted is None:
        return list(files)
    for entry in wanted:
        if not entry or not entry.strip():
            raise InvalidInputError('names must not hold an empty name; leave names out to download every file',
                                    option='names')
    attached = [item['file_name'] for item in files]
    missing = [entry for entry in wanted if not any(c in entry for c in WILDCARDS) and entry not in attached]
    if missing:
        raise InvalidInputError('names: ticket %s has no file named %s; its files: %s' % (
            ticket_id, ', '.join("'%s'" % m for m in missing),
            ', '.join("'%s'" % n for n in sorted(attached)) or 'none'), option='names')
    return [item for item in files
            if any(item['file_name'] == entry or fnmatch.fnmatchcase(item['file_name'], entry) for entry in wanted)]


def judge(listed_size, local, recorded_sha256, local_sha256):
    """The verdict on one file before any fetch.

    ``listed_size``: the listing's fileSize (None when the API sent none); ``local``: a LocalFile;
    ``recorded_sha256``: the record's hash for this ticket and attachment (None: no record);
    ``local_sha256()``: the local file's hash, called only when the answer depends on it.
    """
    if local.kind == 'absent':
        return Verdict(ADDED, True)
    if local.kind != 'file' or (listed_size is not None and local.size != listed_size):
        return Verdict(REPLACED, True)
    if recorded_sha256 is not None and local_sha256() == recorded_sha256:
        return Verdict(UNCHANGED, False)
    return Verdict(None, True)


def compared(fetched_sha256, local_sha256):
    """The action once the content is fetched for a file ``judge`` could not tell (None: not a regular file)."""
    return UNCHANGED if local_sha256 is not None and fetched_sha256 == local_sha256 else REPLACED


def checked_content(data, listed_size, name, attachment_id):
    """``data`` when it is as long as the listing says; a short or long answer is never written."""
    if listed_size is not None and len(data) != listed_size:
        raise ApiFaultError(
            "file '%s' (attachment %s): the API sent %d bytes, its listing says %d; nothing was written for it"
            % (name, attachment_id, len(data), listed_size), operation='download attachment %s' % attachment_id)
    return data
