import { describe, expect, it } from 'vitest';
import { createAddressGuard, isPrivateAddress, parseAllowEntry } from '../../src/resolve/address-guard.js';

describe('isPrivateAddress', () => {
  it.each([
    '127.0.0.1',
    '127.255.255.254',
    '10.0.0.1',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '100.127.255.255',
    '0.0.0.0',
    '224.0.0.1',
    '239.255.255.250',
    '240.0.0.1',
    '255.255.255.255',
    '192.0.2.10',
    '198.18.0.1',
    '::',
    '::1',
    '[::1]',
    'fc00::1',
    'fd12:3456:789a::1',
    'fe80::1',
    'fe80::1%eth0',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.1.2.3',
    '::ffff:169.254.169.254',
    '64:ff9b::a9fe:a9fe',
    '2002:c0a8:0101::1',
    '2001:db8::1',
  ])('%s is private', (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '93.184.216.34',
    '172.15.255.255',
    '172.32.0.1',
    '100.63.255.255',
    '100.128.0.1',
    '169.253.255.255',
    '192.169.0.1',
    '11.0.0.1',
    '223.255.255.255',
    '2606:4700:4700::1111',
    '2a00:1450:4001:800::200e',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:0808:0808::1',
    'example.org',
    '',
  ])('%s is not private', (address) => {
    expect(isPrivateAddress(address)).toBe(false);
  });
});

describe('parseAllowEntry', () => {
  it.each<[string, unknown]>([
    ['intranet.example', { kind: 'name', name: 'intranet.example' }],
    ['LOCALHOST', { kind: 'name', name: 'localhost' }],
    ['10.0.0.5', { kind: 'range', net: '10.0.0.5', prefix: 32, family: 'ipv4' }],
    ['10.0.0.0/8', { kind: 'range', net: '10.0.0.0', prefix: 8, family: 'ipv4' }],
    ['fd00::/8', { kind: 'range', net: 'fd00::', prefix: 8, family: 'ipv6' }],
    ['::1', { kind: 'range', net: '::1', prefix: 128, family: 'ipv6' }],
    ['10.0.0.0/33', null],
    ['10.0.0.0/x', null],
    ['10.0.0/8', null],
    ['999.1.1.1', null],
    ['a b', null],
    ['http://example.org', null],
    ['', null],
    ['1.2.3.4/8/9', null],
  ])('%j → %j', (entry, expected) => {
    expect(parseAllowEntry(entry)).toEqual(expected);
  });
});

describe('createAddressGuard', () => {
  const guard = createAddressGuard({ allowPrivate: false, allowHosts: ['intranet.example', '10.1.0.0/16', '192.168.5.5'] });

  it.each<[string, string, boolean]>([
    ['example.org', '93.184.216.34', false],
    ['example.org', '127.0.0.1', true],
    ['metadata.example', '169.254.169.254', true],
    ['127.0.0.1', '127.0.0.1', true],
    ['example.org', '::ffff:127.0.0.1', true],
    ['intranet.example', '10.9.9.9', false],
    ['INTRANET.example.', '10.9.9.9', false],
    ['other.example', '10.1.2.3', false],
    ['other.example', '::ffff:10.1.2.3', false],
    ['other.example', '10.2.0.1', true],
    ['other.example', '192.168.5.5', false],
    ['other.example', '192.168.5.6', true],
  ])('%s at %s refused: %s', (host, address, refused) => {
    expect(guard.refuses(host, address)).toBe(refused);
  });

  it('allows everything with allowPrivate', () => {
    const open = createAddressGuard({ allowPrivate: true, allowHosts: [] });
    expect(open.refuses('example.org', '127.0.0.1')).toBe(false);
    expect(open.refuses('example.org', '169.254.169.254')).toBe(false);
  });

  it('rejects an allowHosts entry it cannot read', () => {
    expect(() => createAddressGuard({ allowPrivate: false, allowHosts: ['10.0.0.0/99'] })).toThrow(/10\.0\.0\.0\/99/);
  });
});
