# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Ticket subjects: read them once, resolve a name or an id, suggest close names on a typo."""

from __future__ import annotations

from ansible_collections.softlayer.support.plugins.module_utils.api.errors import InvalidInputError
from ansible_collections.softlayer.support.plugins.module_utils.api.field_table import FieldTable, field, property_of
from ansible_collections.softlayer.support.plugins.module_utils.tickets.fields import NAMED
from ansible_collections.softlayer.support.plugins.module_utils.tickets.references import did_you_mean, is_id

SUBJECT = FieldTable(
    field('id', 'id'),
    field('name', 'name'),
    field('category', 'category', property_of('name'), record=NAMED),
    field('category_id', 'categoryId', fallback=('category', 'id')),
    field('parent_id', 'parentId'),
)
SUBJECT_MASK = SUBJECT.mask()


def fetch_subjects(client):
    """All ticket subjects of the API (one call), normalised."""
    raw = client.read('SoftLayer_Ticket_Subject', 'getAllObjects', mask=SUBJECT_MASK,
                      operation='read the ticket subjects')
    return [normalise_subject(s) for s in raw]


def normalise_subject(raw):
    return SUBJECT.normalise(raw)


def resolve_subject(subjects, wanted, option='subject'):
    """The subject named or numbered by ``wanted`` (case-insensitive name, or id).

    Unknown values fail with the closest valid names, so a typo is a one-line fix.
    """
    text = str(wanted).strip()
    if is_id(text):
        for subject in subjects:
            if subject['id'] == int(text):
                return subject
    folded = text.casefold()
    for subject in subjects:
        if (subject['name'] or '').casefold() == folded:
            return subject
    names = list({s['name'].casefold(): s['name'] for s in subjects if s['name']}.values())
    hint = did_you_mean(text, names) or 'valid subjects: %s' % ', '.join("'%s'" % n for n in sorted(names))
    raise InvalidInputError("%s '%s' is not a SoftLayer ticket subject name or id; %s" % (option, text, hint),
                            option=option)


def filter_subjects(subjects, subject_id=None, name=None, name_contains=None):
    """The subjects matching every criterion given: ``subject_id``, ``name`` (exact) and ``name_contains``.

    Names compare case-insensitively. No criterion returns every subject; a
    criterion that matches nothing returns an empty list (not an error).
    """
    wanted = name.strip().casefold() if name is not None else None
    fragment = name_contains.strip().casefold() if name_contains is not None else None
    matched = []
    for subject in subjects:
        folded = (subject['name'] or '').casefold()
        if subject_id is not None and subject['id'] != subject_id:
            continue
        if wanted is not None and folded != wanted:
            continue
        if fragment is not None and fragment not in folded:
            continue
        matched.append(subject)
    return sorted(matched, key=lambda s: (s['id'] is None, s['id'] or 0))


def query_subjects(client, subject_id=None, name=None, name_contains=None):
    """sl_ticket_subject_info: the subjects matching the criteria, read with one call."""
    for option, value in (('name', name), ('name_contains', name_contains)):
        if value is not None and not value.strip():
            raise InvalidInputError('%s must not be empty; leave it out to list every subject' % option, option=option)
    return filter_subjects(fetch_subjects(client), subject_id=subject_id, name=name, name_contains=name_contains)
