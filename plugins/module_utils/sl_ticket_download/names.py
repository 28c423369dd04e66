# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where each attachment is written: a safe local name for every file name the API sends.

A file name comes from whoever attached the file, so it is untrusted: it may hold path
separators, ``..``, control characters or nothing usable. ``local_names`` turns every
name of a ticket's listing into a plain file name inside ``dest``, distinct from every
other (also when compared ignoring case), the same on every run for the same listing.
"""

from __future__ import annotations

# Both separators count, whatever the host: a name from the API is never a path.
SEPARATORS = ('/', '\\')
# Longest local name, in UTF-8 bytes: well under the 255 of common file systems, leaving room for a suffix.
MAX_NAME_BYTES = 200


def sanitised(api_name):
    """The file name ``api_name`` is written as, or '' when nothing usable is left.

    Its last path part (``../../etc/passwd`` -> ``passwd``), control characters (NUL included)
    as ``_``, without leading dots (no hidden files, no ``.`` or ``..``) or surrounding blanks and
    trailing dots, cut to MAX_NAME_BYTES keeping the extension. Look-alike characters (U+2215,
    U+FF0F, ...) are no separators on any file system and stay as they are.
    """
    text = ''.join('_' if ord(char) < 32 or ord(char) == 127 else char for char in str(api_name or ''))
    for separator in SEPARATORS[1:]:
        text = text.replace(separator, SEPARATORS[0])
    parts = [part for part in text.split(SEPARATORS[0]) if part.strip()]
    name = parts[-1].strip().lstrip('.').strip().rstrip('. ') if parts else ''
    return _fitted(name)


def _split_extension(name):
    stem, dot, extension = name.rpartition('.')
    return (stem, dot + extension) if stem else (name, '')


def _fitted(name):
    if len(name.encode('utf-8')) <= MAX_NAME_BYTES:
        return name
    stem, extension = _split_extension(name)
    if len(extension.encode('utf-8')) > MAX_NAME_BYTES // 2:
        stem, extension = name, ''
    while stem and len((stem + extension).encode('utf-8')) > MAX_NAME_BYTES:
        stem = stem[:-1]
    return (stem + extension).rstrip('. ')


def local_names(files):
    """{attachment id: local file name} for every file of a listing (normalised: ``id``, ``file_name``).

    Files are named in the order of their ids (the order they were attached), so a file attached
    later never takes the name of an earlier one. A name taken already (ignoring case, as some file
    systems do) or empty gets the attachment id: ``x.txt`` -> ``x-901.txt``, '' -> ``attachment-901``.
    """
    taken = set()
    names = {}
    for item in sorted(files, key=lambda f: f['id']):
        name = sanitised(item['file_name']) or 'attachment-%d' % item['id']
        while name.casefold() in taken:
            stem, extension = _split_extension(name)
            name = '%s-%d%s' % (stem, item['id'], extension)
        taken.add(name.casefold())
        names[item['id']] = name
    return names
