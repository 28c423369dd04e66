"""The emulator's account state: plain JSON records, indexes over them, and atomic persistence.

The on-disk format is the in-memory format: a JSON object with one list of records per table
(see ``data/seed.json``). Records are plain dicts so that saving needs no conversion; keys that
start with ``_`` are internal bookkeeping and never rendered by the API.

Every acknowledged write is saved before the response goes out (``save``): the whole document is
written to a temporary file in the same directory, fsynced, renamed over the state file with
``os.replace`` and the directory is fsynced, so a crash leaves either the old or the new state.
Serialised records are cached and only records marked dirty are re-encoded, which keeps a save
of a 10,000-ticket account cheap.
"""

import json
import os
import re
from datetime import datetime, timedelta, timezone

FORMAT = 'sl-emulator-state/1'

# Tables keyed by id, in the order they are written.
TABLES = (
    'users', 'employees', 'locations', 'ticketGroupCategories', 'ticketGroups', 'subjectCategories', 'subjects',
    'statuses', 'hardware', 'virtualGuests', 'tickets', 'updates', 'attachedHardware', 'attachedVirtualGuests',
    'attachedFiles', 'additionalEmails',
    # IBM Cloud Support Center cases (cases.py): the cases opened through the Case Management API and what any
    # case holds by its number.
    'cases', 'caseComments', 'caseWatchers', 'caseResources', 'caseAttachments',
)
# Top-level values that are not tables.
SCALARS = ('account', 'priorities', 'extensionWhitelist', 'nextIds')

# Dates are stored in SoftLayer's standard time, e.g. 2019-01-07T09:37:30-06:00: what the API writes for a user
# without a time zone of their own. A user's own zone (the emulator's user_timezone) changes what the API writes
# and the zone it reads filter dates in (services.Context).
API_TZ = timezone(timedelta(hours=-6))
DEFAULT_USER_TIMEZONE = '-06:00'
_OFFSET_RE = re.compile(r'^([+-])(\d{2}):(\d{2})$')

STATUS_OPEN = 1001
STATUS_CLOSED = 1002
STATUS_ASSIGNED = 1004
ACTIVE_STATUSES = (STATUS_OPEN, STATUS_ASSIGNED)


def user_timezone(name):
    """The tzinfo a user_timezone setting names: a fixed UTC offset '+HH:MM' / '-HH:MM', or an IANA zone name such
    as America/Chicago (the standard library's zoneinfo, with its daylight-saving rules). ValueError otherwise."""
    match = _OFFSET_RE.match(name) if isinstance(name, str) else None
    if match:
        hours, minutes = int(match.group(2)), int(match.group(3))
        if hours > 14 or minutes > 59:
            raise ValueError('UTC offset out of range: {}'.format(name))
        offset = timedelta(hours=hours, minutes=minutes)
        return timezone(-offset if match.group(1) == '-' else offset)
    if isinstance(name, str) and name and not name.startswith(('+', '-')):
        try:
            import zoneinfo
            return zoneinfo.ZoneInfo(name)
        except (ImportError, ValueError, KeyError) as error:   # KeyError: zoneinfo.ZoneInfoNotFoundError
            raise ValueError('unknown time zone {!r} ({})'.format(name, error)) from None
    raise ValueError('not a UTC offset or a time zone name: {!r}'.format(name))


def now_iso():
    return datetime.now(API_TZ).replace(microsecond=0).isoformat()


def load_document(path):
    with open(path, 'rb') as handle:
        return json.loads(handle.read().decode('utf-8'))


def atomic_write(path, data):
    """Write ``data`` (bytes) to ``path`` so that a crash leaves the old or the new content, never a mix."""
    directory = os.path.dirname(os.path.abspath(path))
    tmp_path = os.path.join(directory, '.{}.{}.tmp'.format(os.path.basename(path), os.getpid()))
    with open(tmp_path, 'wb') as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp_path, path)
    dir_fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


class StateError(Exception):
    """The state document is malformed."""


