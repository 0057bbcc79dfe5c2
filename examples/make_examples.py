#!/usr/bin/env python3
"""Writes the example snapshots the way `casdoctor collect`'s script and
Windows PowerShell 5.1 write them (ConvertTo-Json layout, CRLF, \\/Date()\\/,
numeric enums). Run once after changing the story; the outputs are committed.

kb4294204-hit.json: EX2010 (2010 SP3 CAS) was set IsOutOfService $True on
2026-11-23 09:12 UTC and, as the KB's note suggests to make that take effect,
MSExchangeADTopology and IIS were restarted on the 2013/2016 servers at 09:17
and 09:18; back to $False at 10:40. EX16A (2016 CU8) has not restarted since:
stale. EX13A (2013 CU20) restarted MSExchangeADTopology after the revert but
not IIS: still stale. EX16B (2016 CU12) is fixed. Collected 2026-11-24 08:30,
before the 24 h the w3wp caches live (docs/exchange-behaviour.md).

healthy.json: the same org after the upgrade to 2016 CU23 and a 2019 server;
no IsOutOfService change in the audit window.
"""
import calendar
import datetime
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'bench'))
import ps51json  # noqa: E402

SITE = 'contoso.com/Configuration/Sites/Default-First-Site-Name'


def ms(text):
    t = datetime.datetime.strptime(text, '%Y-%m-%d %H:%M')
    return calendar.timegm(t.timetuple()) * 1000


def server(name, version, role):
    return {'Name': name, 'Fqdn': name.lower() + '.contoso.com',
            'AdminDisplayVersion': version, 'ServerRole': role, 'Site': SITE}


def service(srv, name, started):
    return {'Server': srv, 'Name': name, 'Status': 4, 'StartTime': ps51json.ms_date(ms(started))}


def audit(when, value):
    return {'RunDate': ps51json.ms_date(ms(when)), 'Caller': 'contoso.com/Users/Administrator',
            'CmdletName': 'Set-ClientAccessServer', 'ObjectModified': 'EX2010',
            'CmdletParameters': [{'Name': 'Identity', 'Value': 'EX2010'},
                                 {'Name': 'IsOutOfService', 'Value': value}],
            'Succeeded': True}


def snapshot(servers, cas, services, exsetup, entries):
    return {'schema': 'casdoctor.snapshot/1', 'collected_at': ps51json.ms_date(ms('2026-11-24 08:30')),
            'collected_on': 'EX16B', 'exchange_servers': servers, 'client_access_servers': cas,
            'services': services, 'exsetup_versions': exsetup, 'audit': entries, 'errors': []}


def hit():
    servers = [server('EX2010', 'Version 14.3 (Build 123.4)', 'Mailbox, ClientAccess, HubTransport'),
               server('EX16A', 'Version 15.1 (Build 1415.2)', 'Mailbox'),
               server('EX13A', 'Version 15.0 (Build 1367.3)', 'Mailbox, ClientAccess'),
               server('EX16B', 'Version 15.1 (Build 1713.5)', 'Mailbox')]
    cas = [{'Name': s['Name'], 'IsOutOfService': False} for s in servers]
    starts = {'EX16A': ('2026-11-23 09:17', '2026-11-23 09:18'),
              'EX13A': ('2026-11-23 10:55', '2026-11-23 09:18'),
              'EX16B': ('2026-11-23 09:17', '2026-11-23 09:18')}
    services = []
    for name, (topology, iis) in starts.items():
        services += [service(name, 'MSExchangeADTopology', topology), service(name, 'W3SVC', iis),
                     service(name, 'WAS', iis)]
    exsetup = [{'Server': 'EX16A', 'FileVersion': '15.01.1415.002'},
               {'Server': 'EX13A', 'FileVersion': '15.00.1367.003'},
               {'Server': 'EX16B', 'FileVersion': '15.01.1713.005'}]
    entries = [audit('2026-11-23 10:40', 'False'), audit('2026-11-23 09:12', 'True')]
    return snapshot(servers, cas, services, exsetup, entries)


def healthy():
    servers = [server('EX2010', 'Version 14.3 (Build 123.4)', 'Mailbox, ClientAccess, HubTransport'),
               server('EX16A', 'Version 15.1 (Build 2507.6)', 'Mailbox'),
               server('EX19A', 'Version 15.2 (Build 1544.4)', 'Mailbox')]
    cas = [{'Name': s['Name'], 'IsOutOfService': False} for s in servers]
    services = []
    for name in ('EX16A', 'EX19A'):
        services += [service(name, 'MSExchangeADTopology', '2026-11-20 02:00'),
                     service(name, 'W3SVC', '2026-11-20 01:59'), service(name, 'WAS', '2026-11-20 01:59')]
    exsetup = [{'Server': 'EX16A', 'FileVersion': '15.01.2507.037'},
               {'Server': 'EX19A', 'FileVersion': '15.02.1544.004'}]
    return snapshot(servers, cas, services, exsetup, [])


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    for name, doc in (('kb4294204-hit.json', hit()), ('healthy.json', healthy())):
        with open(os.path.join(here, name), 'w', newline='') as f:
            f.write(ps51json.dumps(doc) + '\r\n')


if __name__ == '__main__':
    main()
