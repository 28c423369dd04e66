"""Tests for the emulator's object-mask parser and projection."""

import pytest

from fakes import FakeNode
from sl_emulator.faults import ApiFault
from sl_emulator.objectmask import Mask, parse_mask, project

# A mask the API cannot parse (softlayer-python PR #345); a bad property is an ObjectMask fault.
PARSER = 'SoftLayer_Exception_Common_Parser'


def assert_fault(excinfo, message, code='SoftLayer_Exception_WebService_ObjectMask'):
    """Check the fault's class (a bad property by default) and that its message contains ``message``."""
    assert excinfo.value.code == code
    assert excinfo.value.http_status == 500
    assert message in excinfo.value.message


def tree(mask):
    """Mask as nested dicts, for readable comparisons."""
    return {name: tree(child) for name, child in mask.children.items()}


def make_ticket():
    status = FakeNode('SoftLayer_Ticket_Status', {'id': 1001, 'name': 'Open'})
    servers = [
        FakeNode('SoftLayer_Hardware', {'id': 7, 'hostname': 'db01', 'domain': 'example.com'}),
        FakeNode('SoftLayer_Hardware', {'id': 8, 'hostname': 'db02', 'domain': 'example.com'}),
    ]
    update = FakeNode('SoftLayer_Ticket_Update', {'id': 90, 'entry': 'first'}, {'editor': None})
    return FakeNode(
        'SoftLayer_Ticket',
        {'id': 5, 'title': 'Disk failure', 'statusId': 1001, 'createDate': '2026-01-05T10:00:00-06:00', 'assignedUserId': None},
        {
            'status': status,
            'attachedHardware': servers,
            'attachedVirtualGuests': [],
            'assignedUser': None,
            'updates': [update],
            'updateCount': 1,
            'awaitingUserResponseFlag': False,
        },
        extra_locals=('finalComments',),
    )


# --------------------------------------------------------------------------- parsing


@pytest.mark.parametrize('text', [None, '', '   \n'])
def test_no_mask(text):
    assert parse_mask(text) is None


@pytest.mark.parametrize('text', [
    'mask[id,title,status[name],attachedHardware[id,hostname]]',
    '[id,title,status[name],attachedHardware[id,hostname]]',
    'id,title,status.name,attachedHardware[id,hostname]',
    'mask[id,title,status.name,attachedHardware[id],attachedHardware[hostname]]',
    ' mask [ id , title ,\n status [ name ] , attachedHardware [ id , hostname ] ] ',
    'mask[id,title,status(SoftLayer_Ticket_Status)[name],attachedHardware(SoftLayer_Hardware_Server)[id,hostname]]',
])
def test_equivalent_forms(text):
    expected = {'id': {}, 'title': {}, 'status': {'name': {}}, 'attachedHardware': {'id': {}, 'hostname': {}}}
    assert tree(parse_mask(text)) == expected


def test_dotted_root_form():
    assert parse_mask('mask.status.name') == parse_mask('mask[status[name]]')
    assert tree(parse_mask('mask.attachedHardware[id,hostname]')) == {'attachedHardware': {'id': {}, 'hostname': {}}}


def test_duplicates_merge_recursively():
    mask = parse_mask('mask[status[id],status[name],updates[editor[id]],updates.editor.name]')
    assert tree(mask) == {'status': {'id': {}, 'name': {}}, 'updates': {'editor': {'id': {}, 'name': {}}}}


def test_filtered_mask_flag():
    assert parse_mask('filteredMask[updates[entry]]').filtered is True
    assert parse_mask('mask[updates[entry]]').filtered is False
    assert tree(parse_mask('filteredMask.updates.entry')) == {'updates': {'entry': {}}}


def test_type_hints_are_recorded():
    mask = parse_mask('mask(SoftLayer_Hardware_Server)[id,networkComponents(SoftLayer_Network_Component)[id]]')
    assert mask.type_hint == 'SoftLayer_Hardware_Server'
    assert mask.children['networkComponents'].type_hint == 'SoftLayer_Network_Component'
    assert mask.children['id'].type_hint is None
    assert parse_mask('mask(SoftLayer_Ticket).status.name') == parse_mask('mask(SoftLayer_Ticket)[status[name]]')


def test_sdk_ticket_masks():
    mask = parse_mask('mask[id, serviceProviderResourceId, title, assignedUser[firstName, lastName], status, createDate, '
                      'lastEditDate, updates[entry,editor], updateCount, priority]')
    assert tree(mask)['assignedUser'] == {'firstName': {}, 'lastName': {}}
    assert tree(mask)['updates'] == {'entry': {}, 'editor': {}}
    assert tree(mask)['status'] == {}


def test_property_named_like_keyword_in_bare_list():
    assert tree(parse_mask('maskedValue,id')) == {'maskedValue': {}, 'id': {}}


