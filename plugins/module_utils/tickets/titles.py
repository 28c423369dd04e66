# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A ticket's title as the user gives it and as the server stores it."""

from __future__ import annotations

# A standard ticket's title as the server may store it: '<subject name> - <title>'.
SUBJECT_TITLE_SEPARATOR = ' - '


def title_matches(raw, title):
    """Whether a ticket's stored title is ``title`` as given, or as the server stores standard tickets.

    The server may keep the title as given or store ``'<subject name> - <title>'``
    (``Hardware Issue - Dead Drive``). Compared exactly, surrounding whitespace aside.
    """
    stored = (raw.get('title') or '').strip()
    wanted = (title or '').strip()
    if not wanted:
        return False
    if stored == wanted:
        return True
    subject = ((raw.get('subject') or {}).get('name') or '').strip()
    return bool(subject) and stored == subject + SUBJECT_TITLE_SEPARATOR + wanted


def title_filter_operation(title):
    """The object-filter operation that finds ``title`` in either stored form: the title ends with it.

    The server compares case-insensitively and may match more; title_matches re-checks exactly.
    """
    return {'operation': '$= %s' % title.strip()}
