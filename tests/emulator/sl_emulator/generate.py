"""Deterministic large accounts for benchmarks: ``python -m sl_emulator generate --tickets N --devices M --seed S -o F``.

The output extends a base seed (by default the bundled one, so the credentials, subjects and demo
fleet stay the same) with ``devices`` generated machines named host0001, host0002, ... (about 70%
bare metal, 30% virtual guests) and ``tickets`` generated tickets: mostly closed, some open or
assigned, most of them attached to one or two generated devices, each with one to four updates.
The same arguments always give byte-identical output.
"""

import random
from datetime import datetime, timedelta

from . import state as st

_EPOCH = datetime(2025, 10, 31, 12, 0, 0, tzinfo=st.API_TZ)
_SPAN_SECONDS = 2 * 365 * 24 * 3600
_USER_LINES = (
    'We see {problem} on {host} since {when}.',
    'Please check {problem} on {host}; it started {when}.',
    'Follow-up: {problem} on {host} is still happening.',
)
_EMPLOYEE_LINES = (
    'Thank you, we are looking into {problem} on {host}.',
    'A technician checked {host}; please confirm whether {problem} persists.',
    'We resolved {problem} on {host} and are closing this ticket.',
)
_PROBLEMS = ('packet loss', 'high disk latency', 'a failed power supply', 'ECC memory errors', 'a kernel panic',
             'slow DNS resolution', 'a console that does not respond', 'a RAID degradation warning')
_WHENS = ('this morning', 'last night', 'the last maintenance window', 'yesterday', 'the OS reload')


def _date(rng):
    return (_EPOCH - timedelta(seconds=rng.randrange(_SPAN_SECONDS))).isoformat()


def _later(date_text, rng):
    return (datetime.fromisoformat(date_text) + timedelta(minutes=rng.randrange(5, 3000))).isoformat()


_ROLES = ('web', 'database', 'cache', 'app', 'worker')


