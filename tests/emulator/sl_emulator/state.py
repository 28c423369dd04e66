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
import threading
from datetime import datetime, timedelta, timezone

FORMAT = 'sl-emulator-state/1'

# Tables keyed by id, in the order they are written.
TABLES = (
    'users', 'employees', 'locations', 'ticketGroupCategories', 'ticketGroups', 'subjectCategories', 'subjects',
    'statuses', 'hardware', 'virtualGuests', 'tickets', 'updates', 'attachedHardware', 'attachedVirtualGuests',
    'attachedFiles', 'additionalEmails',
)
# Top-level values that are not tables.
SCALARS = ('account', 'priorities', 'extensionWhitelist', 'nextIds')

# The API renders dates in US Central standard time, e.g. 2019-01-07T09:37:30-06:00.
API_TZ = timezone(timedelta(hours=-6))

STATUS_OPEN = 1001
STATUS_CLOSED = 1002
STATUS_ASSIGNED = 1004
ACTIVE_STATUSES = (STATUS_OPEN, STATUS_ASSIGNED)


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
        self.lock = threading.RLock()
        self.account = document['account']
        self.priorities = document.get('priorities', [])
        self.extension_whitelist = document.get('extensionWhitelist', [])
        self.tables = {}
        for table in TABLES:
            records = document.get(table, [])
            rows = {}
            for record in records:
                if not isinstance(record.get('id'), int):
                    raise StateError('every {} record needs an integer id: {!r}'.format(table, record))
                rows[record['id']] = record
            self.tables[table] = rows
        self.next_ids = {}
        stored_next = document.get('nextIds', {})
        for table, rows in self.tables.items():
            highest = max(rows) + 1 if rows else 1
            self.next_ids[table] = max(highest, stored_next.get(table, 1))
        self._encoded = {}
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
        for update in self.tables['updates'].values():
            self.updates_by_ticket.setdefault(update['ticketId'], []).append(update)
        for link in self.tables['attachedHardware'].values():
            self._index_link(link, 'hardwareId', self.hardware_links_by_ticket, self.hardware_links_by_device)
        for link in self.tables['attachedVirtualGuests'].values():
            self._index_link(link, 'virtualGuestId', self.guest_links_by_ticket, self.guest_links_by_device)
        for attached in self.tables['attachedFiles'].values():
            self.files_by_ticket.setdefault(attached['ticketId'], []).append(attached)
        for email in self.tables['additionalEmails'].values():
            self.emails_by_ticket.setdefault(email['ticketId'], []).append(email)
        for subject in self.tables['subjects'].values():
            self.subjects_by_category.setdefault(subject.get('categoryId'), []).append(subject)

    @staticmethod
    def _index_link(link, device_key, by_ticket, by_device):
        by_ticket.setdefault(link['ticketId'], []).append(link)
        by_device.setdefault(link[device_key], []).append(link)

    # -- lookups -------------------------------------------------------------------------------

    def get(self, table, record_id):
        return self.tables[table].get(record_id)

    def rows(self, table):
        return list(self.tables[table].values())

    # -- mutations (every change goes through these so the save cache stays right) -------------

    def insert(self, table, record):
        """Give ``record`` the next id of ``table``, store it and index it."""
        record['id'] = self.next_ids[table]
        self.next_ids[table] += 1
        self.tables[table][record['id']] = record
        if table == 'updates':
            self.updates_by_ticket.setdefault(record['ticketId'], []).append(record)
        elif table == 'attachedHardware':
            self._index_link(record, 'hardwareId', self.hardware_links_by_ticket, self.hardware_links_by_device)
        elif table == 'attachedVirtualGuests':
            self._index_link(record, 'virtualGuestId', self.guest_links_by_ticket, self.guest_links_by_device)
        elif table == 'attachedFiles':
            self.files_by_ticket.setdefault(record['ticketId'], []).append(record)
        elif table == 'additionalEmails':
            self.emails_by_ticket.setdefault(record['ticketId'], []).append(record)
        return record

    def change(self, table, record, **fields):
        """Set ``fields`` on a stored record."""
        record.update(fields)
        self._encoded.pop((table, record['id']), None)

    def delete(self, table, record):
        del self.tables[table][record['id']]
        self._encoded.pop((table, record['id']), None)
        indexes = {
            'attachedHardware': (self.hardware_links_by_ticket, self.hardware_links_by_device, 'hardwareId'),
            'attachedVirtualGuests': (self.guest_links_by_ticket, self.guest_links_by_device, 'virtualGuestId'),
        }
        if table in indexes:
            by_ticket, by_device, device_key = indexes[table]
            by_ticket[record['ticketId']].remove(record)
            by_device[record[device_key]].remove(record)
        elif table == 'additionalEmails':
            self.emails_by_ticket[record['ticketId']].remove(record)
        elif table == 'attachedFiles':
            self.files_by_ticket[record['ticketId']].remove(record)

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