def test_mask_equality():
    assert Mask() == Mask()
    assert parse_mask('mask[id]') != parse_mask('mask[title]')
    assert parse_mask('mask[id]') != parse_mask('filteredMask[id]')


@pytest.mark.parametrize('text', [
    'mask[id',
    'mask[id]]',
    'mask[]',
    'mask[id,]',
    'mask[,id]',
    'mask',
    'mask.',
    'mask,id',
    'mask[a..b]',
    'mask[status[]]',
    'mask[id;title]',
    'mask(SoftLayer_Ticket[id]',
    'mask()[id]',
    'mask[id][title]',
    ']',
    'id title',
])
def test_malformed_masks(text):
    with pytest.raises(ApiFault) as excinfo:
        parse_mask(text)
    assert_fault(excinfo, 'Unable to parse object mask. ', PARSER)
    assert excinfo.value.message.startswith('Unable to parse object mask. ')


def test_parse_error_names_the_position():
    with pytest.raises(ApiFault) as excinfo:
        parse_mask('mask[id,,title]')
    assert_fault(excinfo, "found ',' at position 8", PARSER)


# --------------------------------------------------------------------------- projection


def test_no_mask_renders_every_local_nulls_included():
    # Null properties stay in the data; the transport renders them ('' over XML-RPC, null over REST).
    assert project(make_ticket(), None) == {
        'id': 5, 'title': 'Disk failure', 'statusId': 1001, 'createDate': '2026-01-05T10:00:00-06:00',
        'assignedUserId': None}


def test_named_local_trims_the_level():
    assert project(make_ticket(), parse_mask('mask[id,status[name]]')) == {'id': 5, 'status': {'name': 'Open'}}


def test_only_relational_names_keep_all_locals():
    result = project(make_ticket(), parse_mask('mask[status]'))
    assert result == {'id': 5, 'title': 'Disk failure', 'statusId': 1001, 'createDate': '2026-01-05T10:00:00-06:00',
                      'assignedUserId': None, 'status': {'id': 1001, 'name': 'Open'}}


def test_count_and_flag_properties_keep_all_locals():
    result = project(make_ticket(), parse_mask('mask[updateCount,awaitingUserResponseFlag]'))
    assert result['updateCount'] == 1
    assert result['awaitingUserResponseFlag'] is False
    assert result['title'] == 'Disk failure'


def test_count_with_named_local():
    assert project(make_ticket(), parse_mask('mask[id,updateCount]')) == {'id': 5, 'updateCount': 1}


def test_list_relation_projects_each_element():
    result = project(make_ticket(), parse_mask('mask[id,attachedHardware[hostname]]'))
    assert result == {'id': 5, 'attachedHardware': [{'hostname': 'db01'}, {'hostname': 'db02'}]}


def test_empty_list_relation_stays_a_list():
    assert project(make_ticket(), parse_mask('mask[id,attachedVirtualGuests[id]]')) == {'id': 5, 'attachedVirtualGuests': []}


def test_null_relation_and_null_locals_are_kept_as_null():
    result = project(make_ticket(), parse_mask('mask[id,assignedUserId,finalComments,assignedUser[id]]'))
    assert result == {'id': 5, 'assignedUserId': None, 'finalComments': None, 'assignedUser': None}


def test_nested_null_relation_is_kept_as_null():
    assert project(make_ticket(), parse_mask('mask[id,updates[id,editor]]')) == {
        'id': 5, 'updates': [{'id': 90, 'editor': None}]}


def test_project_list_of_nodes():
    tickets = [make_ticket(), make_ticket()]
    assert project(tickets, parse_mask('mask.id')) == [{'id': 5}, {'id': 5}]


def test_projection_returns_independent_data():
    ticket = make_ticket()
    result = project(ticket, None)
    result['title'] = 'changed'
    assert ticket.local()['title'] == 'Disk failure'


@pytest.mark.parametrize('text, message', [
    ('mask[id,foo]', "Property 'foo' not valid for 'SoftLayer_Ticket'."),
    ('mask[foo]', "Property 'foo' not valid for 'SoftLayer_Ticket'."),
    ('mask[status[colour]]', "Property 'colour' not valid for 'SoftLayer_Ticket_Status'."),
    ('mask[attachedHardware[id,bogus]]', "Property 'bogus' not valid for 'SoftLayer_Hardware'."),
    ('mask[title[length]]', "Property 'length' not valid for 'SoftLayer_Ticket::title'."),
    ('mask[updateCount[id]]', "Property 'id' not valid for 'SoftLayer_Ticket::updateCount'."),
])
def test_unknown_properties_raise(text, message):
    with pytest.raises(ApiFault) as excinfo:
        project(make_ticket(), parse_mask(text))
    assert_fault(excinfo, message)


def test_unknown_property_under_null_relation_is_not_checked():
    """A null relation has no type to check against, so the API has nothing to render or reject."""
    assert project(make_ticket(), parse_mask('mask[id,assignedUser[nonsense]]')) == {'id': 5, 'assignedUser': None}