def build(tickets=10000, devices=1000, seed=1, base_path=None):
    """Return the generated state document (a dict)."""
    from . import SEED_PATH
    document = st.load_document(base_path or SEED_PATH)
    rng = random.Random(seed)
    account_id = document['account']['id']
    locations = [location['id'] for location in document['locations']]
    subjects = document['subjects']
    user_ids = [user['id'] for user in document['users']]
    employee_ids = [employee['id'] for employee in document['employees']] or [None]

    def next_id(table, start):
        rows = document[table]
        return max([row['id'] for row in rows] + [start - 1]) + 1

    hardware_id = next_id('hardware', 1600001)
    guest_id = next_id('virtualGuests', 92000001)
    generated = []
    for number in range(1, devices + 1):
        is_guest = rng.random() < 0.3
        table = 'virtualGuests' if is_guest else 'hardware'
        device_id = guest_id if is_guest else hardware_id
        record = {
            'id': device_id, 'accountId': account_id, 'hostname': 'host{:04d}'.format(number), 'domain': 'example.com',
            'datacenterId': rng.choice(locations), 'globalIdentifier': 'gen-{:08x}-{:04d}'.format(rng.getrandbits(32), number),
            'primaryIpAddress': '169.{}.{}.{}'.format(44 + number // 65000, (number // 250) % 250, number % 250 + 1),
            'primaryBackendIpAddress': '10.{}.{}.{}'.format(number // 65000, (number // 250) % 250, number % 250 + 1),
            'provisionDate': _date(rng),
        }
        if is_guest:
            record.update(maxCpu=rng.choice((1, 2, 4, 8)), maxMemory=rng.choice((2048, 4096, 8192, 16384)))
            record['startCpus'] = record['maxCpu']
            guest_id += 1
        else:
            record.update(hardwareStatusId=5, bareMetalInstanceFlag=0, serialNumber='GEN{:07d}'.format(number))
            hardware_id += 1
        # Tags come from the number, not the random generator, so every other generated value stays as it was.
        record['_tags'] = ['staging' if number % 5 == 0 else 'production', _ROLES[number % len(_ROLES)]]
        document[table].append(record)
        generated.append((table, record))

    ids = {table: next_id(table, start) for table, start in (
        ('tickets', 150000001), ('updates', 910000001), ('attachedHardware', 410001), ('attachedVirtualGuests', 420001))}
    case_number = document.get('nextIds', {}).get('caseNumber', 2400001)
    for number in range(1, tickets + 1):
        roll = rng.random()
        status = st.STATUS_CLOSED if roll < 0.8 else (st.STATUS_OPEN if roll < 0.92 else st.STATUS_ASSIGNED)
        subject = rng.choice(subjects)
        attached = []
        if generated and rng.random() < 0.85:
            attached = rng.sample(generated, 2 if rng.random() < 0.15 else 1)
        host = attached[0][1]['hostname'] if attached else 'the account'
        words = {'problem': rng.choice(_PROBLEMS), 'host': host, 'when': rng.choice(_WHENS)}
        created = _date(rng)
        assigned = None if rng.random() < 0.1 and status != st.STATUS_ASSIGNED else rng.choice(user_ids)
        ticket_id = ids['tickets']
        ids['tickets'] += 1
        date = created
        updates = []
        for index in range(rng.randint(1, 4)):
            employee = index % 2 == 1
            lines = _EMPLOYEE_LINES if employee else _USER_LINES
            update = {'id': ids['updates'], 'ticketId': ticket_id, 'createDate': date,
                      'entry': rng.choice(lines).format(**words), 'editorType': 'EMPLOYEE' if employee else 'USER'}
            if employee:
                update['_employeeId'] = rng.choice(employee_ids)
            else:
                update['editorId'] = assigned or user_ids[0]
            ids['updates'] += 1
            updates.append(update)
            date = _later(date, rng)
        document['updates'].extend(updates)
        last = updates[-1]
        employee_dates = [u['createDate'] for u in updates if u['editorType'] == 'EMPLOYEE']
        ticket = {
            'id': ticket_id, 'accountId': account_id, 'title': '{} on {} ({:05d})'.format(subject['name'], host, number),
            'subjectId': subject['id'], 'statusId': status, 'priority': rng.choice((0, 0, 0, 2, 3, 4)),
            'groupId': subject.get('_groupId'), 'createDate': created, 'modifyDate': last['createDate'],
            'lastEditDate': last['createDate'], 'lastEditType': last['editorType'], 'notifyUserOnUpdateFlag': True,
            'userEditableFlag': True, 'billableFlag': False, 'changeOwnerFlag': False, 'serverAdministrationFlag': 0,
            'responsibleBrandId': document['account'].get('brandId'), 'serviceProviderId': 1,
            'serviceProviderResourceId': 'CS{:07d}'.format(case_number), 'totalUpdateCount': len(updates),
            '_lastViewedUpdateId': max([u['id'] for u in updates if u['editorType'] == 'USER'] or [0]),
        }
        case_number += 1
        if assigned is not None:
            ticket['assignedUserId'] = assigned
        if employee_dates:
            ticket['lastResponseDate'] = employee_dates[-1]
        document['tickets'].append(ticket)
        for table, device in attached:
            link_table, key = ('attachedVirtualGuests', 'virtualGuestId') if table == 'virtualGuests' else ('attachedHardware', 'hardwareId')
            document[link_table].append({'id': ids[link_table], 'ticketId': ticket_id, key: device['id'],
                                         'attachmentId': device['id'], 'createDate': created})
            ids[link_table] += 1
    document.setdefault('nextIds', {})['caseNumber'] = case_number
    return document


def write(path, tickets=10000, devices=1000, seed=1, base_path=None):
    document = build(tickets=tickets, devices=devices, seed=seed, base_path=base_path)
    # Go through State so the file has exactly the format the server writes.
    state = st.State(document, path)
    state.save()
    return path
