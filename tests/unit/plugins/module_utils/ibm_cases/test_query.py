# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ibm_case_info's reads against the emulator: every page, filters, one case, grouping by host."""

from __future__ import annotations

import pytest

from ansible_collections.softlayer.support.plugins.module_utils.ibm_cases import reads
from ansible_collections.softlayer.support.plugins.module_utils.ibm_cases.query import cases_by_host, query_cases
from ansible_collections.softlayer.support.tests.unit.plugins.emulated_cloud import COS, CRN, EmulatedCloud


@pytest.fixture
def cloud():
    account = EmulatedCloud()
    yield account
    account.close()


def open_cases(cloud, count):
    service = cloud.client().service
    offering = {'name': COS, 'type': {'group': 'crn_service_name', 'key': 'cloud-object-storage'}}
    return [service.create_case('technical', 'Paging %d' % n, 'Paging test.', offering=offering,
                                resources=[{'crn': CRN}]).get_result()['number'] for n in range(count)]


def test_search_reads_every_page(cloud, monkeypatch):
    monkeypatch.setattr(reads, 'PAGE_SIZE', 2)
    numbers = open_cases(cloud, 5)
    cloud.forget_calls()
    found = query_cases(cloud.client(), search='Paging')
    assert sorted(case['number'] for case in found) == sorted(numbers)
    assert cloud.case_calls() == ['get_cases'] * 3


def test_status_filter_and_one_case_with_its_parts(cloud):
    number = open_cases(cloud, 1)[0]
    assert [c['number'] for c in query_cases(cloud.client(), search='Paging', statuses=['new'])] == [number]
    assert query_cases(cloud.client(), search='Paging', statuses=['resolved']) == []
    one = query_cases(cloud.client(), number=number)
    assert [r['crn'] for r in one[0]['resources']] == [CRN]


def test_offering_filter_is_checked_locally(cloud):
    open_cases(cloud, 1)
    assert len(query_cases(cloud.client(), search='Paging', offering='cloud-object-storage')) == 1
    assert query_cases(cloud.client(), search='Paging', offering='Virtual Private Cloud') == []


def test_cases_grouped_by_resource_name():
    cases = [{'number': 'CS1', 'resources': [{'name': 'web01.example.com'}]},
             {'number': 'CS2', 'resources': [{'name': 'web01.example.com'}, {'name': None, 'crn': 'crn:v1:x'}]}]
    assert cases_by_host(cases) == {'web01.example.com': ['CS1', 'CS2'], 'crn:v1:x': ['CS2']}
