#!/usr/bin/env python3
"""Generates a large org snapshot as Windows PowerShell 5.1 writes it:
2,000 servers (40 of them Exchange 2010 CAS), 6,000 service entries and
10,000 audit entries by default. Deterministic for a given seed.

usage: generate_snapshot.py OUT.json [--servers N] [--audit N] [--seed S]
"""
import argparse
import random

import ps51json

BUILDS = ['15.0.1367.3', '15.0.1497.2', '15.1.1415.2', '15.1.1713.5', '15.1.2507.6',
          '15.1.2507.37', '15.2.1118.7', '15.2.1544.4', '15.1.9999.1']
SERVICES = ('MSExchangeADTopology', 'W3SVC', 'WAS')
BASE_MS = 1795400000000  # 2026-11-22


def version_text(build):
    major, minor, b, rev = build.split('.')
    return 'Version %s.%s (Build %s.%s)' % (major, minor, b, rev)


def make(servers, audit, seed):
    rnd = random.Random(seed)
    cas2010 = max(1, servers // 50)
    names = ['EX10-%04d' % i for i in range(cas2010)] + \
            ['EX15-%04d' % i for i in range(servers - cas2010)]
    exchange, cas, services, exsetup = [], [], [], []
    for i, name in enumerate(names):
        build = '14.3.123.4' if i < cas2010 else rnd.choice(BUILDS)
        exchange.append({'Name': name, 'Fqdn': name.lower() + '.contoso.com',
                         'AdminDisplayVersion': version_text(build),
                         'ServerRole': 38 if i < cas2010 else 2,
                         'Site': 'contoso.com/Configuration/Sites/Site-%d' % (i % 12),
                         'Edition': 'Enterprise', 'IsE15OrLater': i >= cas2010})
        cas.append({'Name': name, 'IsOutOfService': i < cas2010 and rnd.random() < 0.1})
        for svc in SERVICES:
            started = BASE_MS - rnd.randint(0, 30 * 86400) * 1000
            services.append({'Server': name, 'Name': svc, 'Status': 4,
                             'StartTime': ps51json.ms_date(started)})
        if i >= cas2010:
            major, minor, b, rev = build.split('.')
            exsetup.append({'Server': name,
                            'FileVersion': '%02d.%02d.%04d.%03d' % (int(major), int(minor), int(b), int(rev))})
    entries = []
    for n in range(audit):
        target = names[rnd.randrange(cas2010)]
        value = 'True' if n % 2 else 'False'
        entries.append({'RunDate': ps51json.ms_date(BASE_MS - rnd.randint(0, 30 * 86400) * 1000),
                        'Caller': 'contoso.com/Users/admin%d' % (n % 7),
                        'CmdletName': 'Set-ClientAccessServer', 'ObjectModified': target,
                        'CmdletParameters': [{'Name': 'Identity', 'Value': target},
                                             {'Name': 'IsOutOfService', 'Value': value}],
                        'Succeeded': True})
    return {'schema': 'casdoctor.snapshot/1', 'collected_at': ps51json.ms_date(BASE_MS),
            'collected_on': names[-1], 'exchange_servers': exchange, 'client_access_servers': cas,
            'services': services, 'exsetup_versions': exsetup, 'audit': entries, 'errors': []}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('out')
    parser.add_argument('--servers', type=int, default=2000)
    parser.add_argument('--audit', type=int, default=10000)
    parser.add_argument('--seed', type=int, default=4294204)
    args = parser.parse_args()
    with open(args.out, 'w', newline='', encoding='utf-8') as f:
        f.write(ps51json.dumps(make(args.servers, args.audit, args.seed)) + '\r\n')


if __name__ == '__main__':
    main()
