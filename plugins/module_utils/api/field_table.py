# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Field tables: how one kind of API record is read and returned, one row per field.

A row names the returned key, the API property, how its value is read (a conversion)
and, for a relation, the table of the record it holds. A table's object mask and its
normaliser are both derived from its rows, so a field added as one row is read and
returned, and nothing names a property twice.
"""

from __future__ import annotations

import collections


# -- conversions: how SoftLayer sends a value, read as the collection returns it ------------------

def as_sent(value):
    return value


def int_or_none(value):
    """SoftLayer sends some numbers as strings; anything that is not a number becomes None."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def flag(value):
    """A SoftLayer boolean (True/False, 1/0, '1'/'0'; '' or None when null) as True, False or None."""
    if value is None or value == '':
        return None
    if isinstance(value, str):
        return value.strip().lower() not in ('0', 'false')
    return bool(value)


def text_or_none(value):
    """A text field that old records carry as a number (a numeric case number), as text."""
    if value is None or value == '':
        return None
    return str(value)


def empty_as_none(value):
    """A text whose null XML-RPC sends as ''."""
    return value or None


def first_present(*values):
    return next((value for value in values if value is not None and value != ''), None)


def property_of(name):
    """A relation read for one of its properties (``status`` -> its ``name``); None when the relation is null."""
    return lambda value: (value or {}).get(name)


# -- tables ------------------------------------------------------------------------------------

class Field(collections.namedtuple('Field', 'key prop convert record fallback group')):
    """One row of a field table.

    ``key``: the returned key (None: read for the caller's own use, not returned).
    ``prop``: the API property. ``convert``: how its value is read.
    ``record``: the FieldTable of a relation, whose fields the mask part names (None: a plain property).
    ``fallback``: (relation, property) read when ``prop`` is null, e.g. the id of a relation read anyway.
    ``group``: None for a field read every time; else the request that reads it, and the key is
    returned only when the property was read, so an absent key never pretends to be an empty list.
    """

    __slots__ = ()

    def mask_part(self, keys=None):
        """``prop``, or ``prop[...]`` naming the relation's fields (``keys`` of them only, when given)."""
        if self.record is None:
            return self.prop
        return '%s[%s]' % (self.prop, self.record.mask_items(*(keys or ())))

    def read(self, raw):
        value = raw.get(self.prop)
        if self.fallback is not None:
            relation, prop = self.fallback
            value = first_present(value, (raw.get(relation) or {}).get(prop))
        return self.convert(value)


def field(key, prop, convert=as_sent, record=None, fallback=None, group=None):
    return Field(key, prop, convert, record, fallback, group)


def one(record):
    """A conversion: the relation's record normalised, None when the relation is null."""
    return lambda value: record.normalise(value) if value else None


def many(record):
    """A conversion: each record of a list relation normalised (a null list is an empty one)."""
    read_one = one(record)
    return lambda value: [read_one(item) for item in value or []]


def _joined(parts):
    """Mask parts, each once: a property returned under two keys (a new name beside an old one) is read once."""
    return ','.join(dict.fromkeys(parts))


class FieldTable:
    """One kind of API record: its fields in the order they are returned."""

    def __init__(self, *fields):
        self.fields = fields
        self._by_key = {f.key: f for f in fields if f.key is not None}

    def mask_items(self, *keys, groups=()):
        """The mask's items: the fields read every time and those of ``groups``, in table order; or,
        given ``keys``, the fields returned as these keys, in that order (``'status.name'`` names one
        field of a relation)."""
        if not keys:
            return _joined(f.mask_part() for f in self.fields if f.group is None or f.group in groups)
        parts = []
        for key in keys:
            key, _dot, sub_key = key.partition('.')
            parts.append(self._by_key[key].mask_part([sub_key] if sub_key else None))
        return _joined(parts)

    def mask(self, *keys, groups=()):
        """The object mask of ``mask_items``."""
        return 'mask[%s]' % self.mask_items(*keys, groups=groups)

    def normalise(self, raw):
        """The API record as the returned dict: every key of the table, those of a group only when read."""
        return {f.key: f.read(raw) for f in self.fields if f.key is not None and (f.group is None or f.prop in raw)}