class State:
    """All records of the emulated account plus the indexes the services need."""

    def __init__(self, document, path=None):
        if document.get('format') != FORMAT:
            raise StateError('state document format must be {!r}'.format(FORMAT))
        self.path = path
        self.account = document['account']
        self.priorities = document.get('priorities', [])
        self.extension_whitelist = document.get('extensionWhitelist', [])
        self.tables = {}
        for table in TABLES:
            records = document.get(table, [])
            for record in records:
                if not isinstance(record.get('id'), int):
                    raise StateError('every {} record needs an integer id: {!r}'.format(table, record))
            self.tables[table] = {record['id']: record for record in sorted(records, key=lambda rec: rec['id'])}
        self.next_ids = {}
        stored_next = document.get('nextIds', {})
        for table, rows in self.tables.items():
            highest = max(rows) + 1 if rows else 1
            self.next_ids[table] = max(highest, stored_next.get(table, 1))
        # Counters that are not table ids, e.g. the next case number.
        for key, value in stored_next.items():
            self.next_ids.setdefault(key, value)
        # The server's switches for the call being run (set by services.Context).
        self.policy = {}
        self._encoded = {}
        self._journal = None
        self._journal_next_ids = None
        self._build_indexes()

    # -- indexes -------------------------------------------------------------------------------

    def _build_indexes(self):
        self.user_by_name = {user['username']: user for user in self.tables['users'].values()}
        self.updates_by_ticket = {}
        self.hardware_links_by_ticket = {}
        self.hardware_links_by_device = {}
        self.guest_links_by_ticket = {}
        self.guest_links_by_device = {}
        self.files_by_ticket = {}
        self.emails_by_ticket = {}
        self.subjects_by_category = {}
        for table in ('updates', 'attachedHardware', 'attachedVirtualGuests', 'attachedFiles', 'additionalEmails'):
            for record in self.tables[table].values():
                by_ticket, by_device, device_key = self._link_indexes(table)
                by_ticket.setdefault(record['ticketId'], []).append(record)
                if by_device is not None:
                    by_device.setdefault(record[device_key], []).append(record)
        for subject in self.tables['subjects'].values():
            self.subjects_by_category.setdefault(subject.get('categoryId'), []).append(subject)

    # -- lookups -------------------------------------------------------------------------------

    def get(self, table, record_id):
        return self.tables[table].get(record_id)

    def rows(self, table):
        return list(self.tables[table].values())

    # -- mutations (every change goes through these so the save cache and the undo journal stay right) --

    def begin(self):
        """Start recording an undo journal, so a call that fails half-way leaves no trace."""
        self._journal = []
        self._journal_next_ids = dict(self.next_ids)

    def commit(self):
        self._journal = None

    def rollback(self):
        journal, self._journal = self._journal, None
        if journal is None:
            return
        for entry in reversed(journal):
            action, table, record = entry[0], entry[1], entry[2]
            if action == 'insert':
                self._unlink(table, record)
            elif action == 'delete':
                self._link(table, record)
                self._sort_indexes()
            else:
                record.clear()
                record.update(entry[3])
                self._encoded.pop((table, record['id']), None)
        self.next_ids = self._journal_next_ids

    def _record(self, *entry):
        if getattr(self, '_journal', None) is not None:
            self._journal.append(entry)

    def insert(self, table, record):
        """Give ``record`` the next id of ``table``, store it and index it."""
        record['id'] = self.next_ids[table]
        self.next_ids[table] += 1
        self._link(table, record)
        self._record('insert', table, record)
        return record

    def next_counter(self, name, start):
        """Next value of a counter that is not a table id (e.g. case numbers); restored by rollback."""
        value = self.next_ids.get(name, start)
        self.next_ids[name] = value + 1
        return value

    def change(self, table, record, **fields):
        """Set ``fields`` on a stored record."""
        self._record('change', table, record, dict(record))
        record.update(fields)
        self._encoded.pop((table, record['id']), None)

    def delete(self, table, record):
        self._unlink(table, record)
        self._record('delete', table, record)

    def _link_indexes(self, table):
        """(index by ticket, index by device or None, device key) for tables indexed by ticket."""
        return {
            'updates': (self.updates_by_ticket, None, None),
            'attachedHardware': (self.hardware_links_by_ticket, self.hardware_links_by_device, 'hardwareId'),
            'attachedVirtualGuests': (self.guest_links_by_ticket, self.guest_links_by_device, 'virtualGuestId'),
            'attachedFiles': (self.files_by_ticket, None, None),
            'additionalEmails': (self.emails_by_ticket, None, None),
        }.get(table)

    def _link(self, table, record):
        self.tables[table][record['id']] = record
        self._encoded.pop((table, record['id']), None)
        indexes = self._link_indexes(table)
        if indexes:
            by_ticket, by_device, device_key = indexes
            by_ticket.setdefault(record['ticketId'], []).append(record)
            if by_device is not None:
                by_device.setdefault(record[device_key], []).append(record)

    def _unlink(self, table, record):
        del self.tables[table][record['id']]
        self._encoded.pop((table, record['id']), None)
        indexes = self._link_indexes(table)
        if indexes:
            by_ticket, by_device, device_key = indexes
            by_ticket[record['ticketId']].remove(record)
            if by_device is not None:
                by_device[record[device_key]].remove(record)

    def _sort_indexes(self):
        for table in ('updates', 'attachedHardware', 'attachedVirtualGuests', 'attachedFiles', 'additionalEmails'):
            by_ticket, by_device = self._link_indexes(table)[:2]
            for index in (by_ticket, by_device or {}):
                for records in index.values():
                    records.sort(key=lambda rec: rec['id'])
        self.tables = {table: dict(sorted(rows.items())) for table, rows in self.tables.items()}

    # -- persistence ---------------------------------------------------------------------------

    def _encode_table(self, table):
        parts = []
        for record_id, record in self.tables[table].items():
            key = (table, record_id)
            encoded = self._encoded.get(key)
            if encoded is None:
                encoded = json.dumps(record, ensure_ascii=False, separators=(',', ':'), sort_keys=True)
                self._encoded[key] = encoded
            parts.append(encoded)
        return '[\n' + ',\n'.join(parts) + ']'

    def to_json_text(self):
        pieces = ['"format":' + json.dumps(FORMAT)]
        scalars = {
            'account': self.account, 'priorities': self.priorities,
            'extensionWhitelist': self.extension_whitelist, 'nextIds': self.next_ids,
        }
        for name in SCALARS:
            pieces.append('{}:{}'.format(json.dumps(name), json.dumps(scalars[name], ensure_ascii=False, sort_keys=True)))
        for table in TABLES:
            pieces.append('{}:{}'.format(json.dumps(table), self._encode_table(table)))
        return '{\n' + ',\n'.join(pieces) + '\n}\n'

    def save(self):
        """Persist the whole state atomically (no-op for an in-memory emulator)."""
        if self.path:
            atomic_write(self.path, self.to_json_text().encode('utf-8'))


def open_state(state_path, seed_path):
    """Load ``state_path`` if it exists, otherwise start from the seed (and save it at once when a path is set)."""
    if state_path and os.path.exists(state_path):
        return State(load_document(state_path), state_path)
    state = State(load_document(seed_path), state_path)
    state.save()
    return state
