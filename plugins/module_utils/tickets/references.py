# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""How a user names a thing (a subject, a portal user, a device): by id or by name, and the hint on a typo.

``is_id`` is the one rule that tells an id from a name; ``did_you_mean`` the one way close names are
suggested, so every option answers a typo the same way.
"""

from __future__ import annotations

import difflib

# At most this many close names are suggested.
SUGGESTIONS = 3
# How alike (difflib's ratio, 0 to 1) a name must be to the one given to be suggested.
DEFAULT_CUTOFF = 0.5


def is_id(value):
    """Whether ``value`` names an object by id: a whole number, or its (ASCII) digits as text, spaces around ignored."""
    if isinstance(value, bool):
        return False
    text = str(value).strip()
    return text.isascii() and text.isdigit()


def close_names(wanted, names, spellings=None, cutoff=DEFAULT_CUTOFF):
    """Up to SUGGESTIONS of ``names`` close to ``wanted`` in any case, best first, each once.

    ``spellings(name)`` gives the texts a name is compared by (default: the name itself;
    a device is also compared by its short hostname).
    """
    by_spelling = {}
    for name in names:
        for spelling in (spellings(name) if spellings else (name,)):
            by_spelling.setdefault(spelling.casefold(), name)
    close = []
    for spelling in difflib.get_close_matches(str(wanted).casefold(), list(by_spelling), n=len(by_spelling) or 1, cutoff=cutoff):
        if by_spelling[spelling] not in close:
            close.append(by_spelling[spelling])
    return close[:SUGGESTIONS]


def did_you_mean(wanted, names, spellings=None, cutoff=DEFAULT_CUTOFF):
    """``did you mean 'a' or 'b'?`` for the names close to ``wanted`` (``close_names``), or None when none is."""
    close = close_names(wanted, names, spellings=spellings, cutoff=cutoff)
    if not close:
        return None
    return 'did you mean %s?' % ' or '.join("'%s'" % name for name in close)
